//! On a phone the open panel fills the screen (`widget.css`, below 480 px):
//! while it does, the page behind it holds still (its root's `overflow`,
//! given back as it was on close), and the panel keeps to what the
//! on-screen keyboard leaves of the screen: the visual viewport's top and
//! height, set on the shadow host as `--sb-top` and `--sb-height`. Here and
//! not in the loader: every page view downloads the loader, and only an
//! open chat needs this.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::Widget;

/// What is held while the panel fills the screen.
struct Held {
    overflow: String,
    fit: Closure<dyn Fn()>,
}

fn page_style() -> Option<web_sys::CssStyleDeclaration> {
    let root = web_sys::window()?.document()?.document_element()?;
    Some(root.dyn_into::<web_sys::HtmlElement>().ok()?.style())
}

/// Sets the panel's place from the visual viewport, on the shadow host.
fn fit(w: Widget) {
    let Some(viewport) = web_sys::window().and_then(|win| win.visual_viewport()) else { return };
    let host =
        w.launcher.with_value(|l| l.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().map(|r| r.host()));
    if let Some(host) = host.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Whole pixels: formatting a float would bring its code into the
        // widget (several KB).
        let px = |v: f64| format!("{}px", v.round() as i64);
        let _ = host.style().set_property("--sb-top", &px(viewport.offset_top()));
        let _ = host.style().set_property("--sb-height", &px(viewport.height()));
    }
}

fn narrow() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w <= 480.0)
}

fn listen(held: &Held, add: bool) {
    let Some(viewport) = web_sys::window().and_then(|w| w.visual_viewport()) else { return };
    for event in ["resize", "scroll"] {
        let f = held.fit.as_ref().unchecked_ref();
        let _ = if add {
            viewport.add_event_listener_with_callback(event, f)
        } else {
            viewport.remove_event_listener_with_callback(event, f)
        };
    }
}

/// Holds the page and follows the keyboard while the panel fills a phone's
/// screen.
pub fn follow(w: Widget) {
    Effect::new(move |held: Option<Option<Held>>| {
        let (held, open) = (held.flatten(), w.open.get());
        let Some(style) = page_style() else { return held };
        match held {
            None if open && narrow() => {
                let overflow = style.get_property_value("overflow").unwrap_or_default();
                let _ = style.set_property("overflow", "hidden");
                fit(w);
                let held = Held { overflow, fit: Closure::new(move || fit(w)) };
                listen(&held, true);
                Some(held)
            }
            Some(held) if !open => {
                let _ = style.set_property("overflow", &held.overflow);
                listen(&held, false);
                None
            }
            held => held,
        }
    });
}
