//! The widget's HTTP bodies: starting a conversation, what the widget shows
//! before one starts, and its words in the visitor's language.

use super::*;

/// `POST /api/conversations`: a visitor opens a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartConversation {
    pub channel: ChannelId,
    /// `navigator.languages` as the browser gave them.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The visitor's browser on this site, if the widget knows it.
    #[serde(default)]
    pub visitor: Option<VisitorId>,
    /// From the site's `Switchboard.setUser` (unchecked: the edge keeps
    /// only valid values).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The site's id for its logged-in user, and its HMAC-SHA256 under the
    /// channel's identity secret in hex (`crate::identity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_hash: Option<String>,
    /// Left while nobody was online: the visitor expects an answer by email
    /// (then `email` is required and checked).
    #[serde(default)]
    pub offline: bool,
}

/// `Switchboard.setUser({id, hash, name, email})`, as the widget keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorUser {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub hash: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// Who the site says the visitor is: its user id, and whether the site
/// signed it (`crate::identity`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VisitorIdentity {
    pub id: String,
    pub verified: bool,
}

/// Answer to [`StartConversation`]. The token is the visitor's only key to the
/// conversation: the widget keeps it in the host site's local storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationStarted {
    pub conversation: ConversationId,
    pub token: String,
}

/// `GET /api/channels/:id/public`: what the widget shows before a
/// conversation starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPublic {
    pub name: String,
    /// In the visitor's language (`?lang=`) if the channel has it; may be
    /// empty.
    pub welcome: String,
    /// Whether any operator is online (else the widget offers to leave a
    /// message).
    pub online: bool,
}

/// `GET /api/widget/texts?lang=…`: the widget's words for a visitor's
/// languages (the same for every channel, so asked apart and cached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetLocale {
    /// The language chosen (BCP 47), for the widget's `lang` attribute.
    pub lang: String,
    /// True when `lang` is written right to left.
    pub rtl: bool,
    pub texts: WidgetTexts,
}

/// Declares [`WidgetTexts`]: one `String` per message of the widget's message
/// files, in this order. On the wire it is a JSON array in the same order
/// (named fields would cost the widget's decoder about 20 KB of wasm).
macro_rules! widget_texts {
    ($($field:ident),* $(,)?) => {
        /// The widget's own words in one language, from the message files in
        /// `widget/locales/` (see [`crate::texts`]): the field `too_long` is
        /// the message `too-long`. Placeholders such as `{name}` are left for
        /// the widget to fill with [`crate::texts::fill`].
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "Vec<String>", into = "Vec<String>")]
        pub struct WidgetTexts {
            $(pub $field: String,)*
        }

        impl WidgetTexts {
            /// The message ids, in wire order.
            pub const IDS: &'static [&'static str] = &[$(stringify!($field),)*];
        }

        impl From<Vec<String>> for WidgetTexts {
            fn from(list: Vec<String>) -> Self {
                let mut list = list.into_iter();
                WidgetTexts { $($field: list.next().unwrap_or_default(),)* }
            }
        }

        impl From<WidgetTexts> for Vec<String> {
            fn from(t: WidgetTexts) -> Self {
                vec![$(t.$field,)*]
            }
        }
    };
}

widget_texts!(
    launcher,
    title,
    messages_label,
    you,
    sending,
    seen,
    end_chat,
    ended_by_you,
    ended_by,
    chatting_with,
    queue_place,
    queue_within,
    waiting,
    typing,
    connecting,
    reconnecting,
    offline,
    retry_now,
    message_label,
    placeholder,
    send,
    too_long,
    unreachable,
    not_connected,
    rate_limited,
    too_many_starts,
    conversation_ended,
    site_not_allowed,
    channel_unknown,
    server_problem,
    nobody_online,
    email_label,
    email_invalid,
    leave_message,
    offline_sent,
    rate_question,
    rate_good,
    rate_ok,
    rate_bad,
    rate_comment,
    rate_send,
    rate_thanks,
    transcript,
    identity_unverified,
    attach,
    file_too_large,
    file_type,
    unread,
    hide,
);
