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
        done: &'static str,
        work: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(true);
        self.error.set(None);
        self.saved.set(None);
        leptos::task::spawn_local(async move {
            match work.await {
                Ok(value) => {
                    then(value);
                    self.saved.set(Some(done.to_owned()));
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.busy.set(false);
        });
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

/// A labelled text input whose error, if any, is announced with it.
#[component]
pub fn TextField(
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let error_id = format!("{field}-error");
    let error = form.field_error(field);
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                name=field
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <span class="field-error" id=error_id role="alert">{error}</span>
        </label>
    }
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

/// A labelled multi-line text field whose error, if any, is announced with it.
#[component]
pub fn TextArea(
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let error_id = format!("{field}-error");
    let error = form.field_error(field);
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea
                name=field
                rows="3"
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=error_id.clone()
            ></textarea>
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <span class="field-error" id=error_id role="alert">{error}</span>
        </label>
    }
}
