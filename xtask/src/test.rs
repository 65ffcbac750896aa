//! `cargo xtask test`: every test of the workspace, with the two Python peers they are measured
//! against (docs/CONFORMANCE.md), so that one command runs them all on a fresh machine.
//!
//! 1. botocore 1.44.5, in a virtualenv of its own under `target/py/botocore`: the committed
//!    `conformance/botocore.jsonl` must be exactly what it builds from today's samples of
//!    every service (the Rust tests `services/<service>/samples/tests/botocore.rs` compare the
//!    SDK with that recording).
//!    In the same virtualenv, `conformance/boto3_docs.py` must print exactly the committed
//!    `conformance/boto3-docs.jsonl`, botocore's documentation of every operation of the Connect
//!    family (the Rust test `codegen/tests/boto3_every_operation.rs` compares the generator's
//!    boto3 rendering with it).
//! 2. moto_server 5.2.5, in `target/py/moto` (every package pinned by
//!    `.ci/moto-constraints.txt`), started on 127.0.0.1 with a port the OS picks and stopped at
//!    the end, whatever happened; its address goes to the tests as `CONNECT_MOTO_ENDPOINT`.
//! 3. `cargo test --workspace`, with any further arguments, and `CONNECT_SDK_LOOPBACK_ONLY=1`:
//!    the default transport then panics on any request to a host other than loopback, so that
//!    no test reaches a real service or a metadata address by a default that kicked in.
//! 4. The ignored tests of `connect-outside-app-tests`: an application outside the workspace
//!    that depends on connect-sdk by path and from a git repository of the working tree, built
//!    with cargo in the same target folder and run against a local server.
//!
//! Each virtualenv is installed once and again only when its pinned list changes.

use std::fs;
use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// How long a virtualenv may take to install (a cold pip cache needs about a minute for moto).
const INSTALL_LIMIT: Duration = Duration::from_secs(300);
/// How long moto_server may take to answer once started (it needs under a second here).
const START_LIMIT: Duration = Duration::from_secs(30);
/// How long botocore may take to build every sample's request (a few seconds here), or to
/// document every operation of the family (14 s here).
const RECORD_LIMIT: Duration = Duration::from_secs(120);

pub fn run(root: &Path, cargo_args: &[String]) -> Result<ExitCode, String> {
    let botocore = check_botocore_recording(root)?;
    check_boto3_docs_recording(root, &botocore)?;
    let moto = MotoServer::start(root)?;
    println!("moto_server answers at {}", moto.endpoint);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["test", "--workspace"])
        .args(cargo_args)
        .env("CONNECT_MOTO_ENDPOINT", &moto.endpoint)
        .env("CONNECT_SDK_LOOPBACK_ONLY", "1")
        .status()
        .map_err(|error| format!("cannot run cargo test: {error}"))?;
    drop(moto);
    if !status.success() {
        return Ok(ExitCode::FAILURE);
    }
    // Once the workspace's tests are done: they build the application with cargo, in the same
    // target folder (cargo holds its lock only while building the tests, not while they run).
    let started = Instant::now();
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["test", "-p", "connect-outside-app-tests", "--"])
        .args(["--ignored", "--test-threads=1", "--nocapture"])
        .env("CONNECT_SDK_LOOPBACK_ONLY", "1")
        .status()
        .map_err(|error| format!("cannot run cargo test: {error}"))?;
    println!(
        "applications outside the workspace built and run in {:.0?}",
        started.elapsed()
    );
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn check_botocore_recording(root: &Path) -> Result<Venv, String> {
    let venv = Venv::install(
        root,
        "botocore",
        // Exactly botocore and its dependencies, each pinned: nothing floats.
        &["--no-deps", "-r", "conformance/requirements.txt"],
        &root.join("conformance/requirements.txt"),
    )?;
    let samples = crate::samples_jsonl(root)?;
    let mut child = Command::new(venv.bin("python"))
        .current_dir(root)
        .arg("conformance/botocore_requests.py")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run conformance/botocore_requests.py: {error}"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written from a thread: the script prints while it reads, and both pipes must drain.
    let writer = std::thread::spawn(move || stdin.write_all(samples.as_bytes()));
    let deadline = Deadline::kill_after(child.id(), RECORD_LIMIT);
    let output = child
        .wait_with_output()
        .map_err(|error| format!("conformance/botocore_requests.py: {error}"))?;
    drop(deadline);
    writer
        .join()
        .map_err(|_| "writing the samples failed".to_owned())?
        .map_err(|error| format!("cannot write the samples to botocore: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "conformance/botocore_requests.py failed ({}) or ran past {} s",
            output.status,
            RECORD_LIMIT.as_secs()
        ));
    }
    let recorded = fs::read(root.join("conformance/botocore.jsonl"))
        .map_err(|error| format!("cannot read conformance/botocore.jsonl: {error}"))?;
    if recorded != output.stdout {
        return Err(
            "conformance/botocore.jsonl is not what botocore 1.44.5 builds from \
             today's samples: regenerate it as docs/CONFORMANCE.md says"
                .into(),
        );
    }
    println!("conformance/botocore.jsonl is what botocore 1.44.5 builds");
    Ok(venv)
}

/// `conformance/boto3-docs.jsonl` must be what `conformance/boto3_docs.py` prints with the
/// pinned botocore.
fn check_boto3_docs_recording(root: &Path, venv: &Venv) -> Result<(), String> {
    const SCRIPT: &str = "conformance/boto3_docs.py";
    const RECORDING: &str = "conformance/boto3-docs.jsonl";
    let child = Command::new(venv.bin("python"))
        .current_dir(root)
        .arg(SCRIPT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {SCRIPT}: {error}"))?;
    let deadline = Deadline::kill_after(child.id(), RECORD_LIMIT);
    let output = child
        .wait_with_output()
        .map_err(|error| format!("{SCRIPT}: {error}"))?;
    drop(deadline);
    if !output.status.success() {
        return Err(format!(
            "{SCRIPT} failed ({}) or ran past {} s",
            output.status,
            RECORD_LIMIT.as_secs()
        ));
    }
    let recorded = fs::read(root.join(RECORDING))
        .map_err(|error| format!("cannot read {RECORDING}: {error}"))?;
    if recorded != output.stdout {
        return Err(format!(
            "{RECORDING} is not what botocore 1.44.5's documentation generator writes: \
             regenerate it as docs/CONFORMANCE.md says"
        ));
    }
    println!("{RECORDING} is what botocore 1.44.5's documentation generator writes");
    Ok(())
}

/// A virtualenv under `target/py/<name>` with a pinned set of packages.
struct Venv {
    dir: PathBuf,
}

impl Venv {
    /// Creates the virtualenv and installs `pip_args` unless the pinned list `pins` is the one
    /// installed last time.
    fn install(root: &Path, name: &str, pip_args: &[&str], pins: &Path) -> Result<Venv, String> {
        let dir = root.join("target/py").join(name);
        let venv = Venv { dir };
        let wanted =
            fs::read(pins).map_err(|error| format!("cannot read {}: {error}", pins.display()))?;
        let marker = venv.dir.join("installed-pins.txt");
        if fs::read(&marker).ok().as_deref() == Some(wanted.as_slice()) {
            return Ok(venv);
        }
        println!("installing {name} into {}", venv.dir.display());
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let mut create = Command::new(&python);
        create.args(["-m", "venv"]).arg(&venv.dir);
        bounded(
            create,
            INSTALL_LIMIT,
            "python3 -m venv (python3 with venv is needed)",
        )?;
        let mut pip = Command::new(venv.bin("pip"));
        pip.current_dir(root)
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(pip_args);
        bounded(
            pip,
            INSTALL_LIMIT,
            &format!("pip install {}", pip_args.join(" ")),
        )?;
        fs::write(&marker, wanted)
            .map_err(|error| format!("cannot write {}: {error}", marker.display()))?;
        Ok(venv)
    }

    fn bin(&self, program: &str) -> PathBuf {
        self.dir.join("bin").join(program)
    }
}

/// moto_server on 127.0.0.1, killed when dropped.
struct MotoServer {
    child: Child,
    endpoint: String,
}

impl MotoServer {
    fn start(root: &Path) -> Result<MotoServer, String> {
        let venv = Venv::install(
            root,
            "moto",
            &["-c", ".ci/moto-constraints.txt", "moto[server]==5.2.5"],
            &root.join(".ci/moto-constraints.txt"),
        )?;
        let log_path = venv.dir.join("moto_server.log");
        let log = fs::File::create(&log_path)
            .map_err(|error| format!("cannot write {}: {error}", log_path.display()))?;
        let child = Command::new(venv.bin("moto_server"))
            // Port 0: the OS picks a free port, which Werkzeug prints ("Running on http://...").
            .args(["-H", "127.0.0.1", "-p", "0"])
            .env("PYTHONUNBUFFERED", "1")
            .stdout(log.try_clone().map_err(|error| error.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|error| format!("cannot start moto_server: {error}"))?;
        let mut server = MotoServer {
            child,
            endpoint: String::new(),
        };
        let started = Instant::now();
        while started.elapsed() < START_LIMIT {
            let printed = fs::read_to_string(&log_path).unwrap_or_default();
            if let Some(address) = listening_address(&printed) {
                if TcpStream::connect(address).is_ok() {
                    server.endpoint = format!("http://{address}");
                    return Ok(server);
                }
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "moto_server exited ({status}); it printed:\n{printed}"
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "moto_server did not answer within {} s; it printed:\n{}",
            START_LIMIT.as_secs(),
            fs::read_to_string(&log_path).unwrap_or_default()
        ))
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `127.0.0.1:PORT` in Werkzeug's "Running on http://127.0.0.1:PORT" line.
fn listening_address(log: &str) -> Option<&str> {
    let start = log.find("http://127.0.0.1:")? + "http://".len();
    let rest = &log[start..];
    let port_start = "127.0.0.1:".len();
    let end = rest[port_start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(rest.len(), |digits| port_start + digits);
    (end > port_start).then(|| &rest[..end])
}

/// Runs `command` to completion, killed if it runs past `limit`.
fn bounded(mut command: Command, limit: Duration, what: &str) -> Result<(), String> {
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run {what}: {error}"))?;
    let deadline = Deadline::kill_after(child.id(), limit);
    let status = child.wait().map_err(|error| format!("{what}: {error}"))?;
    drop(deadline);
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({status}) or ran past {} s",
            limit.as_secs()
        ))
    }
}

/// Kills a process that is still running when the limit passes, unless dropped first.
struct Deadline {
    done: std::sync::mpsc::Sender<()>,
}

impl Deadline {
    fn kill_after(pid: u32, limit: Duration) -> Deadline {
        let (done, finished) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if finished.recv_timeout(limit) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                let _ = Command::new("kill").arg(pid.to_string()).status();
            }
        });
        Deadline { done }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        let _ = self.done.send(());
    }
}

#[cfg(test)]
mod tests {
    use super::listening_address;

    #[test]
    fn reads_the_port_werkzeug_prints() {
        let log = " * Running on http://127.0.0.1:40123\nPress CTRL+C to quit\n";
        assert_eq!(listening_address(log), Some("127.0.0.1:40123"));
        assert_eq!(listening_address("http://127.0.0.1:"), None);
        assert_eq!(listening_address("starting"), None);
    }
}
