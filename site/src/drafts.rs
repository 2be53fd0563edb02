//! What the operator is writing in each conversation, kept by the shell:
//! the chat window and Discuss show the same draft, so opening a
//! conversation elsewhere (or moving between pages) loses nothing typed.

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_core::ids::ConversationId;

#[derive(Clone, Copy)]
pub struct Drafts {
    by_conversation: StoredValue<HashMap<ConversationId, RwSignal<String>>>,
    owner: StoredValue<Owner>,
}

impl Drafts {
    /// Makes the drafts, living as long as the calling owner (the shell).
    pub fn provide() {
        let owner = Owner::current().expect("the shell provides the drafts");
        provide_context(Drafts {
            by_conversation: StoredValue::new(HashMap::new()),
            owner: StoredValue::new(owner),
        });
    }

    /// The draft of `id`, the same signal wherever the conversation shows.
    pub fn of(self, id: &ConversationId) -> RwSignal<String> {
        if let Some(draft) = self.by_conversation.with_value(|d| d.get(id).copied()) {
            return draft;
        }
        let draft = self.owner.with_value(|o| o.with(|| RwSignal::new(String::new())));
        self.by_conversation.update_value(|d| {
            d.insert(id.clone(), draft);
        });
        draft
    }
}
