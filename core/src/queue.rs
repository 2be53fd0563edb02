//! A channel's queue rules beside the assignment policy: who may transfer a
//! conversation and where it goes, and when the channel's one alarm must
//! next ring. The `ChannelDo` reads what these need from its tables, asks,
//! and carries out the answer.

/// A conversation as a transfer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held<'a> {
    /// Who has it now (a login), if anyone.
    pub operator: Option<&'a str>,
    pub closed: bool,
    /// Operators who passed it on before (not offered it again).
    pub passed: &'a [String],
}

/// Why a transfer is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The conversation has ended.
    Ended,
    /// Only the operator who has it, or an admin, may transfer it.
    NotTheirs,
    /// The operator it would go to has not joined the channel.
    NotJoined,
    /// The operator it would go to has it already (their name).
    HasItAlready(String),
}

/// Where a transfer sends a conversation: to `to` (a login), or back to the
/// queue; `passed` is who is not to be offered it again from now on (whoever
/// had it, but never the one it goes to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub to: Option<String>,
    pub passed: Vec<String>,
}

/// `by` (an admin or not) asks to hand `held` to `to`, or back to the queue
/// (`None`); `joined` names a member of the channel by login.
pub fn transfer(
    held: &Held,
    by: &str,
    admin: bool,
    to: Option<&str>,
    joined: impl Fn(&str) -> Option<String>,
) -> Result<Transfer, Refusal> {
    if held.closed {
        return Err(Refusal::Ended);
    }
    if !admin && held.operator != Some(by) {
        return Err(Refusal::NotTheirs);
    }
    let mut passed = held.passed.to_vec();
    passed.extend(held.operator.map(str::to_owned));
    if let Some(login) = to {
        let name = joined(login).ok_or(Refusal::NotJoined)?;
        if held.operator == Some(login) {
            return Err(Refusal::HasItAlready(name));
        }
        passed.retain(|p| p != login);
    }
    Ok(Transfer { to: to.map(str::to_owned), passed })
}

/// What the channel's deadlines depend on, read from its tables (times in
/// ms since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clocks {
    /// The longest-idle member's last activity.
    pub oldest_activity: Option<i64>,
    /// The oldest assignment of an ongoing conversation not yet answered.
    pub oldest_unanswered: Option<i64>,
    /// The oldest last activity of an ongoing assigned conversation.
    pub oldest_ongoing: Option<i64>,
    /// Whether any conversation waits in the queue.
    pub anyone_waiting: bool,
}

/// When the channel's alarm must next ring, if ever: a member's inactivity
/// running out (`timeout_ms`), an assigned conversation unanswered for
/// `reassign_after_ms` (0: never reassigned), or — only while some wait — an
/// ongoing conversation going stale, which frees a slot.
pub fn next_alarm(c: &Clocks, timeout_ms: i64, reassign_after_ms: i64) -> Option<i64> {
    let inactive = c.oldest_activity.map(|t| t + timeout_ms);
    let unanswered = c.oldest_unanswered.filter(|_| reassign_after_ms > 0).map(|t| t + reassign_after_ms);
    let stale = c.oldest_ongoing.filter(|_| c.anyone_waiting).map(|t| t + timeout_ms + 1);
    [inactive, unanswered, stale].into_iter().flatten().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(login: &str) -> Option<String> {
        match login {
            "ana" => Some("Ana".into()),
            "bo" => Some("Bo".into()),
            _ => None,
        }
    }

    fn held<'a>(operator: Option<&'a str>, passed: &'a [String]) -> Held<'a> {
        Held { operator, closed: false, passed }
    }

    #[test]
    fn its_operator_hands_it_to_a_colleague_and_is_not_offered_it_again() {
        let t = transfer(&held(Some("ana"), &[]), "ana", false, Some("bo"), names);
        assert_eq!(t, Ok(Transfer { to: Some("bo".into()), passed: vec!["ana".into()] }));
    }

    #[test]
    fn back_to_the_queue() {
        let t = transfer(&held(Some("ana"), &[]), "ana", false, None, names);
        assert_eq!(t, Ok(Transfer { to: None, passed: vec!["ana".into()] }));
    }

    #[test]
    fn one_who_passed_it_before_may_be_given_it_again() {
        let before = ["bo".to_owned()];
        let t = transfer(&held(Some("ana"), &before), "ana", false, Some("bo"), names);
        assert_eq!(t, Ok(Transfer { to: Some("bo".into()), passed: vec!["ana".into()] }));
    }

    #[test]
    fn refusals() {
        let ended = Held { operator: Some("ana"), closed: true, passed: &[] };
        assert_eq!(transfer(&ended, "ana", true, None, names), Err(Refusal::Ended));
        assert_eq!(transfer(&held(Some("ana"), &[]), "bo", false, None, names), Err(Refusal::NotTheirs));
        assert_eq!(transfer(&held(None, &[]), "bo", false, None, names), Err(Refusal::NotTheirs), "waiting");
        assert_eq!(
            transfer(&held(Some("ana"), &[]), "ana", false, Some("cy"), names),
            Err(Refusal::NotJoined)
        );
        assert_eq!(
            transfer(&held(Some("ana"), &[]), "zed", true, Some("ana"), names),
            Err(Refusal::HasItAlready("Ana".into()))
        );
    }

    #[test]
    fn an_admin_may_transfer_anyones_even_a_waiting_one() {
        let t = transfer(&held(None, &[]), "zed", true, Some("ana"), names);
        assert_eq!(t, Ok(Transfer { to: Some("ana".into()), passed: vec![] }));
    }

    #[test]
    fn the_alarm_rings_for_the_earliest_deadline() {
        let (timeout, reassign) = (1_800_000, 60_000);
        let c = Clocks { oldest_activity: Some(1_000), ..Clocks::default() };
        assert_eq!(next_alarm(&c, timeout, reassign), Some(1_801_000), "inactivity");
        let c = Clocks { oldest_activity: Some(1_000), oldest_unanswered: Some(5_000), ..c };
        assert_eq!(next_alarm(&c, timeout, reassign), Some(65_000), "unanswered first");
        assert_eq!(next_alarm(&c, timeout, 0), Some(1_801_000), "reassignment off");
        assert_eq!(next_alarm(&Clocks::default(), timeout, reassign), None, "nothing to wait for");
    }

    #[test]
    fn a_conversation_going_stale_matters_only_while_some_wait() {
        let (timeout, reassign) = (1_800_000, 60_000);
        let c = Clocks { oldest_ongoing: Some(0), ..Clocks::default() };
        assert_eq!(next_alarm(&c, timeout, reassign), None);
        let c = Clocks { anyone_waiting: true, ..c };
        assert_eq!(next_alarm(&c, timeout, reassign), Some(1_800_001));
    }
}
