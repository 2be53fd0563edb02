//! The few DOM helpers the panel is built with: elements made once, then
//! kept in step with the widget's signals by render effects (each runs at
//! once, then again when what it read changes). Effects and listeners
//! belong to the reactive owner current when they are made, and stop when
//! it is disposed (a panel drawn again, a message's line removed).
//!
//! No view framework: the panel is a few elements, and a framework's
//! generic view code cost the open widget about 30 KB gzip
//! (`cargo xtask bench`).

use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, Node};

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).unwrap_throw()
}

/// `<tag attr="value"…>children…</tag>`.
pub fn h(tag: &str, attrs: &[(&str, &str)], children: &[&Node]) -> Element {
    let el = document().create_element(tag).unwrap_throw();
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    for child in children {
        let _ = el.append_child(child);
    }
    el
}

/// A text node.
pub fn text(s: &str) -> Node {
    document().create_text_node(s).into()
}

/// Runs `f` now and again whenever a signal it read changes, while the
/// current owner lives.
pub fn watch(f: impl FnMut() + 'static) {
    watch_boxed(Box::new(f))
}

fn watch_boxed(mut f: Box<dyn FnMut()>) {
    let effect = RenderEffect::new(move |_| f());
    StoredValue::new_local(effect);
}

/// Calls `f` on each `event` at `target`, while the current owner lives.
pub fn on(target: &Element, event: &str, f: impl FnMut(Event) + 'static) {
    on_boxed(target, event, Box::new(f))
}

fn on_boxed(target: &Element, event: &str, f: Box<dyn FnMut(Event)>) {
    let listener = Closure::wrap(f);
    let _ = target.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    StoredValue::new_local(listener);
}

/// Sets (true) or removes (false) boolean attribute `name` as `f` says.
pub fn flag(el: &Element, name: &'static str, f: impl Fn() -> bool + 'static) {
    flag_boxed(el.clone(), name, Box::new(f))
}

fn flag_boxed(el: Element, name: &'static str, f: Box<dyn Fn() -> bool>) {
    watch(move || {
        let _ = el.toggle_attribute_with_force(name, f());
    })
}

/// Hidden while `f` says so.
pub fn hide(el: &Element, f: impl Fn() -> bool + 'static) {
    flag(el, "hidden", f)
}

/// Its text, as `f` says.
pub fn say(el: &Element, f: impl Fn() -> String + 'static) {
    say_boxed(el.clone(), Box::new(f))
}

// A live region (`role="status"`, the log) may read out again a node put
// back the same: what has not changed is left alone.
fn say_boxed(el: Element, f: Box<dyn Fn() -> String>) {
    watch(move || {
        let said = f();
        if el.text_content().as_deref() != Some(said.as_str()) {
            el.set_text_content(Some(&said))
        }
    })
}

/// Its children made again by `f` whenever what `f` read changes (and put
/// in place only if they differ from what is there).
pub fn fill(el: &Element, f: impl Fn(&Element) + 'static) {
    fill_boxed(el.clone(), Box::new(f))
}

fn fill_boxed(el: Element, f: Box<dyn Fn(&Element)>) {
    watch(move || {
        let fresh = h("div", &[], &[]);
        f(&fresh);
        if fresh.inner_html() != el.inner_html() {
            el.set_text_content(None);
            while let Some(child) = fresh.first_child() {
                let _ = el.append_child(&child);
            }
        }
    })
}

/// `template` with its `{var}` marker replaced by `value` in a `<bdi>`, put
/// into `el`: a right-to-left name, or one with a direction override in
/// it, cannot reorder the sentence around it.
pub fn isolated(el: &Element, template: &str, var: &str, value: &str) {
    match template.split_once(&format!("{{{var}}}")) {
        Some((before, after)) => {
            for node in [text(before), h("bdi", &[], &[&text(value)]).into(), text(after)] {
                let _ = el.append_child(&node);
            }
        }
        None => {
            let _ = el.append_child(&text(template));
        }
    }
}

/// A list kept in step with `items` by key: an item whose key stays keeps
/// its element (made by `make` under an owner of its own, disposed when the
/// item goes), so only new or changed lines are drawn.
pub fn keyed<T: 'static>(
    list: &Element,
    items: impl Fn() -> Vec<T> + 'static,
    key: fn(&T) -> String,
    make: impl Fn(T) -> Element + 'static,
) {
    let list = list.clone();
    // The items' owners are the caller's children, not the effect's (which
    // are cleaned up each time it runs).
    let parent = Owner::current().unwrap_or_default();
    let mut shown: Vec<(String, Element, Owner)> = vec![];
    watch(move || {
        let mut old: Vec<Option<(String, Element, Owner)>> =
            std::mem::take(&mut shown).into_iter().map(Some).collect();
        let is =
            |slot: &Option<(String, Element, Owner)>, k: &str| slot.as_ref().is_some_and(|(s, ..)| s == k);
        let mut next = vec![];
        for (i, item) in items().into_iter().enumerate() {
            let k = key(&item);
            // Where it was, as a line mostly is (a message added or one
            // changed moves no other); else anywhere.
            let at = if old.get(i).is_some_and(|slot| is(slot, &k)) {
                Some(i)
            } else {
                old.iter().position(|s| is(s, &k))
            };
            next.push(at.and_then(|at| old[at].take()).unwrap_or_else(|| {
                let owner = parent.child();
                let el = owner.with(|| untrack(|| make(item)));
                (k, el, owner)
            }));
        }
        for (_, el, owner) in old.into_iter().flatten() {
            el.remove();
            owner.cleanup();
        }
        // In order, moving only what is out of place (a line moved would be
        // read out again in the live log).
        let mut at = list.first_child();
        for (_, el, _) in &next {
            let node: &Node = el;
            if at.as_ref() == Some(node) {
                at = node.next_sibling();
            } else {
                let _ = list.insert_before(node, at.as_ref());
            }
        }
        shown = next;
    })
}
