//! `cargo xtask bench-requests`: the cost of a request. The one-operation application on this
//! SDK, on the peer SDK and on the bare dependency floor call DisassociateWorkspace against
//! the same local nginx (`../shared/bench/nginx-bench.conf`), in interleaved rounds, and the
//! medians are printed with ratios against the peer:
//!
//! - client CPU per request (user + system time of the client process over `--requests`
//!   sequential requests, start-up included);
//! - instructions per request under callgrind when valgrind is installed (the difference of
//!   two runs, so start-up cancels out): the figure that repeats from run to run;
//! - requests per second at concurrency 1 and 64 (the applications' own timing of their
//!   request loop);
//! - peak memory (max RSS) of each run.
//!
//! All three applications are built from a copy in the work directory (the reference ones live
//! in a read-only folder; `bench/sdk-app` is written as the peer is, which `bench-compile`
//! builds unchanged). To run requests concurrently, the copies get one mode: with `$C` above
//! 1, the `$N` requests are shared among `$C` tasks (`tokio::spawn`) that clone the client;
//! with `$C` unset, the loop runs as it is written. [`CONCURRENCY`] and each app's `patches`
//! are the whole change, refused if a source no longer matches.

use crate::bench::{cargo, copy_dir};
use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Where nginx-bench.conf listens.
const SERVER: &str = "127.0.0.1:18080";

/// Where nginx-bench.conf keeps its pid and logs (fixed in the file).
const NGINX_PREFIX: &str = "/tmp/ngx/";

/// The concurrent mode added to the reference apps: `$C` read next to `$N`, and the request
/// loop moved into `run(count)` (which clones what the tasks share), run in place when `$C`
/// is 1 and spread over `$C` tasks otherwise. `{clones}` is each app's list of clones.
const CONCURRENCY: [(&str, &str); 2] = [
    (
        "    let t = std::time::Instant::now();\n    for _ in 0..n {",
        "    let c: usize = std::env::var(\"C\").ok().and_then(|s| s.parse().ok()).unwrap_or(1).max(1);\n    \
         let run = |count: usize| { {clones} async move {\n    for _ in 0..count {",
    ),
    (
        "\n    }\n    eprintln!(\"{} requests in {:?}\", n, t.elapsed());",
        "\n    }\n    } };\n    let t = std::time::Instant::now();\n    \
         if c == 1 { run(n).await; } else {\n        \
         let tasks: Vec<_> = (0..c).map(|i| tokio::spawn(run(n / c + usize::from(i < n % c)))).collect();\n        \
         for task in tasks { task.await.unwrap(); }\n    }\n    \
         eprintln!(\"{} requests in {:?}\", n, t.elapsed());",
    ),
];

/// One application to measure.
struct App {
    name: &'static str,
    /// The binary's name, also the name of its folder and target directory in the work dir.
    binary: &'static str,
    /// Where it is built from (copied, then patched): a folder of `../shared/bench` or of
    /// the repository.
    source: PathBuf,
    /// The concurrency mode: the clones each task takes, and the other edits that sharing
    /// needs.
    patch: (&'static str, &'static [(&'static str, &'static str)]),
}

/// What one run of an application gave.
struct Run {
    cpu: Duration,
    loop_time: Duration,
    peak_rss_kb: u64,
}

pub struct Options {
    pub rounds: usize,
    pub requests: usize,
    pub concurrent_requests: usize,
    pub concurrency: usize,
    pub work_dir: Option<PathBuf>,
}

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    if options.rounds == 0
        || options.requests == 0
        || options.concurrent_requests == 0
        || options.concurrency == 0
    {
        return Err(
            "--rounds, --requests, --concurrent-requests and --concurrency must be at least 1"
                .into(),
        );
    }
    let nginx = find_nginx()?;
    let shared = root.join("../shared/bench");
    let work = options
        .work_dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("connect-bench-requests"));
    let apps = apps(root);
    let mut binaries = Vec::new();
    for app in &apps {
        binaries.push(build(app, &work)?);
    }
    let server = Nginx::start(&nginx, &shared.join("nginx-bench.conf"))?;
    for (app, binary) in apps.iter().zip(&binaries) {
        check_answer(app, binary)?;
    }

    let count = apps.len();
    let mut sequential: Vec<Vec<Run>> = (0..count).map(|_| Vec::new()).collect();
    let mut concurrent: Vec<Vec<Run>> = (0..count).map(|_| Vec::new()).collect();
    for round in 0..options.rounds {
        eprintln!("round {} of {} ...", round + 1, options.rounds);
        // Each round starts with another app, so that none always runs first.
        for offset in 0..count {
            let index = (round + offset) % count;
            let binary = &binaries[index];
            sequential[index].push(run_app(binary, options.requests, 1)?);
            concurrent[index].push(run_app(
                binary,
                options.concurrent_requests,
                options.concurrency,
            )?);
        }
    }
    let instructions: Vec<Option<f64>> = if valgrind_available() {
        eprintln!("counting instructions under callgrind ...");
        binaries
            .iter()
            .map(|binary| instructions_per_request(binary).map(Some))
            .collect::<Result<_, _>>()?
    } else {
        eprintln!("valgrind not found: no instruction counts");
        vec![None; count]
    };
    drop(server);

    let rows: Vec<Row> = (0..count)
        .map(|index| Row {
            name: apps[index].name,
            cpu_us: median(
                sequential[index]
                    .iter()
                    .map(|run| run.cpu.as_secs_f64() * 1e6 / options.requests as f64),
            ),
            instructions: instructions[index],
            rps_1: median(
                sequential[index]
                    .iter()
                    .map(|run| options.requests as f64 / run.loop_time.as_secs_f64()),
            ),
            rps_c: median(
                concurrent[index]
                    .iter()
                    .map(|run| options.concurrent_requests as f64 / run.loop_time.as_secs_f64()),
            ),
            rss_1: median(sequential[index].iter().map(|run| run.peak_rss_kb as f64)),
            rss_c: median(concurrent[index].iter().map(|run| run.peak_rss_kb as f64)),
        })
        .collect();
    print_table(&rows, options);
    Ok(())
}

struct Row {
    name: &'static str,
    cpu_us: f64,
    instructions: Option<f64>,
    rps_1: f64,
    rps_c: f64,
    rss_1: f64,
    rss_c: f64,
}

fn print_table(rows: &[Row], options: &Options) {
    let peer = rows.last().expect("three applications");
    let floor = &rows[0];
    let ratio = |value: f64, reference: f64| format!("{:.2}x", value / reference);
    println!(
        "DisassociateWorkspace against nginx on {SERVER}, medians of {} interleaved rounds \
         ({} sequential requests; {} requests at concurrency {}):",
        options.rounds, options.requests, options.concurrent_requests, options.concurrency
    );
    println!(
        "| application | client CPU/request | vs peer | instructions/request | vs peer \
         | requests/s (1) | vs peer | requests/s ({c}) | vs peer | peak RSS (1) | peak RSS ({c}) |",
        c = options.concurrency
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for row in rows {
        let (instructions, instructions_ratio) = match (row.instructions, peer.instructions) {
            (Some(count), Some(reference)) => (format!("{count:.0}"), ratio(count, reference)),
            _ => ("n/a".to_owned(), "n/a".to_owned()),
        };
        println!(
            "| {} | {:.1} µs | {} | {instructions} | {instructions_ratio} | {:.0} | {} | {:.0} | {} \
             | {:.1} MB | {:.1} MB |",
            row.name,
            row.cpu_us,
            ratio(row.cpu_us, peer.cpu_us),
            row.rps_1,
            ratio(row.rps_1, peer.rps_1),
            row.rps_c,
            ratio(row.rps_c, peer.rps_c),
            row.rss_1 / 1e3,
            row.rss_c / 1e3,
        );
    }
    let sdk = &rows[1];
    let mut against_floor = format!(
        "this SDK against the floor: client CPU {}",
        ratio(sdk.cpu_us, floor.cpu_us)
    );
    if let (Some(count), Some(reference)) = (sdk.instructions, floor.instructions) {
        against_floor.push_str(&format!(", instructions {}", ratio(count, reference)));
    }
    println!("{against_floor}");
}

/// The median of `values` (the mean of the middle two for an even count; NaN for none).
pub(crate) fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The three applications, with the concurrency mode each takes.
fn apps(root: &Path) -> [App; 3] {
    let shared = root.join("../shared/bench");
    [
        App {
            name: "floor (reqwest + aws-sigv4 + serde_json)",
            binary: "floor-app",
            source: shared.join("floor-app"),
            patch: (
                "let client = client.clone(); let endpoint = endpoint.clone(); \
                 let identity = std::sync::Arc::clone(&identity);",
                &[
                    (
                        "let identity = creds.into();",
                        "let identity = std::sync::Arc::new(creds.into());",
                    ),
                    (".identity(&identity)", ".identity(&*identity)"),
                ],
            ),
        },
        App {
            name: "this SDK (connect-sdk, one feature)",
            binary: "sdk-app",
            source: root.join("bench/sdk-app"),
            patch: ("let client = client.clone();", &[]),
        },
        App {
            name: "peer (aws-sdk-connect)",
            binary: "peer-app",
            source: shared.join("peer-app"),
            patch: ("let client = client.clone();", &[]),
        },
    ]
}

/// Copies and patches an app, then builds it in release mode with its own target directory in
/// `work`; returns the binary.
fn build(app: &App, work: &Path) -> Result<PathBuf, String> {
    let (clones, edits) = app.patch;
    let dir = work.join(app.binary);
    copy_dir(&app.source, &dir)?;
    edit(&dir.join("src/main.rs"), |text| {
        with_concurrency(text, clones, edits)
            .map_err(|error| format!("{}: {error}", app.source.join("src/main.rs").display()))
    })?;
    edit(&dir.join("Cargo.toml"), |text| {
        Ok(with_absolute_paths(text, &app.source))
    })?;
    let target = work.join(format!("{}-target", app.binary));
    eprintln!("building {} (release) ...", app.name);
    cargo(&dir, &target, &["build", "--release", "--quiet"])?;
    Ok(target.join("release").join(app.binary))
}

/// Rewrites the file at `path` as `change` says.
fn edit(path: &Path, change: impl FnOnce(&str) -> Result<String, String>) -> Result<(), String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    std::fs::write(path, change(&text)?).map_err(|error| format!("{}: {error}", path.display()))
}

/// `manifest` with its relative path dependencies taken from `source`, the folder it was
/// copied from.
fn with_absolute_paths(manifest: &str, source: &Path) -> String {
    let marker = "path = \"";
    let mut parts = manifest.split(marker);
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        out.push_str(marker);
        if !part.starts_with('/') {
            out.push_str(&format!("{}/", source.display()));
        }
        out.push_str(part);
    }
    out
}

/// `source` with the concurrency mode: [`CONCURRENCY`] (taking `clones`) and `edits`, each
/// of which must match exactly once.
fn with_concurrency(source: &str, clones: &str, edits: &[(&str, &str)]) -> Result<String, String> {
    let concurrency = CONCURRENCY.map(|(from, to)| (from, to.replace("{clones}", clones)));
    let all = concurrency
        .iter()
        .map(|(from, to)| (*from, to.as_str()))
        .chain(edits.iter().copied());
    let mut text = source.to_owned();
    for (from, to) in all {
        if text.matches(from).count() != 1 {
            return Err(format!(
                "cannot add the concurrency mode: `{from}` is not found exactly once \
                 (has the reference app changed?)"
            ));
        }
        text = text.replace(from, to);
    }
    Ok(text)
}

fn find_nginx() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            "nginx not found: bench-requests measures against the nginx of \
             ../shared/bench/nginx-bench.conf; install it (e.g. `apt-get install nginx-light`)"
                .to_owned()
        })
}

/// The nginx of nginx-bench.conf, stopped when dropped.
struct Nginx {
    program: PathBuf,
    config: PathBuf,
}

impl Nginx {
    fn start(program: &Path, config: &Path) -> Result<Self, String> {
        if TcpStream::connect(SERVER).is_ok() {
            return Err(format!(
                "something already listens on {SERVER}: stop it first (an nginx of an earlier \
                 run stops with `nginx -c {} -p {NGINX_PREFIX} -s stop`)",
                config.display()
            ));
        }
        std::fs::create_dir_all(Path::new(NGINX_PREFIX).join("logs"))
            .map_err(|error| format!("{NGINX_PREFIX}logs: {error}"))?;
        let status = Command::new(program)
            .arg("-c")
            .arg(config)
            .args(["-p", NGINX_PREFIX])
            .status()
            .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
        if !status.success() {
            return Err(format!(
                "nginx did not start ({status}); see {NGINX_PREFIX}logs/error.log"
            ));
        }
        let server = Self {
            program: program.to_owned(),
            config: config.to_owned(),
        };
        for _ in 0..100 {
            if TcpStream::connect(SERVER).is_ok() {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("nginx started but does not answer on {SERVER}"))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let stopped = Command::new(&self.program)
            .arg("-c")
            .arg(&self.config)
            .args(["-p", NGINX_PREFIX, "-s", "stop"])
            .status();
        if !stopped.is_ok_and(|status| status.success()) {
            eprintln!("warning: could not stop nginx (pid in {NGINX_PREFIX}nginx.pid)");
        }
    }
}

/// One request, whose answer must be the parsed successful output: a benchmark of failing
/// requests would measure nothing.
fn check_answer(app: &App, binary: &Path) -> Result<(), String> {
    let output = Command::new(binary)
        .env("N", "1")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = "instance/inst-1/agent/a1";
    if output.status.success() && stdout.contains(expected) && !stdout.starts_with("Err") {
        Ok(())
    } else {
        Err(format!(
            "{} did not get the answer of nginx-bench.conf ({}): {stdout}{}",
            app.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Runs `binary` for `requests` requests over `concurrency` tasks; CPU time and peak memory
/// come from the kernel's accounting of the child (wait4), the loop time from the app.
fn run_app(binary: &Path, requests: usize, concurrency: usize) -> Result<Run, String> {
    let mut child = Command::new(binary)
        .env("N", requests.to_string())
        .env("C", concurrency.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr)
            .map_err(|error| format!("{}: {error}", binary.display()))?;
    }
    let (status, usage) = wait_with_usage(child.id())?;
    if status != 0 {
        return Err(format!(
            "{} failed (wait status {status}): {stderr}",
            binary.display()
        ));
    }
    let loop_time = stderr
        .lines()
        .find_map(|line| line.split_once(" requests in ").map(|(_, time)| time))
        .and_then(parse_debug_duration)
        .ok_or_else(|| {
            format!(
                "{}: no `N requests in TIME` line: {stderr}",
                binary.display()
            )
        })?;
    let time = |value: libc::timeval| {
        Duration::from_secs(value.tv_sec as u64) + Duration::from_micros(value.tv_usec as u64)
    };
    Ok(Run {
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        loop_time,
        peak_rss_kb: usage.ru_maxrss as u64,
    })
}

/// Waits for child `pid` and returns its wait status and resource usage.
fn wait_with_usage(pid: u32) -> Result<(i32, libc::rusage), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|error| error.to_string())?;
    let mut status = 0;
    // SAFETY: rusage is plain data, for which all zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for (std's `Child` is never waited on
    // here); `status` and `usage` are valid for writes for the call's duration.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited == pid {
        Ok((status, usage))
    } else {
        Err(format!("wait4 failed: {}", std::io::Error::last_os_error()))
    }
}

/// A `Duration` as `{:?}` prints it: `2.61905264s`, `975.469µs`, `12ms`, `800ns`.
fn parse_debug_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let seconds = match unit {
        "s" => value,
        "ms" => value / 1e3,
        "µs" | "us" => value / 1e6,
        "ns" => value / 1e9,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

fn valgrind_available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Instructions per request: the callgrind totals of 4,200 and of 200 requests, whose
/// difference leaves out start-up, divided by 4,000.
fn instructions_per_request(binary: &Path) -> Result<f64, String> {
    let (few, many) = (200, 4200);
    let total = |requests: usize| -> Result<u64, String> {
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(binary)
            .env("N", requests.to_string())
            .output()
            .map_err(|error| format!("cannot run valgrind: {error}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        log.lines()
            .find_map(|line| line.split_once("Collected : ").map(|(_, count)| count))
            .and_then(|count| count.trim().parse().ok())
            .filter(|_| output.status.success())
            .ok_or_else(|| format!("callgrind of {} failed: {log}", binary.display()))
    };
    let (small, large) = (total(few)?, total(many)?);
    Ok(large.saturating_sub(small) as f64 / (many - few) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_durations_parse() {
        assert_eq!(
            parse_debug_duration("2.5s"),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            parse_debug_duration("975.5µs"),
            Some(Duration::from_nanos(975_500))
        );
        assert_eq!(
            parse_debug_duration("12ms"),
            Some(Duration::from_millis(12))
        );
        assert_eq!(
            parse_debug_duration("800ns"),
            Some(Duration::from_nanos(800))
        );
        assert_eq!(parse_debug_duration("soon"), None);
        assert_eq!(parse_debug_duration("3 days"), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0, 2.0, 3.0].into_iter()), 2.5);
        assert!(median(std::iter::empty()).is_nan());
    }

    #[test]
    fn concurrency_mode_is_added_or_refused() {
        let source = "    let identity = make();\n    let t = std::time::Instant::now();\n    \
            for _ in 0..n {\n        work(&identity);\n    }\n    \
            eprintln!(\"{} requests in {:?}\", n, t.elapsed());\n}\n";
        let edits = [("work(&identity)", "work(&*identity)")];
        let patched = with_concurrency(source, "let identity = clone(&identity);", &edits).unwrap();
        assert!(patched
            .contains("let run = |count: usize| { let identity = clone(&identity); async move {"));
        assert!(patched.contains("for _ in 0..count {\n        work(&*identity);"));
        assert!(patched.contains("if c == 1 { run(n).await; }"));
        let missing = with_concurrency(source, "", &[("absent", "x")]).unwrap_err();
        assert!(
            missing.contains("`absent` is not found exactly once"),
            "{missing}"
        );
        let changed = source.replace("for _ in 0..n", "for _ in 0..n * 2");
        assert!(with_concurrency(&changed, "", &[]).is_err());
    }

    #[test]
    fn every_app_takes_the_concurrency_mode() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for app in apps(&root) {
            let main = app.source.join("src/main.rs");
            let source = std::fs::read_to_string(&main).unwrap();
            let (clones, edits) = app.patch;
            let patched = with_concurrency(&source, clones, edits)
                .unwrap_or_else(|error| panic!("{}: {error}", main.display()));
            assert!(patched.contains("tokio::spawn"), "{}", main.display());
        }
    }

    #[test]
    fn copied_manifests_point_back_at_their_path_dependencies() {
        let manifest =
            "[dependencies]\nsdk = { path = \"../../services/sdk\", features = [\"a\"] }\n\
            other = { path = \"/abs/other\" }\n";
        let copied = with_absolute_paths(manifest, Path::new("/repo/bench/app"));
        assert_eq!(
            copied,
            "[dependencies]\nsdk = { path = \"/repo/bench/app/../../services/sdk\", features = [\"a\"] }\n\
            other = { path = \"/abs/other\" }\n"
        );
    }
}
