//! A workerd of a test's own, which the test may kill and start again on
//! the same state (the crash test). `cargo xtask test` says how to run it:
//! `SWITCHBOARD_WORKERD` is the command line (JSON), to which the port, the
//! state folder and the inspector's port are added.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long workerd may take to answer after it starts.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

pub struct Workerd {
    child: Child,
    port: u16,
    state: PathBuf,
    /// A line when wrangler says it is ready (closed if it exits first).
    ready: Receiver<()>,
}

impl Workerd {
    /// Starts on a free port with its state in `state`.
    pub fn start(state: &Path) -> Workerd {
        std::fs::create_dir_all(state).expect("the state folder");
        let port = free_port();
        let (child, ready) = spawn(state, port);
        let mut server = Workerd { child, port, state: state.to_owned(), ready };
        server.wait_ready();
        server
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `kill -9` of wrangler and its workerd: nothing flushed, nobody told.
    pub fn kill(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }

    /// Starts again on the same port and state.
    pub fn restart(&mut self) {
        (self.child, self.ready) = spawn(&self.state, self.port);
        self.wait_ready();
    }

    /// Waits for wrangler to say it is ready (what it prints goes to the log).
    fn wait_ready(&mut self) {
        let log = self.log();
        match self.ready.recv_timeout(READY_TIMEOUT) {
            Ok(()) => {}
            Err(RecvTimeoutError::Disconnected) => panic!("wrangler exited early; see {}", log.display()),
            Err(RecvTimeoutError::Timeout) => {
                panic!("workerd was not ready within {READY_TIMEOUT:?}; see {}", log.display())
            }
        }
    }

    fn log(&self) -> PathBuf {
        self.state.join("wrangler.log")
    }
}

impl Drop for Workerd {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts wrangler; what it prints is copied to the log, and the receiver
/// hears when it says it is ready.
fn spawn(state: &Path, port: u16) -> (Child, Receiver<()>) {
    use std::os::unix::process::CommandExt;
    let line = std::env::var("SWITCHBOARD_WORKERD")
        .expect("SWITCHBOARD_WORKERD is not set: run these tests with `cargo xtask test`");
    let argv: Vec<String> = serde_json::from_str(&line).expect("SWITCHBOARD_WORKERD: a JSON list");
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .args(["--port", &port.to_string(), "--inspector-port", &free_port().to_string()])
        .arg("--persist-to")
        .arg(state)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("starting wrangler");
    let log = std::fs::OpenOptions::new().create(true).append(true).open(state.join("wrangler.log")).unwrap();
    let (tell, ready) = mpsc::channel();
    let out: Box<dyn Read + Send> = Box::new(child.stdout.take().unwrap());
    let err: Box<dyn Read + Send> = Box::new(child.stderr.take().unwrap());
    for stream in [out, err] {
        let (tell, mut log) = (tell.clone(), log.try_clone().unwrap());
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = writeln!(log, "{line}");
                if line.contains("Ready on http://") {
                    let _ = tell.send(());
                }
            }
        });
    }
    (child, ready)
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().unwrap().port()
}
