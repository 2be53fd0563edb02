//! The widget's state: a [`Widget`] handle, which the panel's parts (in
//! `panel`, `ending` and `files`) hold and `mount` makes. It joins,
//! starts and leaves conversations and asks the Worker for the channel's
//! news and the visitor's texts. Events go back through the loader's `emit`.
//!
//! Every word the visitor reads comes from the texts the Worker sends in
//! their language ([`WidgetLocale`]); [`Widget::t`] picks one. The panel is
//! drawn again when the language changes, so its parts take plain strings.
//!
//! Sending joins the stored conversation first if set-up has not yet
//! ([`Widget::resume`]), and the outbox in storage is written only from a
//! conversation's log, so a message typed before set-up ends is neither lost
//! nor sent twice. While the panel is open and no conversation is going on,
//! the widget asks every 5 s whether anyone is online, so the
//! leave-a-message form and the chat follow operators coming and going (the
//! draft stays).

use leptos::prelude::*;
use switchboard_core::ids::ChannelId;
use switchboard_core::protocol::{ChannelPublic, ErrorCode, WidgetLocale, WidgetTexts};
use switchboard_core::texts::fill;
use wasm_bindgen::prelude::*;

use crate::visitor;
use switchboard_browser::chat::{put_back, Chat, Over, Problem};
use switchboard_browser::socket::ws_url;

pub(crate) const CSS: &str = include_str!("widget.css");

/// The widget's English texts, in `WidgetTexts` order, written by `build.rs`
/// from `locales/en.ftl`.
const ENGLISH: &[&str] = include!(concat!(env!("OUT_DIR"), "/en.rs"));
const _: () = assert!(ENGLISH.len() == WidgetTexts::IDS.len(), "en.ftl has every widget text");

/// The built-in English: no storage read and no parsing at mount.
pub(crate) fn english() -> WidgetLocale {
    let texts: Vec<String> = ENGLISH.iter().map(|t| t.to_string()).collect();
    WidgetLocale { lang: "en".into(), rtl: false, texts: texts.into() }
}

/// Shared widget state, `Copy` so every part of the panel can hold it.
#[derive(Clone, Copy)]
pub struct Widget {
    pub(crate) base: StoredValue<String>,
    pub(crate) channel: StoredValue<ChannelId>,
    pub open: RwSignal<bool>,
    pub chat: RwSignal<Option<Chat>, LocalStorage>,
    pub starting: RwSignal<bool>,
    pub problem: RwSignal<Option<Problem>>,
    /// The channel's name, welcome message and whether anyone is online.
    pub channel_info: RwSignal<Option<ChannelPublic>>,
    /// The widget's texts, in the visitor's language (English until it is
    /// known).
    pub locale: RwSignal<WidgetLocale>,
    /// Focus moves between these two: into the panel when it opens, back to
    /// the launcher (the loader's button) when Esc closes it.
    pub launcher: StoredValue<web_sys::HtmlElement, LocalStorage>,
    pub message: StoredValue<Option<web_sys::HtmlTextAreaElement>, LocalStorage>,
    /// The loader's `emit(event, detail)`, for the page's listeners.
    pub(crate) emit: StoredValue<js_sys::Function, LocalStorage>,
    /// `Switchboard.setLocale`: the language to use before the browser's.
    pub(crate) preferred: RwSignal<Option<String>>,
    /// What the visitor is typing; a message that could not start a
    /// conversation comes back here rather than being lost.
    pub draft: RwSignal<String>,
    /// The address a message left while nobody was online will be answered at.
    pub left_for: RwSignal<Option<String>>,
    /// The panel's style sheet, until [`Widget::style`] puts it in the shadow
    /// root (parsing it is main-thread work the launcher does not need).
    pub(crate) unstyled: StoredValue<Option<(web_sys::ShadowRoot, web_sys::Element)>, LocalStorage>,
    /// The conversation's files fetched so far: their ids and URLs in the
    /// browser's memory (see `files`).
    pub(crate) shown: StoredValue<Vec<crate::files::Shown>, LocalStorage>,
    /// The widget's reactive root, which lives as long as the page.
    pub(crate) root: StoredValue<Owner>,
}

impl Widget {
    /// Puts the panel's style sheet in place, once: in a task after mount, or
    /// when the panel is first drawn if that comes sooner.
    pub fn style(self) {
        if let Some((root, style)) = self.unstyled.try_update_value(Option::take).flatten() {
            let _ = root.append_child(&style);
        }
    }

    /// One of the widget's texts in the visitor's language.
    pub fn t(self, pick: fn(&WidgetTexts) -> &String) -> String {
        self.locale.with(|l| pick(&l.texts).clone())
    }

    /// What to tell the visitor about `problem`, in their language (nothing
    /// for a refusal the widget recovers from by itself).
    pub fn say(self, problem: &Problem) -> Option<String> {
        let pick: fn(&WidgetTexts) -> &String = match problem {
            Problem::Refused(ErrorCode::RateLimited) => |t| &t.rate_limited,
            Problem::Refused(ErrorCode::Closed) => |t| &t.conversation_ended,
            Problem::Refused(ErrorCode::InvalidMessage | ErrorCode::TooLarge) => |t| &t.too_long,
            // The conversation is gone: the widget starts afresh.
            Problem::Refused(ErrorCode::Unauthorized | ErrorCode::BadResume) => return None,
            Problem::Refused(_) => |t| &t.server_problem,
            Problem::NotConnected => |t| &t.not_connected,
            Problem::Unreachable => |t| &t.unreachable,
            Problem::Api(code) => match code.as_str() {
                "forbidden" => |t| &t.site_not_allowed,
                "unverified" => |t| &t.identity_unverified,
                "file_too_large" => |t| &t.file_too_large,
                "file_type" | "file_empty" => |t| &t.file_type,
                "bad_request" | "not_found" => |t| &t.channel_unknown,
                "invalid" => |t| &t.email_invalid,
                "too_many" => |t| &t.too_many_starts,
                _ => |t| &t.server_problem,
            },
        };
        Some(self.t(pick))
    }

    /// Opens the conversation's socket. `carried`: it was started to carry
    /// words another conversation did not take.
    pub(crate) fn connect(self, conversation: &str, token: String, carried: bool) {
        let channel = self.channel.get_value();
        // The page the visitor is on: the inbox shows where they are.
        let page = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        let page = String::from(js_sys::encode_uri_component(&page));
        let url = ws_url(
            &self.base.get_value(),
            &format!("/api/conversations/{conversation}/ws?channel={channel}&page={page}"),
        );
        let chat = Chat::open(url, Some(token), move |over| {
            let (reset, texts) = match over {
                Over::Reset(texts) => (true, texts),
                Over::Undelivered(texts) => (false, texts),
            };
            // Words this conversation did not take (it ended before they got
            // there, or its key no longer opens it) start a new one, as
            // writing after the end does; but only once: if the new one does
            // not take them either, they wait in the composer.
            if carried && !texts.is_empty() {
                if reset {
                    self.drop_conversation();
                }
                return put_back(self.draft, texts);
            }
            self.drop_conversation();
            if !texts.is_empty() {
                self.start(texts, None, true);
            }
        });
        // Messages typed before a reload and never acknowledged go out again.
        for p in visitor::outbox(&channel) {
            chat.log.update(|l| {
                l.compose_with_files(p.client_id, p.text, p.files);
            });
        }
        self.chat.set(Some(chat));
    }

    /// Joins the conversation this site's storage names, unless the widget
    /// has one or is starting one: at set-up, before sending, and when
    /// another tab starts one.
    pub(crate) fn resume(self) {
        if self.chat.with_untracked(Option::is_some) || self.starting.get_untracked() {
            return;
        }
        if let Some(known) = visitor::stored(&self.channel.get_value()) {
            self.connect(known.conversation.as_str(), known.token, false);
        }
    }

    /// Leaves the current conversation: its socket, its key and its outbox.
    pub fn drop_conversation(self) {
        if let Some(chat) = self.chat.get_untracked() {
            chat.close();
        }
        self.chat.set(None);
        self.left_for.set(None);
        crate::files::forget_shown(self);
        visitor::forget(&self.channel.get_value());
    }

    pub(crate) fn emit(self, event: &str, detail: &JsValue) {
        let _ = self.emit.with_value(|f| f.call2(&JsValue::NULL, &JsValue::from_str(event), detail));
    }

    /// The visitor's languages: `setLocale`'s first, then the browser's.
    pub(crate) fn languages(self) -> Vec<String> {
        let mut list = visitor::browser_languages();
        if let Some(tag) = self.preferred.get_untracked() {
            list.retain(|l| *l != tag);
            list.insert(0, tag);
        }
        list
    }

    /// Asks for the widget's texts and the channel's news, in the visitor's
    /// languages (at mount, on `setLocale`, and the channel again on open).
    pub(crate) fn load(self, texts: bool) {
        let (base, channel, languages) = (self.base.get_value(), self.channel.get_value(), self.languages());
        wasm_bindgen_futures::spawn_local(async move {
            if texts {
                match visitor::texts(&base, &languages).await {
                    Ok(locale) => {
                        // The panel is drawn again in a new language: not for nothing.
                        if self.locale.with_untracked(|l| *l != locale) {
                            self.locale.set(locale);
                        }
                        // The loader guessed the launcher's label; now it is known.
                        self.label_launcher();
                    }
                    Err(problem) => self.problem.set(Some(problem)),
                }
            }
            match visitor::channel_info(&base, &channel, &languages).await {
                Ok(info) => {
                    self.channel_info.set(Some(info));
                    // The service answers again: an earlier "could not reach" is over.
                    if self.problem.with_untracked(|p| p == &Some(Problem::Unreachable)) {
                        self.problem.set(None);
                    }
                }
                Err(problem) => self.problem.set(Some(problem)),
            }
        });
    }

    /// How many of the operators' messages wait unread while the panel is
    /// closed (tracked inside an effect).
    pub(crate) fn unread(self) -> usize {
        if self.open.get() {
            return 0;
        }
        self.chat.with(|c| c.as_ref().map_or(0, |c| c.log.with(|l| l.unread(true))))
    }

    /// Names the launcher in the visitor's language, with how many messages
    /// wait unread; and shows that number on it.
    pub(crate) fn label_launcher(self) {
        let unread = untrack(|| self.unread());
        let label = self.locale.with_untracked(|l| match unread {
            0 => l.texts.launcher.clone(),
            n => format!("{} ({})", l.texts.launcher, fill(&l.texts.unread, "count", &n.to_string())),
        });
        self.launcher.with_value(|l| {
            let _ = l.set_attribute("aria-label", &label);
            // The number is for the eyes; the name says it in words.
            let badge = match l.query_selector(".badge").ok().flatten() {
                Some(badge) => badge,
                None => {
                    let Some(badge) = l.owner_document().and_then(|d| d.create_element("span").ok()) else {
                        return;
                    };
                    let _ = badge.set_attribute("class", "badge");
                    let _ = badge.set_attribute("aria-hidden", "true");
                    let _ = l.append_child(&badge);
                    badge
                }
            };
            badge.set_text_content(Some(&unread.to_string()));
            let _ = badge.toggle_attribute_with_force("hidden", unread == 0);
        });
    }

    /// Sends `text`, starting a conversation first if there is none (with
    /// `offline_email`: a message left while nobody is online).
    pub fn send(self, text: String, offline_email: Option<String>) {
        // The conversation storage names first, if set-up has not joined it yet.
        self.resume();
        if let Some(chat) = self.chat.get_untracked() {
            if !chat.log.with_untracked(|l| l.closed_by().is_some()) {
                return chat.send(text);
            }
            // That one has ended: writing again starts a new conversation.
            self.drop_conversation();
        }
        self.start(vec![text], offline_email, false);
    }

    /// Starts a new conversation and sends `texts` in it (`carried`: words
    /// an earlier one did not take). If it cannot start (or one is already
    /// starting), they go back to the composer.
    pub(crate) fn start(self, texts: Vec<String>, offline_email: Option<String>, carried: bool) {
        if self.starting.get_untracked() {
            return put_back(self.draft, texts);
        }
        self.starting.set(true);
        self.problem.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let (base, channel) = (self.base.get_value(), self.channel.get_value());
            match visitor::start(&base, &channel, self.languages(), offline_email.clone()).await {
                Ok(started) => {
                    self.connect(started.conversation.as_str(), started.token, carried);
                    self.left_for.set(offline_email);
                    if let Some(chat) = self.chat.get_untracked() {
                        texts.into_iter().for_each(|text| chat.send(text));
                    }
                }
                Err(problem) => {
                    self.problem.set(Some(problem));
                    put_back(self.draft, texts);
                }
            }
            self.starting.set(false);
        });
    }
}
