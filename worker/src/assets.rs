//! The widget's files (`/widget.js`, `/widget/*`), served from the static
//! assets with the headers an embedding site needs: every real site loads
//! them cross-origin, and `import()` of the glue and streaming compilation of
//! the wasm are refused without `Access-Control-Allow-Origin`.

use worker::{Env, Headers, Request, Response};

use crate::error::AppResult;

pub async fn with_cors(req: Request, env: &Env) -> AppResult<Response> {
    let res = env.assets("ASSETS")?.fetch_request(req).await?;
    let headers = Headers::new();
    for (k, v) in res.headers().entries() {
        headers.set(&k, &v)?;
    }
    headers.set("access-control-allow-origin", "*")?;
    headers.set("cross-origin-resource-policy", "cross-origin")?;
    Ok(res.with_headers(headers))
}
