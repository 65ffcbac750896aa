//! `credential_process` against a real child process: the helper program of this package plays
//! the credential program, so every call here starts a process, reads its output and its exit
//! status. This file is its own test binary: its tracing subscriber sees only its own tests.

use connect_runtime::credentials::process::{
    CredentialProcessError, CredentialProcessProvider, ProcessProblem,
};
use connect_runtime::{Credentials, CredentialsError, ProvideCredentials};
use std::fmt::{self, Write as _};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const HELPER: &str = env!("CARGO_BIN_EXE_fake-credential-process");
const CONFIG: &str = "/home/me/.aws/config";
// The helper's secrets.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPROCESSSECRET";
const TOKEN: &str = "IQoJb3JpZ2luX2VjPROCESSSESSIONTOKEN";

/// The helper's path quoted, so that the command splits alike on every platform.
fn command(arguments: &str) -> String {
    format!("\"{HELPER}\" {arguments}")
}

fn provider(arguments: &str) -> CredentialProcessProvider {
    CredentialProcessProvider::new("dev", CONFIG, &command(arguments)).expect("a valid command")
}

/// Runs the provider once; no call may take longer than a generous bound.
async fn run(provider: &CredentialProcessProvider) -> Result<Credentials, CredentialsError> {
    tokio::time::timeout(Duration::from_secs(30), provider.provide_credentials())
        .await
        .expect("the helper answers within 30 s")
}

fn process_error(error: &CredentialsError) -> &CredentialProcessError {
    match error {
        CredentialsError::CredentialProcess(error) => error,
        other => panic!("not a credential_process error: {other:?}"),
    }
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn version_1_credentials_with_their_expiry() {
    let credentials = run(&provider("ok 2030-01-02T03:04:05Z")).await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAPROCESS");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(TOKEN));
    assert_eq!(
        credentials.expiry(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445))
    );
    assert_no_secret(&format!("{credentials:?}"));

    // Long-term keys: no session token, no expiry, which is allowed.
    let keys = run(&provider("keys")).await.unwrap();
    assert_eq!(
        keys,
        Credentials::new("AKIAPROCESS", SECRET, None),
        "{keys:?}"
    );
    assert_eq!(keys.expiry(), None);
}

#[tokio::test]
async fn arguments_arrive_as_split_and_the_environment_is_inherited() {
    let echoed = run(&provider(r#"args "two words" plain "" last"#))
        .await
        .unwrap();
    assert_eq!(echoed.access_key_id(), "two words|plain||last");
    #[cfg(unix)]
    {
        let echoed = run(&provider(r#"args 'single "quoted"' back\ slash"#))
            .await
            .unwrap();
        assert_eq!(echoed.access_key_id(), r#"single "quoted"|back slash"#);
    }
    // Cargo sets this variable for the tests it runs; the helper sees it.
    let inherited = run(&provider("env CARGO_PKG_NAME")).await.unwrap();
    assert_eq!(
        inherited.access_key_id(),
        "connect-credential-process-tests"
    );
}

#[tokio::test]
async fn a_failing_program_gives_its_status_and_trimmed_stderr_only() {
    let error = run(&provider("fail")).await.unwrap_err();
    let details = process_error(&error);
    assert_eq!(details.profile, "dev");
    assert_eq!(details.file, Path::new(CONFIG));
    assert_eq!(details.program, HELPER);
    assert_eq!(
        details.problem,
        ProcessProblem::Failed {
            status: "exit code 1".into(),
            stderr: "the MFA device is not connected".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "`credential_process` of profile `dev` in {CONFIG}: `{HELPER}` failed (exit code 1): \
             the MFA device is not connected"
        )
    );
    assert_no_secret(&format!("{error} {error:?}"));

    let error = run(&provider("noisy")).await.unwrap_err();
    let ProcessProblem::Failed { status, stderr } = &process_error(&error).problem else {
        panic!("{error:?}")
    };
    assert_eq!(status, "exit code 3");
    assert_eq!(
        stderr,
        &format!("{}... (7952 more bytes)", "e".repeat(2048))
    );
}

#[tokio::test]
async fn standard_error_is_read_while_standard_output_is() {
    // A program that fills the standard error pipe before it writes its answer waits for the
    // pipe to be read: reading one pipe after the other would never end.
    let credentials = run(&provider("chatty")).await.unwrap();
    assert_eq!(credentials.access_key_id(), "AKIACHATTY");
}

#[cfg(unix)]
#[tokio::test]
async fn a_program_killed_by_a_signal_says_which() {
    let error = run(&provider("abort")).await.unwrap_err();
    let ProcessProblem::Failed { status, .. } = &process_error(&error).problem else {
        panic!("{error:?}")
    };
    assert_eq!(status, "killed by signal 6");
}

#[tokio::test]
async fn unusable_output_is_an_error_that_never_shows_it() {
    for (mode, what) in [
        (
            "garbage",
            "its standard output is not JSON (line 1, column 1)",
        ),
        (
            "version2",
            "`Version` is 2, but only version 1 is supported",
        ),
        ("no-secret", "`SecretAccessKey` is missing"),
    ] {
        let error = run(&provider(mode)).await.unwrap_err();
        assert_eq!(
            process_error(&error).problem,
            ProcessProblem::Output(what.into()),
            "{mode}"
        );
        let text = error.to_string();
        assert!(
            text.ends_with(&format!(
                "printed no usable credentials: {what} (the output is not shown, as it holds \
                 secrets)"
            )),
            "{text}"
        );
        assert_no_secret(&format!("{text} {error:?}"));
    }
}

#[tokio::test]
async fn a_program_that_cannot_be_started_is_named() {
    let missing = std::env::temp_dir().join("connect-no-such-credential-program");
    let command = format!("\"{}\" --profile dev", missing.display());
    let provider = CredentialProcessProvider::new("dev", CONFIG, &command).unwrap();
    let error = run(&provider).await.unwrap_err();
    let details = process_error(&error);
    assert_eq!(details.program, missing.display().to_string());
    let ProcessProblem::NotStarted(reason) = &details.problem else {
        panic!("{error:?}")
    };
    assert!(!reason.is_empty());
    assert!(
        error
            .to_string()
            .contains(&format!("`{}` could not be started: ", missing.display())),
        "{error}"
    );
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_call_given_up_stops_the_program() {
    let pid_file =
        std::env::temp_dir().join(format!("connect-credential-process-{}", std::process::id()));
    let _ = std::fs::remove_file(&pid_file);
    let provider = provider(&format!("sleep \"{}\"", pid_file.display()));
    let call = tokio::time::timeout(Duration::from_secs(2), provider.provide_credentials());
    assert!(call.await.is_err(), "the helper sleeps for a minute");
    let pid = std::fs::read_to_string(&pid_file).expect("the helper wrote its pid");
    std::fs::remove_file(&pid_file).unwrap();
    // Killed on drop: gone, or a zombie until tokio reaps it; never still sleeping.
    let stat = Path::new("/proc").join(pid.trim()).join("stat");
    let mut state = None;
    for _ in 0..100 {
        state = std::fs::read_to_string(&stat)
            .ok()
            .and_then(|text| text.rsplit(") ").next().map(|rest| rest.chars().next()))
            .flatten();
        if matches!(state, None | Some('Z' | 'X')) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(matches!(state, None | Some('Z' | 'X')), "state {state:?}");
}

#[tokio::test]
async fn debug_output_and_traces_hold_no_secret() {
    let capture = Capture::default();
    let _traced = tracing::subscriber::set_default(capture.clone());
    let provider = CredentialProcessProvider::new(
        "dev",
        CONFIG,
        &command(&format!("ok 2030-01-02T03:04:05Z --password {SECRET}")),
    )
    .unwrap();
    let credentials = run(&provider).await.unwrap();
    let failure = run(&self::provider("fail")).await.unwrap_err();
    let traced = capture.text();
    assert!(traced.contains("running credential_process"), "{traced}");
    assert!(
        traced.contains("credentials from credential_process"),
        "{traced}"
    );
    assert_no_secret(&traced);
    let shown = format!("{provider:?} {provider:#?} {credentials:?} {failure:?} {failure}");
    assert!(shown.contains("arguments: 4"), "{shown}");
    assert_no_secret(&shown);
}

// ---- A subscriber that records everything as text ----

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

impl Capture {
    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }

    fn push(&self, line: String) {
        let mut text = self.0.lock().unwrap();
        text.push_str(&line);
        text.push('\n');
    }
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", attributes.metadata().name());
        attributes.record(&mut Fields(&mut line));
        self.push(line);
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = format!("event {} {}", metadata.level(), metadata.target());
        event.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
