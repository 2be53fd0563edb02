//! The Worker's one error type.
//!
//! Every handler returns `Result<_, AppError>`. A client sees a short message
//! and the right status; whatever went wrong inside (runtime errors, storage
//! failures) is logged and replaced by a generic text, never echoed.

use switchboard_core::files::Refusal;
use switchboard_core::limits::MAX_BODY_BYTES;
use switchboard_core::protocol::{ApiError, Reason};
use switchboard_core::workspace::FieldError;
use worker::Response;

#[derive(Debug)]
pub enum AppError {
    /// 400: the request is wrong; the text says how (shown to people).
    BadRequest(String),
    /// 400: a log-in with a login or password that is not right (which of
    /// the two is not said); its own code, so the inbox can say it in the
    /// operator's language.
    WrongCredentials,
    /// 400: one field of a form is wrong (shown next to that field).
    /// (Boxed: a reason's arguments would make every `AppError`, and the
    /// code that drops one after each `?`, larger.)
    Invalid(Box<Invalid>),
    /// 401: not logged in, or the session is over.
    Unauthorized,
    /// 403: logged in, but not allowed (also: cross-site requests).
    Forbidden,
    /// 403 with a reason a person can act on (shown to them).
    ForbiddenBecause(String),
    /// 403: the channel requires verified visitors and the site's word
    /// about this one is not signed (the widget says so in their language).
    Unverified,
    /// 404: no such thing, or not one the caller may know about.
    NotFound,
    /// 409: it exists already.
    Conflict(String),
    /// 413: the request is larger than anyone may send.
    TooLarge,
    /// A file the conversation does not take (400 empty, 413 too large, 415
    /// a kind not allowed); the code says which, for the person's language.
    FileRefused(Refusal),
    /// 429: not now; the text says why and when (shown to people), and the
    /// answer carries `Retry-After`.
    TooMany { message: String, retry_after_s: u32 },
    /// 500: our fault; the text goes to the log only.
    Internal(String),
}

/// One field of a form is wrong: which, why in English, and the reason
/// the inbox says in its language (`core::reasons`).
#[derive(Debug)]
pub struct Invalid {
    pub field: String,
    pub message: String,
    pub reason: Option<Reason>,
}

impl From<worker::Error> for AppError {
    fn from(e: worker::Error) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(Box::new(Invalid {
            field: e.field.to_owned(),
            reason: Some(e.reason()),
            message: e.message,
        }))
    }
}

/// An id or login that should have been valid (one we made or stored).
impl From<switchboard_core::ids::IdError> for AppError {
    fn from(e: switchboard_core::ids::IdError) -> Self {
        AppError::Internal(format!("id: {e}"))
    }
}

impl From<switchboard_core::ids::LoginError> for AppError {
    fn from(e: switchboard_core::ids::LoginError) -> Self {
        AppError::Internal(format!("login: {e}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(format!("json: {e}"))
    }
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) | AppError::WrongCredentials | AppError::Invalid(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::ForbiddenBecause(_) | AppError::Unverified => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge => 413,
            AppError::FileRefused(Refusal::Empty) => 400,
            AppError::FileRefused(Refusal::TooLarge { .. }) => 413,
            AppError::FileRefused(Refusal::NotAllowed(_)) => 415,
            AppError::TooMany { .. } => 429,
            AppError::Internal(_) => 500,
        }
    }

    /// Logs what the client will not be told (internal errors only).
    pub fn log(&self) {
        if let AppError::Internal(detail) = self {
            worker::console_error!("internal error: {detail}");
        }
    }

    pub fn into_response(self) -> Response {
        self.log();
        let field = match &self {
            AppError::Invalid(invalid) => Some(invalid.field.clone()),
            _ => None,
        };
        let (code, message) = match &self {
            AppError::BadRequest(m) => ("bad_request", m.clone()),
            AppError::WrongCredentials => ("wrong_credentials", "Wrong login or password.".to_owned()),
            AppError::Invalid(invalid) => ("invalid", invalid.message.clone()),
            AppError::Unauthorized => ("unauthorized", "Please log in.".to_owned()),
            AppError::Forbidden => ("forbidden", "You are not allowed to do that.".to_owned()),
            AppError::ForbiddenBecause(m) => ("forbidden", m.clone()),
            AppError::Unverified => (
                "unverified",
                "This website could not confirm who you are: sign in again, then retry.".to_owned(),
            ),
            AppError::NotFound => ("not_found", "Not found.".to_owned()),
            AppError::Conflict(m) => ("conflict", m.clone()),
            AppError::TooLarge => {
                ("too_large", format!("The request is too large: at most {} KB.", MAX_BODY_BYTES / 1024))
            }
            AppError::TooMany { message, .. } => ("too_many", message.clone()),
            AppError::FileRefused(Refusal::Empty) => ("file_empty", "The file is empty.".to_owned()),
            AppError::FileRefused(Refusal::TooLarge { max_bytes }) => (
                "file_too_large",
                format!("The file is too large: at most {} MB.", max_bytes / (1024 * 1024)),
            ),
            AppError::FileRefused(Refusal::NotAllowed(kind)) => {
                ("file_type", format!("Files of this kind ({}) cannot be sent here.", kind.label()))
            }
            AppError::Internal(_) => {
                ("internal", "Something went wrong on our side. Please try again.".to_owned())
            }
        };
        let retry_after_s = match &self {
            AppError::TooMany { retry_after_s, .. } => Some(*retry_after_s),
            _ => None,
        };
        let reason = match &self {
            AppError::Invalid(invalid) => invalid.reason.clone(),
            _ => None,
        };
        let body = ApiError { code: code.to_owned(), message, field, retry_after_s, reason };
        let status = self.status();
        let mut res = Response::from_json(&body)
            .map(|r| r.with_status(status))
            .unwrap_or_else(|_| Response::empty().expect("an empty response").with_status(status));
        if let Some(s) = retry_after_s {
            let _ = res.headers_mut().set("retry-after", &s.to_string());
        }
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
