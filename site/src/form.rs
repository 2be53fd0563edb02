//! What every form of the inbox shares: a busy flag, the last error (shown
//! next to its field, or above the form), and a success note.

use leptos::prelude::*;
use switchboard_core::protocol::ApiError;

#[derive(Clone, Copy)]
pub struct FormState {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    pub saved: RwSignal<Option<String>>,
}

impl FormState {
    pub fn new() -> Self {
        FormState { busy: RwSignal::new(false), error: RwSignal::new(None), saved: RwSignal::new(None) }
    }

    /// Runs `work`; records its error or shows `done` on success.
    pub fn submit<T: 'static>(
        self,
        done: impl Into<String>,
        work: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        let done = done.into();
        self.busy.set(true);
        self.error.set(None);
        self.saved.set(None);
        leptos::task::spawn_local(async move {
            match work.await {
                Ok(value) => {
                    then(value);
                    self.saved.set(Some(done));
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.busy.set(false);
        });
    }

    /// Refuses what the person typed without asking the server (shown
    /// next to `field`, like the server's refusals).
    pub fn refuse(self, field: &str, message: &str) {
        self.saved.set(None);
        self.error.set(Some(ApiError {
            code: "invalid".into(),
            message: message.into(),
            field: Some(field.into()),
            retry_after_s: None,
            reason: None,
        }));
    }

    /// The error text for `field`, if the last error is about it.
    pub fn field_error(self, field: &'static str) -> impl Fn() -> Option<String> + Copy {
        move || self.error.get().filter(|e| e.field.as_deref() == Some(field)).map(|e| e.message)
    }

    /// The last error when it is about no particular field.
    pub fn general_error(self) -> impl Fn() -> Option<String> + Copy {
        move || self.error.get().filter(|e| e.field.is_none()).map(|e| e.message)
    }
}

/// An id no other element of the page has, for a field's error line (the
/// same field name appears in several forms of a page).
pub fn unique_id(field: &str) -> String {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    format!("{field}-error-{}", NEXT.with(|n| n.replace(n.get() + 1)))
}

/// A label around a control, an optional hint, and the control's error line,
/// which the control names in `aria-describedby` so it is read with it.
/// `control` gets that id and whether the field is in error.
fn labelled<V: IntoView>(
    label: String,
    field: &'static str,
    form: FormState,
    hint: String,
    control: impl FnOnce(String, Signal<bool>) -> V,
) -> impl IntoView {
    let error_id = unique_id(field);
    let error = form.field_error(field);
    view! {
        <label class="field">
            <span>{label}</span>
            {control(error_id.clone(), Signal::derive(move || error().is_some()))}
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <span class="field-error" id=error_id role="alert">{error}</span>
        </label>
    }
}

/// A labelled text input whose error, if any, is announced with it.
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    field: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    labelled(label, field, form, String::new(), move |error_id, invalid| {
        view! {
            <input
                type=kind
                name=field
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id
            />
        }
    })
}

/// A labelled multi-line text field whose error, if any, is announced with it.
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    field: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional, into)] hint: String,
) -> impl IntoView {
    labelled(label, field, form, hint, move |error_id, invalid| {
        view! {
            <textarea
                name=field
                rows="3"
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id
            ></textarea>
        }
    })
}

/// The form's status line: a general error, or what was saved.
#[component]
pub fn FormStatus(form: FormState) -> impl IntoView {
    let error = form.general_error();
    view! {
        <p class="form-error" role="alert">{error}</p>
        <p class="form-saved" role="status">{move || form.saved.get()}</p>
    }
}

/// A group of checkboxes over `(value, label)` options, bound to `chosen`.
#[component]
pub fn CheckboxGroup<T>(
    #[prop(into)] legend: String,
    field: &'static str,
    #[prop(into)] options: Signal<Vec<(T, String)>>,
    chosen: RwSignal<Vec<T>>,
    form: FormState,
) -> impl IntoView
where
    T: Clone + Eq + std::hash::Hash + Send + Sync + 'static,
{
    let error = form.field_error(field);
    view! {
        <fieldset>
            <legend>{legend}</legend>
            <For each=move || options.get() key=|o| o.clone() let:option>{{
                let (value, label) = option;
                let v = value.clone();
                let checked = move || chosen.with(|c| c.contains(&v));
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=checked on:change=move |e| {
                            let on = event_target_checked(&e);
                            chosen.update(|c| {
                                c.retain(|x| x != &value);
                                if on { c.push(value.clone()) }
                            });
                        }/>
                        {label}
                    </label>
                }
            }}</For>
            <p class="field-error" role="alert">{error}</p>
        </fieldset>
    }
}
