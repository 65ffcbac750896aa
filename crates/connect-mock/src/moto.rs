//! moto_server (the `moto` Python package's mock of AWS) for tests: the one of
//! `CONNECT_MOTO_ENDPOINT` (`cargo xtask test` starts one), else one started from `PATH` on
//! 127.0.0.1 (any free port), stopped when dropped. Without either, a test fails saying how to
//! install moto: it never passes without having talked to the server.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a moto_server started here may take to say where it listens.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A moto_server to talk to: one started elsewhere, or one this test started and stops on drop
/// (also when the test panics).
pub struct Moto {
    endpoint: String,
    child: Option<Child>,
}

impl Moto {
    /// A name that no other run of the tests uses, for resources on a server the runs share.
    pub fn unique(prefix: &str) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        format!("{prefix}-{}-{nanos}", std::process::id())
    }

    /// The server's URL, e.g. `http://127.0.0.1:5000`.
    #[must_use]
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The server of `CONNECT_MOTO_ENDPOINT`, else one started here from `PATH`.
    ///
    /// # Panics
    ///
    /// When moto_server cannot be started or does not say where it listens.
    #[must_use]
    pub fn get() -> Self {
        if let Ok(endpoint) = std::env::var("CONNECT_MOTO_ENDPOINT") {
            return Self {
                endpoint,
                child: None,
            };
        }
        Self::start()
    }

    /// Starts `moto_server` on 127.0.0.1 port 0 and reads the port it reports.
    fn start() -> Self {
        let mut child = match Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", "0"])
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(error) => panic!(
                "these tests need moto_server ({error}): install it with \
                 `pip install 'moto[server]==5.2.5'`, or set CONNECT_MOTO_ENDPOINT to the URL \
                 of a running moto_server"
            ),
        };
        // Werkzeug logs `Running on http://127.0.0.1:PORT` on stderr; stdout is read too so
        // that neither pipe fills up and blocks the server.
        let (sender, receiver) = mpsc::channel();
        if let Some(stderr) = child.stderr.take() {
            forward_lines(stderr, sender.clone());
        }
        if let Some(stdout) = child.stdout.take() {
            forward_lines(stdout, sender);
        }
        let mut moto = Self {
            endpoint: String::new(),
            child: Some(child),
        };
        let deadline = std::time::Instant::now() + START_TIMEOUT;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match receiver.recv_timeout(left) {
                Ok(line) => {
                    if let Some(address) = line
                        .split("Running on http://")
                        .nth(1)
                        .and_then(|rest| rest.split_whitespace().next())
                    {
                        moto.endpoint = format!("http://{address}");
                        return moto;
                    }
                    seen.push(line);
                }
                Err(error) => panic!(
                    "moto_server did not say where it listens ({error:?} after {START_TIMEOUT:?}); \
                     it printed:\n{}",
                    seen.join("\n")
                ),
            }
        }
    }
}

/// Sends each line `pipe` yields, from a thread of its own, until the pipe closes.
fn forward_lines(pipe: impl Read + Send + 'static, sender: mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            // Once the address is known nobody listens: the rest is only drained.
            let _ = sender.send(line);
        }
    });
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
