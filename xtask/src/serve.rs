//! Runs the product locally: `wrangler dev` (real workerd) on 127.0.0.1, and
//! for `dev` a plain demo host page on another port, so the widget is
//! embedded cross-origin as on every real site.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::tools;
use crate::{build, root, step, Result};

/// A running `wrangler dev`; dropping it stops it (and its workerd children).
pub struct Workerd {
    child: Child,
    port: u16,
    log: Option<PathBuf>,
}

const READY_TIMEOUT: Duration = Duration::from_secs(90);

impl Workerd {
    /// Starts on `port` with its state in `state`. In the foreground its
    /// output goes to the terminal and Ctrl-C reaches it; otherwise it runs in
    /// its own process group with its output in `state/wrangler.log`.
    pub fn start(state: &Path, port: u16, foreground: bool) -> Result<Workerd> {
        Self::start_with(state, port, foreground, &[])
    }

    /// As [`Workerd::start`], with more variables (`NAME:value`).
    pub fn start_with(state: &Path, port: u16, foreground: bool, vars: &[&str]) -> Result<Workerd> {
        Self::launch(state, port, foreground, wrangler_dev(vars))
    }

    /// The latency bench's baseline (`bench/baseline/`), in the background.
    pub fn start_baseline(state: &Path, port: u16) -> Result<Workerd> {
        let config = root().join("bench/baseline/wrangler.toml").display().to_string();
        let args = wrangler_dev(&[]).into_iter().chain(["--config".to_owned(), config]).collect();
        Self::launch(state, port, false, args)
    }

    fn launch(state: &Path, port: u16, foreground: bool, args: Vec<String>) -> Result<Workerd> {
        std::fs::create_dir_all(state).map_err(|e| format!("{}: {e}", state.display()))?;
        let mut cmd = tools::node();
        cmd.args(args)
            .args(["--port", &port.to_string()])
            .arg("--persist-to")
            .arg(state)
            .args(["--inspector-port", &free_port()?.to_string()])
            .envs(WRANGLER_ENV)
            .stdin(Stdio::null());
        let log = if foreground {
            None
        } else {
            use std::os::unix::process::CommandExt;
            let path = state.join("wrangler.log");
            let file = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let err = file.try_clone().map_err(|e| e.to_string())?;
            cmd.stdout(file).stderr(err).process_group(0);
            Some(path)
        };
        step(&format!("starting workerd (wrangler dev) on 127.0.0.1:{port}"));
        let child = cmd.spawn().map_err(|e| format!("cannot start wrangler: {e}"))?;
        let mut server = Workerd { child, port, log };
        server.wait_ready()?;
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_ready(&mut self) -> Result {
        let start = Instant::now();
        while start.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("wrangler exited early ({status}){}", self.log_hint()));
            }
            if http_status(self.port, "/api/me").is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("wrangler did not answer within {READY_TIMEOUT:?}{}", self.log_hint()))
    }

    fn log_hint(&self) -> String {
        self.log.as_ref().map(|p| format!("; see {}", p.display())).unwrap_or_default()
    }

    fn wait(&mut self) -> Result {
        self.child.wait().map(|_| ()).map_err(|e| e.to_string())
    }
}

impl Drop for Workerd {
    fn drop(&mut self) {
        if self.log.is_none() {
            return; // foreground: it shares our Ctrl-C
        }
        // wrangler's node process and its workerd children are one group.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-INT", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// The key local runs sign ids with (`worker/src/signed.rs`); production
/// sets its own with `wrangler secret put ID_SECRET`.
const LOCAL_ID_SECRET: &str = "ID_SECRET:local-development-only-never-in-production";

/// The key local runs sign Web Push with (`worker/src/vapid.rs`; the SHA-256
/// of a sentence, public, so never for production: `wrangler secret put
/// VAPID_PRIVATE_KEY`), and push endpoints on 127.0.0.1 allowed, for the
/// tests' local push service.
const LOCAL_PUSH: [&str; 2] =
    ["VAPID_PRIVATE_KEY:S7Qk-pwRXhxQaFDsa6YcBaWurrngB1k_4Sy6AXfGrt4", "PUSH_LOOPBACK:true"];

/// `wrangler dev` on 127.0.0.1 with the demo data, after `node`: the port,
/// the state folder and the inspector's port go after it.
pub fn wrangler_dev(vars: &[&str]) -> Vec<String> {
    let wrangler = root().join("node_modules/wrangler/bin/wrangler.js").display().to_string();
    let mut args: Vec<String> = [&wrangler, "dev", "--ip", "127.0.0.1", "--var", "DEMO_SEED:true"]
        .into_iter()
        .chain(["--var", LOCAL_ID_SECRET])
        .chain(LOCAL_PUSH.iter().flat_map(|v| ["--var", v]))
        .chain(["--show-interactive-dev-session=false", "--live-reload=false"])
        .map(String::from)
        .collect();
    args.extend(vars.iter().flat_map(|v| ["--var".to_owned(), v.to_string()]));
    args
}

/// What wrangler is run with besides `PATH`: nothing sent home.
pub const WRANGLER_ENV: [(&str, &str); 2] =
    [("WRANGLER_SEND_METRICS", "false"), ("CLOUDFLARE_CF_FETCH_ENABLED", "false")];

/// The status code of `GET path`, if the server answers at all.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// A port nobody listens on now.
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// The demo host page: nothing but the one script tag a site owner pastes.
pub fn demo_page(worker_url: &str, channel: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Demo shop</title></head>\n<body><h1>Demo shop</h1>\
         <p>A site that embeds the Switchboard widget.</p>\n\
         <script src=\"{worker_url}/widget.js\" data-channel=\"{channel}\" async></script>\n</body></html>\n"
    )
}

/// Serves [`demo_page`] on `port`, on a thread, until the process ends.
fn serve_demo(port: u16, page: String) -> Result {
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("demo page port {port}: {e}"))?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    Ok(())
}

/// `cargo xtask dev`.
pub fn dev() -> Result {
    tools::ensure_build_tools()?;
    build::all()?;
    let port = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8787);
    let demo_port = port + 1;
    let mut server = Workerd::start(&root().join(".wrangler/state"), port, true)?;
    serve_demo(demo_port, demo_page(&server.url(), "demo"))?;
    let logins: Vec<String> =
        [("mitchell", "demo-mitchell", "Mitchell Admin"), ("marc", "demo-marc", "Marc Demo")]
            .iter()
            .map(|(l, p, n)| format!("    {l} / {p}   ({n})"))
            .collect();
    println!(
        "\n  Switchboard is running on local workerd (state in .wrangler/state).\n\n\
         \x20 Demo site with the widget:  http://127.0.0.1:{demo_port}/\n\
         \x20 Operator inbox:             {}/\n\
         \x20 Demo operator logins:\n{}\n\n  Ctrl-C stops everything.\n",
        server.url(),
        logins.join("\n")
    );
    server.wait()
}
