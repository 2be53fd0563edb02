//! Why a form field is refused, in words every language of the inbox can
//! say: each refusal is one of [`REASONS`], an id and its English words
//! with `{count}`/`{what}`/`{name}` markers. The server answers in
//! English and names the reason ([`crate::protocol::Reason`]); the inbox
//! says `refusal-<id>` of `site/locales/` in its language, filled with the
//! same values. A test holds the English here and in `en.ftl` equal.

use crate::protocol::Reason;
use crate::texts::fill;

/// A refusal about one field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    /// In English (what the server answers, and the log says).
    pub message: String,
    /// Which of [`REASONS`], and the values of its markers.
    pub reason: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    /// The reason as the protocol carries it.
    pub fn reason(&self) -> Reason {
        let args = self.args.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        Reason { id: self.reason.to_owned(), args }
    }
}

/// Every reason, its id and its English words.
pub const REASONS: [(&str, &str); 71] = [
    ("empty", "This cannot be empty."),
    ("at-most-chars", "Use at most {count} characters."),
    ("printable", "Use letters, digits, spaces and punctuation only."),
    ("visible", "Use at least one visible letter, digit or sign."),
    ("not-bot", "A person's name cannot say “bot”: visitors would take them for the chatbot."),
    ("login-length", "Use 3 to {count} characters."),
    ("login-chars", "Use letters, digits and . _ - @ + only."),
    ("login-taken", "This login is taken."),
    ("at-least-chars", "Use at least {count} characters."),
    ("wrong-password", "This is not your current password."),
    ("shortcut-empty", "Choose a shortcut, like “thanks”."),
    ("shortcut-chars", "Use letters, digits, “-” and “_” only (no spaces)."),
    ("reply-empty", "Write the reply it inserts."),
    ("message-limit", "Use at most {count} characters (a message's limit)."),
    ("canned-limit", "A workspace keeps at most {count} canned responses."),
    ("in-language", "{what}: {name}"),
    ("two-welcomes", "{what} has two welcome messages."),
    ("not-origin", "“{what}” is not a website origin like https://shop.example."),
    ("websites-limit", "List at most {count} websites."),
    ("inactivity", "Choose between 1 second and 24 hours."),
    ("email", "Enter an email address like name@example.com."),
    ("answer-where", "Say where to answer."),
    ("capacity", "Choose between 1 and {count} conversations."),
    ("reassign", "Choose at most one hour (0 turns it off)."),
    ("not-language", "“{what}” is not a language code."),
    ("not-enabled", "{what} is not enabled in this workspace."),
    ("not-offered", "{what} is not a language Switchboard offers yet."),
    ("one-language", "Enable at least one language."),
    ("inbox-language", "The inbox does not speak that language."),
    ("date", "Choose a date."),
    ("search-length", "Search for at most {count} characters."),
    ("search-words", "Search for letters or digits."),
    ("day-after", "Choose a day after the first."),
    ("no-channel", "No such channel."),
    ("no-operator", "No such operator."),
    ("no-visitor", "No such visitor."),
    ("no-page", "No such page."),
    ("rating", "Choose a rating."),
    ("keep-days", "Choose at most {count} days (0 keeps everything)."),
    ("file-size", "Choose a size from 1 to {count} MB."),
    ("file-kind", "“{what}” is not a kind of file offered."),
    ("unknown-operator", "There is no operator “{what}”."),
    ("unknown-expertise", "There is no expertise “{what}”."),
    ("expertise-taken", "An expertise with this name exists."),
    ("unknown-script", "There is no chatbot script “{what}”."),
    ("more-problems", "… and {count} more problems."),
    ("script-steps", "Use at most {count} steps (this script has {what})."),
    ("step-name-long", "The step “{name}” has a name longer than {count} characters."),
    ("question-answers", "The question “{name}” has {what} answers: use at most {count}."),
    ("answer-expertise-count", "An answer of “{name}” asks for {what} expertise: use at most {count}."),
    ("translations-count", "A text of “{name}” has {what} translations: use at most {count}."),
    ("text-long", "A text of “{name}” is longer than {count} characters."),
    ("script-name-empty", "Give the script a name."),
    ("script-name", "The script's name: {name}"),
    ("bot-name-empty", "Give the bot a name: visitors see it."),
    ("bot-name", "The bot's name: {name}"),
    ("no-steps", "Add at least one step."),
    ("step-unnamed", "Every step needs a name."),
    ("steps-same-name", "Two steps are named “{name}”."),
    ("question-no-answer", "The question “{name}” needs at least one answer."),
    ("answer-no-text", "An answer of “{name}” has no text."),
    ("answer-jump", "The answer “{what}” of “{name}” leads to “{to}”, which is not a step."),
    ("forward-jump", "“{name}” goes to “{to}” when nobody is available, which is not a step."),
    ("says-nothing", "The step “{name}” says nothing."),
    ("unreachable", "The step “{name}” can never be reached."),
    ("endless", "The steps {what} go round forever without waiting for the visitor."),
    ("default-language", "“{what}” is not a language."),
    ("answer-unknown-expertise", "The answer “{name}” asks for an expertise that does not exist ({what})."),
    ("text-not-enabled", "“{name}” has a text in {what}, which is not enabled in this workspace."),
    ("not-joined", "They have not joined this channel."),
    ("has-it", "{name} has this conversation already."),
];

/// Refuses `field` for `reason` (one of [`REASONS`]), its markers filled
/// with `args`.
pub fn refuse(field: &'static str, reason: &'static str, args: &[(&'static str, String)]) -> FieldError {
    let template = REASONS.iter().find(|(id, _)| *id == reason).map_or(reason, |(_, t)| t);
    let message = args.iter().fold(template.to_owned(), |text, (var, value)| fill(&text, var, value));
    FieldError { field, message, reason, args: args.to_vec() }
}

/// `inner` said of a part (`reason`, whose `{name}` is `inner`'s words;
/// the inbox says `inner` first, from the `reason` argument).
pub fn within(
    field: &'static str,
    reason: &'static str,
    args: &[(&'static str, String)],
    inner: FieldError,
) -> FieldError {
    let mut e = refuse(field, reason, &[args, &[("name", inner.message)]].concat());
    e.args.push(("reason", inner.reason.to_owned()));
    e.args.extend(inner.args);
    e
}

/// `inner`, said of the text in the language named `language`.
pub fn in_language(field: &'static str, language: String, inner: FieldError) -> FieldError {
    within(field, "in-language", &[("what", language)], inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_fills_its_markers_and_names_its_reason() {
        let e = refuse("name", "at-most-chars", &[("count", "80".into())]);
        assert_eq!(e.message, "Use at most 80 characters.");
        assert_eq!(
            (e.reason().id.as_str(), e.reason().args),
            ("at-most-chars", vec![("count".into(), "80".into())])
        );
        let nested = in_language("welcomes", "Deutsch".into(), e);
        assert_eq!(nested.message, "Deutsch: Use at most 80 characters.");
    }

    #[test]
    fn every_reason_has_its_own_id() {
        for (i, (id, _)) in REASONS.iter().enumerate() {
            assert!(!REASONS[..i].iter().any(|(other, _)| other == id), "{id} twice");
        }
    }
}
