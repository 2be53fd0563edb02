//! What an operator types in a conversation that is not (yet) a message:
//! `::shortcut` to pick a canned response, and slash commands (`/help`,
//! `/close`, `/transfer NAME`).
//!
//! The inbox's composer asks these functions what the draft means; they
//! hold the rules (what counts as a query, how the list is ordered, what a
//! command line says) so they are tested natively, apart from the view.

use crate::protocol::CannedResponse;

/// The canned-response query the draft ends with: the word after its last
/// `::`, when nothing but letters, digits, `-` or `_` follow it (possibly
/// nothing yet).
pub fn canned_query(draft: &str) -> Option<&str> {
    let at = draft.rfind("::")?;
    let query = &draft[at + 2..];
    query.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_').then_some(query)
}

/// The responses for `query`: shortcuts starting with it first, then
/// shortcuts containing it, then texts containing it (case ignored), each
/// group in the list's order.
pub fn matching<'a>(responses: &'a [CannedResponse], query: &str) -> Vec<&'a CannedResponse> {
    let q = query.to_lowercase();
    let rank = |r: &CannedResponse| {
        let shortcut = r.shortcut.to_lowercase();
        if shortcut.starts_with(&q) {
            Some(0)
        } else if shortcut.contains(&q) {
            Some(1)
        } else if r.text.to_lowercase().contains(&q) {
            Some(2)
        } else {
            None
        }
    };
    let mut found: Vec<(u8, &CannedResponse)> =
        responses.iter().filter_map(|r| rank(r).map(|k| (k, r))).collect();
    found.sort_by_key(|(k, _)| *k);
    found.into_iter().map(|(_, r)| r).collect()
}

/// The draft with its trailing `::query` replaced by `text`.
pub fn insert_canned(draft: &str, text: &str) -> String {
    match draft.rfind("::") {
        Some(at) if canned_query(draft).is_some() => format!("{}{text}", &draft[..at]),
        _ => format!("{draft}{text}"),
    }
}

/// A command line, as the composer reads a draft starting with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// List the commands.
    Help,
    /// End the conversation.
    Close,
    /// Hand the conversation to the operator named so.
    Transfer(String),
    /// `/transfer` with nobody named.
    TransferWhom,
    /// Not a command: its name, as typed.
    Unknown(String),
}

/// The commands, with what each does, for `/help`.
pub const COMMANDS: [(&str, &str); 3] = [
    ("/help", "list these commands"),
    ("/close", "end the conversation (the visitor may rate it)"),
    ("/transfer NAME", "hand the conversation to a colleague of this channel"),
];

/// The command in `draft`, if it is one (starts with `/`; `//` writes a
/// message starting with `/`).
pub fn command(draft: &str) -> Option<Command> {
    let line = draft.trim();
    let rest = line.strip_prefix('/').filter(|r| !r.starts_with('/'))?;
    let (name, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let arg = arg.trim();
    Some(match name.to_lowercase().as_str() {
        "help" => Command::Help,
        "close" => Command::Close,
        "transfer" if arg.is_empty() => Command::TransferWhom,
        "transfer" => Command::Transfer(arg.to_owned()),
        other => Command::Unknown(other.to_owned()),
    })
}

/// The message a draft becomes when it is not a command: `//x` is sent as `/x`.
pub fn message_text(draft: &str) -> &str {
    let line = draft.trim();
    if line.starts_with("//") {
        &line[1..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canned(shortcut: &str, text: &str) -> CannedResponse {
        CannedResponse { shortcut: shortcut.into(), text: text.into() }
    }

    #[test]
    fn the_query_is_the_word_after_the_last_double_colon() {
        assert_eq!(canned_query("Hello ::"), Some(""));
        assert_eq!(canned_query("Hello ::than"), Some("than"));
        assert_eq!(canned_query("a::b ::re-fund_2"), Some("re-fund_2"));
        assert_eq!(canned_query("::thanks and more"), None, "a space ends it");
        assert_eq!(canned_query("no colons"), None);
    }

    #[test]
    fn shortcuts_starting_with_the_query_come_first_then_containing_it_then_texts() {
        let list = [
            canned("refund", "Your refund is on its way."),
            canned("thanks", "Thank you for your patience."),
            canned("hours", "We are open 9 to 5; thanks for asking."),
            canned("bye-thanks", "Goodbye!"),
        ];
        let shortcuts = |q: &str| matching(&list, q).iter().map(|r| r.shortcut.as_str()).collect::<Vec<_>>();
        assert_eq!(shortcuts("th"), ["thanks", "bye-thanks", "hours"]);
        assert_eq!(shortcuts("REF"), ["refund"]);
        assert_eq!(shortcuts(""), ["refund", "thanks", "hours", "bye-thanks"], "everything, in order");
        assert!(shortcuts("zzz").is_empty());
    }

    #[test]
    fn inserting_replaces_the_query_only() {
        assert_eq!(insert_canned("Hi! ::tha", "Thank you."), "Hi! Thank you.");
        assert_eq!(insert_canned("::", "Hello"), "Hello");
        assert_eq!(insert_canned("Hi", " there"), "Hi there");
    }

    #[test]
    fn commands_are_read_from_the_draft() {
        assert_eq!(command("/help"), Some(Command::Help));
        assert_eq!(command("  /CLOSE "), Some(Command::Close));
        assert_eq!(command("/transfer  Olga Petrova "), Some(Command::Transfer("Olga Petrova".into())));
        assert_eq!(command("/transfer"), Some(Command::TransferWhom));
        assert_eq!(command("/shrug"), Some(Command::Unknown("shrug".into())));
        assert_eq!(command("Hello /close"), None);
        assert_eq!(command("//close is a command"), None);
        assert_eq!(message_text("//close is a command"), "/close is a command");
        assert_eq!(message_text(" plain "), "plain");
    }
}
