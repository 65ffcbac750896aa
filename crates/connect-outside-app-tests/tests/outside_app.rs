//! An application outside this workspace (`app/main.rs`) that depends on connect-sdk with the
//! features of two operations, built with cargo and run against connect-mock on 127.0.0.1,
//! which checks every request's SigV4 signature on its own:
//!
//! - by path (`connect-sdk = { path = ".../services/connect/sdk" }`), offline;
//! - as a git dependency of a `file://` repository made here from the working tree's files
//!   (every file git tracks or would track, as it is on disk now, committed with a fixed
//!   date, so that an unchanged tree is the same commit from run to run).
//!
//! Ignored by default: each builds the SDK's crates the application needs. `cargo xtask test`
//! runs them after the workspace's tests. The application gets the workspace's Cargo.lock (no
//! version is resolved anew), its target folder and its dev profile (registry crates already
//! built for the same features are reused).

use connect_mock::{Credentials, MockResponse, MockServer, RecordedRequest, SignatureCheck};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const ACCESS_KEY: &str = "AKIDOUTSIDEAPP";
const SECRET_KEY: &str = "outside/app/EXAMPLE/secret/access/key";
const A1: &str = "arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1";
const A2: &str = "arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a2";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The workspace's target folder (`CARGO_TARGET_TMPDIR` is its `tmp`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// An empty folder `name` for this test's files, under the target folder's `tmp`.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("outside-app")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the application `package` into `dir`, depending on connect-sdk as `sdk` says
/// (`path = "..."` or `git = "..."`).
fn write_app(dir: &Path, package: &str, sdk: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        r#"[package]
name = "{package}"
version = "0.0.0"
edition = "2021"
publish = false

# An application of its own, not a member of the SDK's workspace.
[workspace]

[dependencies]
connect-sdk = {{ {sdk}, features = ["disassociate-workspace", "list-users"] }}
tokio = {{ version = "1", features = ["rt", "macros"] }}

# The SDK workspace's dev profile, so that the registry crates it built are reused.
[profile.dev]
debug = "line-tables-only"
"#
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("app/main.rs"),
        dir.join("src/main.rs"),
    )
    .unwrap();
    // Every registry crate at the version the workspace is tested with.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// Builds the application in `dir` into the workspace's target folder; returns its binary.
fn build(dir: &Path, package: &str, extra: &[&str]) -> PathBuf {
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(["build", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(extra)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo build of {package} failed:\n{stderr}"
    );
    // The workspace's lock had every registry crate: nothing was looked up or downloaded.
    assert!(
        !stderr.contains("Updating crates.io index") && !stderr.contains("Downloaded "),
        "cargo build of {package} went to the registry:\n{stderr}"
    );
    eprintln!(
        "{package}: built in {:.1?} ({} crates compiled)",
        started.elapsed(),
        stderr.matches("Compiling ").count()
    );
    target_dir().join("debug").join(package)
}

/// The service's answers: DisassociateWorkspace disassociates the first ARN and not the
/// second; ListUsers has two pages.
fn answer(request: &RecordedRequest) -> MockResponse {
    match (request.method.as_str(), request.path(), request.query()) {
        ("POST", "/workspaces/inst-1/ws-1/disassociate", None) => MockResponse::json(
            200,
            format!(
                r#"{{"SuccessfulList":[{{"ResourceArn":"{A1}"}}],
                    "FailedList":[{{"ResourceArn":"{A2}","ErrorCode":"404","ErrorMessage":"Not associated"}}]}}"#
            ),
        ),
        ("GET", "/users-summary/inst-1", None) => MockResponse::json(
            200,
            r#"{"UserSummaryList":[{"Id":"u1","Username":"alice"},{"Id":"u2","Username":"bob"}],
                "NextToken":"page2"}"#,
        ),
        ("GET", "/users-summary/inst-1", Some("nextToken=page2")) => MockResponse::json(
            200,
            r#"{"UserSummaryList":[{"Id":"u3","Username":"carol"}]}"#,
        ),
        _ => MockResponse::json(
            400,
            r#"{"__type":"InvalidRequestException","Message":"not a request of this test"}"#,
        ),
    }
}

/// Runs the application `binary` against a local server and checks what it printed and what
/// the server received.
async fn run_against_the_mock(binary: &Path, home: &Path) {
    let server = MockServer::start(
        Credentials::new(ACCESS_KEY, SECRET_KEY),
        "us-east-1",
        "connect",
        answer,
    )
    .await
    .unwrap();
    // Only what the application is given: no proxy, no profile of this machine.
    let output = Command::new(binary)
        .env_clear()
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"))
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_ENDPOINT_URL_CONNECT", server.endpoint())
        .env("CONNECT_SDK_LOOPBACK_ONLY", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the application failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout,
        format!(
            "disassociated {A1}\n\
             not disassociated {A2}: 404 Not associated\n\
             user u1 alice\n\
             user u2 bob\n\
             user u3 carol\n"
        )
    );
    let requests = server.requests();
    let seen: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("POST", "/workspaces/inst-1/ws-1/disassociate"),
            ("GET", "/users-summary/inst-1"),
            ("GET", "/users-summary/inst-1?nextToken=page2"),
        ]
    );
    for request in &requests {
        assert_eq!(
            request.signature,
            SignatureCheck::Valid,
            "{}",
            request.target
        );
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        // The same commit for the same files, whoever runs it and whenever.
        .env("GIT_AUTHOR_NAME", "outside app test")
        .env("GIT_AUTHOR_EMAIL", "outside-app@localhost")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_NAME", "outside app test")
        .env("GIT_COMMITTER_EMAIL", "outside-app@localhost")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .unwrap_or_else(|error| panic!("cannot run git (needed for this test): {error}"));
    assert!(
        output.status.success(),
        "git {args:?} in {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A git repository at `at` holding the working tree's files as they are on disk: those git
/// tracks (with their uncommitted changes, without the deleted ones) and the new ones it does
/// not ignore. Returns its `file://` URL.
fn repository_of_the_working_tree(at: &Path) -> String {
    let root = workspace();
    let listed = git(
        &root,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    let mut copied = 0;
    for path in listed.split('\0').filter(|path| !path.is_empty()) {
        let from = root.join(path);
        if !from.is_file() {
            continue;
        }
        let to = at.join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
        copied += 1;
    }
    assert!(copied > 1000, "only {copied} files listed by git");
    git(at, &["init", "--quiet"]);
    git(at, &["add", "--all"]);
    git(
        at,
        &[
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "--no-verify",
            "--message",
            "the working tree",
        ],
    );
    format!("file://{}", at.display())
}

/// Where cargo checked the git dependency `package` of the application in `dir` out.
fn checkout_of(dir: &Path, package: &str) -> Option<PathBuf> {
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(["metadata", "--format-version", "1", "--offline"])
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap();
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let manifest = metadata["packages"].as_array()?.iter().find(|p| {
        p["name"] == package && p["source"].as_str().is_some_and(|s| s.starts_with("git+"))
    })?["manifest_path"]
        .as_str()?
        .to_owned();
    // .../git/checkouts/<repository>-<hash>/<revision>/services/connect/sdk/Cargo.toml
    let mut path = Path::new(&manifest);
    while let Some(parent) = path.parent() {
        if parent.parent()?.file_name()? == "checkouts" {
            return Some(path.to_owned());
        }
        path = parent;
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "builds an application with cargo; `cargo xtask test` runs it"]
async fn an_application_depending_on_the_sdk_by_path_calls_two_operations() {
    let dir = scratch("by-path");
    let sdk = workspace().join("services/connect/sdk");
    let package = "connect-outside-app-by-path";
    write_app(
        &dir,
        package,
        &format!("path = {:?}", sdk.display().to_string()),
    );
    let binary = build(&dir, package, &["--offline"]);
    run_against_the_mock(&binary, &dir).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "builds an application with cargo; `cargo xtask test` runs it"]
async fn an_application_depending_on_the_sdk_from_git_calls_two_operations() {
    let started = Instant::now();
    let url = repository_of_the_working_tree(&scratch("connect-sdk-working-tree"));
    eprintln!(
        "repository of the working tree made in {:.1?}",
        started.elapsed()
    );
    let dir = scratch("from-git");
    let package = "connect-outside-app-from-git";
    write_app(&dir, package, &format!("git = {url:?}"));
    // Not offline: cargo fetches the git dependency (from the local repository); the registry
    // crates are all in the lock already.
    let binary = build(&dir, package, &[]);
    run_against_the_mock(&binary, &dir).await;
    // Leave nothing behind in cargo's home but its clone of the repository.
    if let Some(checkout) = checkout_of(&dir, "connect-sdk") {
        std::fs::remove_dir_all(checkout).unwrap();
    }
}
