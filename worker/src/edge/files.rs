//! Files in conversations (issue 23): `PUT /api/conversations/:id/files/:file`
//! uploads one (the body is the file, `x-file-name` its name,
//! percent-encoded), `GET` the same path downloads it. The caller is the
//! conversation's visitor (`authorization: Bearer <their key>`, from a site
//! the channel allowed) or an operator of its channel (session cookie). The
//! conversation says whether they may, and where the file is kept (R2,
//! `FILES`); the file's kind comes from its bytes (`core::files`), and it is
//! served so that it never runs as one of our pages.

use switchboard_core::files::{self, Kind, SNIFF_BYTES};

use super::*;
use crate::internal::FILES;
use crate::rpc::conversation::{FileAsk, FileCaller, FileStored, Permit, ReadFile, Stored};

/// Who asks: the visitor if they show their key, else the operator of the
/// session cookie (same site only).
async fn caller(req: &Request, env: &Env) -> AppResult<FileCaller> {
    let bearer = req.headers().get("authorization")?;
    if let Some(token) = bearer.as_deref().and_then(|b| b.strip_prefix("Bearer ")) {
        let origin = req.headers().get("origin")?.unwrap_or_default().to_lowercase();
        return Ok(FileCaller::Visitor { token: token.trim().to_owned(), origin });
    }
    same_origin(req)?;
    let (_, me) = operator(req, env).await?;
    Ok(FileCaller::Operator { channels: me.channels.into_iter().map(|c| c.id).collect() })
}

/// The conversation `id` names, if the service made it (else nobody's).
fn conversation(env: &Env, id: &str) -> AppResult<internal::Stub> {
    let id = crate::signed::conversation_id(env, id)?.ok_or(AppError::NotFound)?;
    internal::stub(env, CONVERSATIONS, id.as_str())
}

pub(super) async fn upload(mut req: Request, env: &Env, id: &str, file: &str) -> AppResult<Response> {
    let stub = conversation(env, id)?;
    throttle::allow(&req, env, throttle::Start::Upload).await?;
    let caller = caller(&req, env).await?;
    let permit = rpc::call(&stub, &Permit(FileAsk { caller: caller.clone(), id: file.to_owned() })).await?;
    if let Some(existing) = permit.existing {
        // Sent again after a cut: it is there already, once.
        return json(&existing);
    }
    let (kinds, max_bytes) = files::taken(&permit.limits);
    let declared: Option<u64> = req.headers().get("content-length")?.and_then(|l| l.parse().ok());
    if declared.is_some_and(|n| n > max_bytes) {
        return Err(AppError::FileRefused(files::Refusal::TooLarge { max_bytes }));
    }
    let bytes = req.bytes().await?;
    let kind = files::check(bytes.len() as u64, &bytes, max_bytes, &kinds).map_err(AppError::FileRefused)?;
    let raw_name = req.headers().get("x-file-name")?.unwrap_or_default();
    // The widget encodes the name (`encodeURIComponent`); not UTF-8 after decoding: replaced.
    let name = files::file_name(&percent_encoding::percent_decode_str(&raw_name).decode_utf8_lossy());
    let size = bytes.len() as u64;
    env.bucket(FILES)?.put(&permit.key, bytes).execute().await?;
    let file = Attachment { id: file.to_owned(), name, content_type: kind.content_type().to_owned(), size };
    json(&rpc::call(&stub, &Stored(FileStored { caller, file })).await?)
}

pub(super) async fn download(req: &Request, env: &Env, id: &str, file: &str) -> AppResult<Response> {
    let stub = conversation(env, id)?;
    let caller = caller(req, env).await?;
    let found = rpc::call(&stub, &ReadFile(FileAsk { caller, id: file.to_owned() })).await?;
    let object = env.bucket(FILES)?.get(&found.key).execute().await?.ok_or(AppError::NotFound)?;
    let bytes = object.body().ok_or(AppError::NotFound)?.bytes().await?;
    // Served as what its bytes are, whatever it was stored as.
    let kind = Kind::sniff(&bytes[..bytes.len().min(SNIFF_BYTES)]);
    let mut res = Response::from_bytes(bytes)?;
    for (name, value) in files::served_headers(&found.file.name, kind) {
        res.headers_mut().set(name, &value)?;
    }
    Ok(res)
}
