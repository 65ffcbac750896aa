//! `cargo xtask bench-compile`: the one-operation application built from clean on this SDK
//! (Connect's, and a family service's), on the peer SDK and on the bare dependency floor, one
//! after the other on the same machine, with times, peak memory, ratios against the peer and
//! the floor and (with `--release`) binary sizes.
//! `cargo xtask bench-cli`: what installing the `connect` tool costs.

use crate::requests::median;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One application to build.
struct App {
    name: &'static str,
    /// Where its sources are built from (copied first when `copy`).
    source: PathBuf,
    /// The binary's name.
    binary: &'static str,
    /// The reference apps live in a read-only folder: they are built from a copy.
    copy: bool,
}

/// What one build took.
struct Build {
    seconds: f64,
    peak_rss_kb: Option<u64>,
    /// User and system CPU time of cargo and every compiler it ran: less moved than the wall
    /// time by a machine whose other tenants come and go, and what a build on fewer cores pays.
    cpu_seconds: Option<f64>,
}

/// What one application measured: each round's build, and the release binary's size.
struct Row {
    name: &'static str,
    builds: Vec<Build>,
    size: Option<u64>,
}

impl Row {
    fn median(&self) -> f64 {
        median(self.builds.iter().map(|build| build.seconds))
    }
}

/// Builds the apps; with `rounds` above 1, the floor and this SDK's apps are built that many
/// times, interleaved (floor, SDK, family, floor, ...), so that a machine that speeds up or
/// slows down during the run weighs on all of them alike; the peer, five times slower, once.
pub fn run(root: &Path, release: bool, rounds: usize) -> Result<(), String> {
    let shared = root.join("../shared/bench");
    // Outside the repository: the copied apps would otherwise sit inside the SDK's workspace.
    let work = std::env::temp_dir().join("connect-bench-compile");
    let apps = [
        App {
            name: "floor (reqwest + aws-sigv4 + serde_json)",
            source: shared.join("floor-app"),
            binary: "floor-app",
            copy: true,
        },
        App {
            name: "this SDK (connect-sdk, one feature)",
            source: root.join("bench/sdk-app"),
            binary: "sdk-app",
            copy: false,
        },
        App {
            name: "this SDK, a family service (connectcases-sdk, one feature)",
            source: root.join("bench/family-app"),
            binary: "family-app",
            copy: false,
        },
        App {
            name: "peer (aws-sdk-connect)",
            source: shared.join("peer-app"),
            binary: "peer-app",
            copy: true,
        },
    ];
    let mut rows: Vec<Row> = apps
        .iter()
        .map(|app| Row {
            name: app.name,
            builds: Vec::new(),
            size: None,
        })
        .collect();
    let rounds = rounds.max(1);
    for round in 0..rounds {
        for (app, row) in apps.iter().zip(&mut rows) {
            let peer = app.binary == "peer-app";
            if peer && round + 1 < rounds {
                continue;
            }
            let (build, size) = build_app(app, &work, release && row.size.is_none())?;
            row.builds.push(build);
            row.size = row.size.or(size);
        }
    }
    print_rows(&rows, release, rounds);
    let (files, lines) = generated_lines(root)?;
    println!("generated Rust: {lines} lines in {files} files");
    Ok(())
}

/// One clean debug build of `app` (and a release one when `release`, for the binary's size).
fn build_app(app: &App, work: &Path, release: bool) -> Result<(Build, Option<u64>), String> {
    let dir = if app.copy {
        let dir = work.join(app.binary);
        copy_dir(&app.source, &dir)?;
        dir
    } else {
        app.source.clone()
    };
    let target = work.join(format!("{}-target", app.binary));
    // Downloads are not compile time: fetch first, untimed.
    cargo(&dir, &target, &["fetch", "--quiet"])?;
    let _ = std::fs::remove_dir_all(&target);
    eprintln!("building {} ...", app.name);
    let debug = timed_cargo(&dir, &target, &["build", "--quiet"])?;
    eprintln!("  {:.1} s", debug.seconds);
    if !release {
        return Ok((debug, None));
    }
    timed_cargo(&dir, &target, &["build", "--quiet", "--release"])?;
    let binary = target.join("release").join(app.binary);
    let size = std::fs::metadata(&binary)
        .map_err(|error| format!("{}: {error}", binary.display()))?
        .len();
    Ok((debug, Some(size)))
}

/// The table: median wall time per app, peak RSS, ratios against the peer and the floor (the
/// median of the rounds' own ratios, each against the floor built just before), sizes.
fn print_rows(rows: &[Row], release: bool, rounds: usize) {
    let floor = &rows[0];
    let peer = &rows[rows.len() - 1];
    let peer_seconds = peer.median();
    println!(
        "clean debug build of the one-operation application (same machine, one run{}):",
        if rounds > 1 {
            format!(", median of {rounds} interleaved rounds; the peer built once")
        } else {
            String::new()
        }
    );
    let sizes = if release {
        " release binary | vs peer |"
    } else {
        ""
    };
    println!(
        "| application | wall | peak RSS | vs peer | vs floor | rounds | CPU | CPU vs floor |{sizes}"
    );
    let rules = if release { " --- | --- |" } else { "" };
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |{rules}");
    for row in rows {
        let rss = row
            .builds
            .iter()
            .filter_map(|build| build.peak_rss_kb)
            .max()
            .map_or("n/a".to_owned(), |kb| format!("{:.2} GB", kb as f64 / 1e6));
        let wall = |build: &Build| Some(build.seconds);
        let cpu = |build: &Build| build.cpu_seconds;
        let vs_floor = ratio_to_floor(row, floor, wall).unwrap_or(f64::NAN);
        let cpu_text = |value: Option<f64>, unit: &str, digits: usize| {
            value.map_or("n/a".to_owned(), |value| format!("{value:.digits$}{unit}"))
        };
        let each: Vec<String> = row
            .builds
            .iter()
            .map(|build| format!("{:.1}", build.seconds))
            .collect();
        let mut line = format!(
            "| {} | {:.1} s | {rss} | {:.2}x | {vs_floor:.3}x | {} | {} | {} |",
            row.name,
            row.median(),
            row.median() / peer_seconds,
            each.join(", "),
            cpu_text(measure_median(row, cpu), " s", 1),
            cpu_text(ratio_to_floor(row, floor, cpu), "x", 3),
        );
        if let (Some(size), Some(peer_size)) = (row.size, peer.size) {
            line.push_str(&format!(
                " {:.1} MB | {:.2}x |",
                size as f64 / 1e6,
                size as f64 / peer_size as f64
            ));
        }
        println!("{line}");
    }
}

/// The median of `measure` over a row's builds, if every build has it.
fn measure_median(row: &Row, measure: impl Fn(&Build) -> Option<f64>) -> Option<f64> {
    let values: Option<Vec<f64>> = row.builds.iter().map(measure).collect();
    values.map(|values| median(values.into_iter()))
}

/// `row` against the floor: the median of each round's own ratio (against the floor built
/// just before) when both were built every round, else the ratio of the medians.
fn ratio_to_floor(row: &Row, floor: &Row, measure: impl Fn(&Build) -> Option<f64>) -> Option<f64> {
    if row.builds.len() != floor.builds.len() {
        return Some(measure_median(row, &measure)? / measure_median(floor, &measure)?);
    }
    let ratios: Option<Vec<f64>> = row
        .builds
        .iter()
        .zip(&floor.builds)
        .map(|(build, floor)| Some(measure(build)? / measure(floor)?))
        .collect();
    ratios.map(|ratios| median(ratios.into_iter()))
}

/// `cargo xtask bench-cli`: `cargo install --path crates/connect-cli` from clean, as a user
/// runs it (its own target directory, the release profile, the lock file), timed; then the
/// installed binary's size, and a stripped copy's.
pub fn cli(root: &Path) -> Result<(), String> {
    let work = std::env::temp_dir().join("connect-bench-cli");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|error| format!("{}: {error}", work.display()))?;
    let target = work.join("target");
    let installed = work.join("root");
    // Downloads are not compile time: fetch first, untimed.
    cargo(root, &target, &["fetch", "--locked", "--quiet"])?;
    eprintln!("installing the connect tool from clean ...");
    let install = [
        "install",
        "--quiet",
        "--locked",
        "--offline",
        "--path",
        "crates/connect-cli",
        "--root",
    ];
    let root_arg = installed.to_string_lossy().into_owned();
    let args: Vec<&str> = install.iter().copied().chain([root_arg.as_str()]).collect();
    let build = timed_cargo(root, &target, &args)?;
    let binary = installed.join("bin/connect");
    let size = |path: &Path| {
        std::fs::metadata(path)
            .map(|metadata| metadata.len() as f64 / 1e6)
            .map_err(|error| format!("{}: {error}", path.display()))
    };
    let built = size(&binary)?;
    let stripped = work.join("connect-stripped");
    std::fs::copy(&binary, &stripped).map_err(|error| error.to_string())?;
    let status = Command::new("strip")
        .arg(&stripped)
        .status()
        .map_err(|error| format!("cannot run strip: {error}"))?;
    if !status.success() {
        return Err(format!("strip {} failed", stripped.display()));
    }
    let cores = std::thread::available_parallelism().map_or(0, |cores| cores.get());
    let rss = build
        .peak_rss_kb
        .map_or("n/a".to_owned(), |kb| format!("{:.2} GB", kb as f64 / 1e6));
    println!("cargo install --path crates/connect-cli, from clean, {cores} cores (one run):");
    println!("| clean release build | peak RSS | binary as built | stripped |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| {:.0} s ({}:{:02}) | {rss} | {built:.1} MB | {:.1} MB |",
        build.seconds,
        build.seconds as u64 / 60,
        build.seconds as u64 % 60,
        size(&stripped)?
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// `cargo <args>` in `dir` with its own target directory, prefixed by `wrapper` if any.
fn cargo_command(
    wrapper: &[&std::ffi::OsStr],
    dir: &Path,
    target: &Path,
    args: &[&str],
) -> Command {
    let mut command = match wrapper.split_first() {
        Some((program, wrapper_args)) => {
            let mut command = Command::new(program);
            command.args(wrapper_args).arg("cargo");
            command
        }
        None => Command::new("cargo"),
    };
    // Never incremental, whatever the shell says: a user's build takes the SDK from the
    // registry, whose crates cargo never compiles incrementally, while here they are path
    // dependencies, which it would (about 30% more CPU for them, measured).
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    command
}

fn succeed(mut command: Command, dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} failed in {}",
            args.join(" "),
            dir.display()
        ))
    }
}

pub(crate) fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    succeed(cargo_command(&[], dir, target, args), dir, args)
}

/// Runs cargo under `/usr/bin/time` when it exists (for peak memory), timing the wall clock.
fn timed_cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Build, String> {
    let time = Path::new("/usr/bin/time");
    let report = target.with_extension("time");
    let wrapper = [
        time.as_os_str(),
        "-f".as_ref(),
        "%M %U %S".as_ref(),
        "-o".as_ref(),
        report.as_os_str(),
    ];
    let wrapper: &[&std::ffi::OsStr] = if time.exists() { &wrapper } else { &[] };
    let started = Instant::now();
    succeed(cargo_command(wrapper, dir, target, args), dir, args)?;
    let seconds = started.elapsed().as_secs_f64();
    let report = std::fs::read_to_string(&report).unwrap_or_default();
    let (peak_rss_kb, cpu_seconds) = parse_time_report(&report);
    Ok(Build {
        seconds,
        peak_rss_kb,
        cpu_seconds,
    })
}

/// The peak RSS (KB) and CPU seconds (user + system) of `/usr/bin/time -f "%M %U %S"`'s last
/// line (a failing command's report has a line before it).
fn parse_time_report(report: &str) -> (Option<u64>, Option<f64>) {
    let Some(line) = report.trim().lines().last() else {
        return (None, None);
    };
    let mut fields = line.split_whitespace();
    let rss = fields.next().and_then(|field| field.parse().ok());
    let mut seconds = fields.map(|field| field.parse::<f64>().ok());
    let cpu = match (seconds.next(), seconds.next()) {
        (Some(Some(user)), Some(Some(system))) => Some(user + system),
        _ => None,
    };
    (rss, cpu)
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|error| format!("{}: {error}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|error| format!("{}: {error}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| error.to_string())?;
        let path = entry.path();
        let destination = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &destination)?;
        } else {
            // Read and written rather than copied: a copy would keep the source's read-only
            // mode, and the next run could not replace it.
            let bytes =
                std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
            std::fs::write(&destination, bytes)
                .map_err(|error| format!("{}: {error}", destination.display()))?;
        }
    }
    Ok(())
}

/// Files and lines of the generated Rust source of Amazon Connect (its service folder and the
/// `connect` tool).
fn generated_lines(root: &Path) -> Result<(usize, usize), String> {
    let mut files = 0;
    let mut lines = 0;
    let manifest = crate::manifest::Manifest::load(root)?;
    let connect = manifest.service("connect")?;
    let mut todo: Vec<PathBuf> = [connect.options.dir.as_str(), connect_codegen::CLI_DIR]
        .iter()
        .map(|dir| root.join(dir))
        .collect();
    while let Some(dir) = todo.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|error| format!("{}: {error}", path.display()))?;
                files += 1;
                lines += text.lines().count();
            }
        }
    }
    Ok((files, lines))
}

#[cfg(test)]
mod tests {
    use super::{median, parse_time_report, ratio_to_floor, Build, Row};

    #[test]
    fn time_reports_give_memory_and_cpu() {
        assert_eq!(
            parse_time_report("812344 91.10 12.61\n"),
            (Some(812_344), Some(103.71))
        );
        // A failing command's report starts with its exit status.
        let failed = "Command exited with non-zero status 101\n1200 0.50 0.25\n";
        assert_eq!(parse_time_report(failed), (Some(1200), Some(0.75)));
        assert_eq!(parse_time_report("1200\n"), (Some(1200), None));
        assert_eq!(parse_time_report(""), (None, None));
    }

    fn row(seconds: &[f64]) -> Row {
        Row {
            name: "app",
            builds: seconds
                .iter()
                .map(|&seconds| Build {
                    seconds,
                    peak_rss_kb: None,
                    cpu_seconds: Some(seconds * 2.0),
                })
                .collect(),
            size: None,
        }
    }

    #[test]
    fn ratios_are_taken_round_by_round() {
        let floor = row(&[50.0, 70.0, 60.0]);
        let sdk = row(&[52.5, 70.0, 66.0]);
        let wall = ratio_to_floor(&sdk, &floor, |build| Some(build.seconds)).unwrap();
        // Rounds: 1.05, 1.00, 1.10; the ratio of the medians would say 66/60 = 1.10.
        assert!((wall - 1.05).abs() < 1e-9, "{wall}");
        let cpu = ratio_to_floor(&sdk, &floor, |build| build.cpu_seconds).unwrap();
        assert!((cpu - 1.05).abs() < 1e-9, "{cpu}");
        let once = row(&[120.0]);
        let peer = ratio_to_floor(&once, &floor, |build| Some(build.seconds)).unwrap();
        assert!((peer - 2.0).abs() < 1e-9, "{peer}");
        assert_eq!(median([3.0, 1.0].into_iter()), 2.0);
    }
}
