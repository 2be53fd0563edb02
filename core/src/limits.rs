//! Every limit the product enforces, named once so the Worker, the widget and
//! the inbox agree on them (and tests can refer to them instead of literals).

/// Longest message text, in characters (Unicode scalar values).
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// Longest identifier (conversation, channel, client message id), in bytes.
pub const MAX_ID_LEN: usize = 64;

/// Longest login, in characters (logins are plain ASCII).
pub const MAX_LOGIN_CHARS: usize = 64;

/// Most browser languages kept from a visitor's `navigator.languages`.
pub const MAX_LANGUAGES: usize = 8;

/// Longest language tag kept, in bytes (BCP 47 tags are short in practice).
pub const MAX_LANGUAGE_TAG_LEN: usize = 35;

/// Longest frame the server parses, in bytes; larger frames are refused.
pub const MAX_FRAME_BYTES: usize = 32 * 1024;

/// The largest request body anyone may send the API (a chatbot script is the
/// largest there is); larger is refused before it is read or parsed.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest comment with a rating, in characters.
pub const MAX_RATING_COMMENT_CHARS: usize = 1_000;

/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// Conversations an operator holds at once unless the workspace says otherwise.
pub const DEFAULT_CAPACITY: u32 = 5;

/// The most a workspace may set as conversations per operator.
pub const MAX_CAPACITY: u32 = 50;

/// Seconds an assigned conversation may go unanswered before it is offered
/// to the next operator (0: never).
pub const DEFAULT_REASSIGN_AFTER_S: u32 = 60;

/// Seconds without activity after which an operator leaves a channel, and a
/// conversation stops counting as ongoing (Odoo's 30 minutes).
pub const DEFAULT_INACTIVITY_TIMEOUT_S: u32 = 30 * 60;

/// A visitor may send at most this many messages per [`VISITOR_WINDOW_MS`];
/// more are refused (`ErrorCode::RateLimited`) and the widget sends them
/// again once the window has passed.
pub const VISITOR_BURST: usize = 8;
pub const VISITOR_WINDOW_MS: i64 = 10_000;

/// How long an operator whose inbox tabs all closed still counts as online.
pub const OFFLINE_GRACE_MS: i64 = 60_000;

/// Longest shortcut of a canned response (what follows `::`).
pub const MAX_SHORTCUT_CHARS: usize = 32;

/// How many canned responses a workspace keeps.
pub const MAX_CANNED_RESPONSES: usize = 500;

/// How much of a page's address the inbox is told.
pub const MAX_PAGE_CHARS: usize = 500;
/// How many of the pages a visitor went through a conversation keeps.
pub const PAGES_KEPT: usize = 10;

/// Most steps in a chatbot script.
pub const MAX_SCRIPT_STEPS: usize = 100;

/// Most answers to one question of a chatbot script.
pub const MAX_SCRIPT_ANSWERS: usize = 10;

/// Most expertise one answer of a chatbot script may ask for.
pub const MAX_ANSWER_EXPERTISE: usize = 5;

/// Most translations of one text of a chatbot script.
pub const MAX_TRANSLATIONS: usize = 20;

/// Longest text of a chatbot script (a step's or an answer's, in any
/// language), in characters.
pub const MAX_SCRIPT_TEXT_CHARS: usize = 1_000;

/// Most problems a refused script is told, with how many more there are.
pub const MAX_PROBLEMS_TOLD: usize = 20;

/// What one client address may start per minute (the platform's
/// rate-limiting bindings of `wrangler.toml` say the same; a test checks
/// they agree): new conversations, new workspaces, log-in attempts.
pub const STARTS_PER_MINUTE: u32 = 30;
pub const SIGNUPS_PER_MINUTE: u32 = 10;
pub const LOGINS_PER_MINUTE: u32 = 30;
/// Files one client address may upload a minute.
pub const UPLOADS_PER_MINUTE: u32 = 30;
/// What the visitors of one client address may send a minute, across all
/// their conversations (each conversation has its own burst limit too).
pub const VISITOR_MESSAGES_PER_MINUTE: u32 = 60;

/// The shortest gap between two `typing` frames of one socket that are
/// passed on (clients send one every 3 s while their person types).
pub const MIN_TYPING_GAP_MS: i64 = 2_000;

/// How long an operator's session lasts without logging in again.
pub const SESSION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

/// How long an invitation link works (it works once).
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

/// A site's user id given to `Switchboard.setUser` (characters).
pub const MAX_USER_ID_CHARS: usize = 128;

/// A file sent in a conversation, unless its channel says otherwise (bytes).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The most a channel's admin may allow for one file (MB).
pub const MAX_FILE_MB: u32 = 25;
/// Files in one message.
pub const MAX_FILES_PER_MESSAGE: usize = 5;
/// A file's name as shown and served (characters).
pub const MAX_FILE_NAME_CHARS: usize = 120;
/// Files uploaded to one conversation.
pub const MAX_FILES_PER_CONVERSATION: usize = 100;

/// Devices one operator may have notified by Web Push (the oldest goes
/// when one more subscribes).
pub const MAX_PUSH_DEVICES: usize = 10;
/// A push endpoint's length (push services' URLs are a few hundred).
pub const MAX_PUSH_ENDPOINT_CHARS: usize = 1_000;
/// How much of a message a push shows (a notification has room for little).
pub const PUSH_PREVIEW_CHARS: usize = 120;
