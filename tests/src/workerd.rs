//! A workerd of a test's own, which the test may kill and start again on
//! the same state (the crash test). `cargo xtask test` says how to run it:
//! `SWITCHBOARD_WORKERD` is the command line (JSON), to which the port, the
//! state folder and the inspector's port are added.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long workerd may take to answer after it starts.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

pub struct Workerd {
    child: Child,
    port: u16,
    state: PathBuf,
}

impl Workerd {
    /// Starts on a free port with its state in `state`.
    pub fn start(state: &Path) -> Workerd {
        std::fs::create_dir_all(state).expect("the state folder");
        let port = free_port();
        Workerd { child: spawn(state, port), port, state: state.to_owned() }.ready()
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
        self.child = spawn(&self.state, self.port);
        self.wait_ready();
    }

    fn ready(mut self) -> Workerd {
        self.wait_ready();
        self
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        let agent = crate::http();
        while start.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("wrangler exited early ({status}); see {}", self.log().display());
            }
            if agent.get(format!("{}/api/me", self.url())).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("workerd did not answer within {READY_TIMEOUT:?}; see {}", self.log().display());
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

fn spawn(state: &Path, port: u16) -> Child {
    use std::os::unix::process::CommandExt;
    let line = std::env::var("SWITCHBOARD_WORKERD")
        .expect("SWITCHBOARD_WORKERD is not set: run these tests with `cargo xtask test`");
    let argv: Vec<String> = serde_json::from_str(&line).expect("SWITCHBOARD_WORKERD: a JSON list");
    let log = std::fs::OpenOptions::new().create(true).append(true).open(state.join("wrangler.log")).unwrap();
    Command::new(&argv[0])
        .args(&argv[1..])
        .args(["--port", &port.to_string(), "--inspector-port", &free_port().to_string()])
        .arg("--persist-to")
        .arg(state)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap())
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("starting wrangler")
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().unwrap().port()
}
