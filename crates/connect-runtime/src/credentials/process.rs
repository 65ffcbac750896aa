//! `credential_process`: credentials printed by a program that a profile names, run as the AWS
//! CLI runs it.
//!
//! The command is split into the program and its arguments without a shell: on Unix-like
//! systems with POSIX shell quoting (`'...'`, `"..."`, backslashes), on Windows as the
//! Microsoft C runtime reads a command line. The program inherits the environment, standard
//! input and working directory; its standard output must be a JSON object in version 1 of the
//! format:
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2024-05-01T12:00:00Z"}
//! ```
//!
//! `SessionToken` and `Expiration` are optional; credentials without an expiry are kept for
//! the life of the client, the others until shortly before they expire.

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};
use crate::encoding::timestamp::{self, TimestampFormat};
use crate::json::{self, Map, Value};
use std::fmt;
use std::io::{self, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, SystemTime};
use tokio::task::{JoinError, JoinHandle};

/// The most of the program's standard error an error keeps, in bytes: enough for any message
/// meant for a person, not a whole log.
const STDERR_LIMIT: usize = 2048;

/// A profile's `credential_process` did not give credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialProcessError {
    /// The profile's name.
    pub profile: String,
    /// The file that sets `credential_process`.
    pub file: PathBuf,
    /// The program run (its arguments are not kept: they may hold secrets).
    pub program: String,
    /// What went wrong.
    pub problem: ProcessProblem,
}

impl fmt::Display for CredentialProcessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`credential_process` of profile `{}` in {}: `{}` {}",
            self.profile,
            self.file.display(),
            self.program,
            self.problem
        )
    }
}

/// What went wrong when running `credential_process`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProcessProblem {
    /// The program could not be started (why: not found, not executable, ...).
    NotStarted(String),
    /// The program ended unsuccessfully.
    Failed {
        /// How it ended, e.g. `exit code 1`.
        status: String,
        /// Its standard error, trimmed and cut after 2 KiB.
        stderr: String,
    },
    /// Its standard output is not credentials in version 1 of the format: what is wrong (the
    /// output itself is never kept, as it holds secrets).
    Output(String),
}

impl fmt::Display for ProcessProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotStarted(error) => write!(f, "could not be started: {error}"),
            Self::Failed { status, stderr } if stderr.is_empty() => {
                write!(f, "failed ({status}) and wrote nothing to standard error")
            }
            Self::Failed { status, stderr } => write!(f, "failed ({status}): {stderr}"),
            Self::Output(what) => write!(
                f,
                "printed no usable credentials: {what} (the output is not shown, as it holds \
                 secrets)"
            ),
        }
    }
}

/// Credentials from the program a profile's `credential_process` names, run at each call (the
/// client keeps what it returns until shortly before `Expiration`).
pub struct CredentialProcessProvider {
    profile: String,
    file: PathBuf,
    program: String,
    arguments: Vec<String>,
}

impl CredentialProcessProvider {
    /// The provider for `command`, the `credential_process` of profile `profile` set in
    /// `file`; an error when the command is empty or its quotes are not closed.
    pub fn new(
        profile: impl Into<String>,
        file: impl Into<PathBuf>,
        command: &str,
    ) -> Result<Self, CredentialsError> {
        let (profile, file) = (profile.into(), file.into());
        let words = split_command(command, cfg!(windows));
        let mut words = match words {
            Ok(words) => words.into_iter(),
            Err(problem) => {
                return Err(CredentialsError::InvalidCredentialProcess {
                    profile,
                    file,
                    problem,
                })
            }
        };
        let Some(program) = words.next() else {
            return Err(CredentialsError::InvalidCredentialProcess {
                profile,
                file,
                problem: "it is empty",
            });
        };
        Ok(Self {
            profile,
            file,
            program,
            arguments: words.collect(),
        })
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        tracing::debug!(profile = %self.profile, program = %self.program, "running credential_process");
        let output = self
            .run()
            .await
            .map_err(|error| self.error(ProcessProblem::NotStarted(error.to_string())))?;
        if !output.status.success() {
            return Err(self.error(ProcessProblem::Failed {
                status: describe(output.status),
                stderr: bounded(&output.stderr),
            }));
        }
        let credentials = parse_output(&output.stdout)
            .map_err(|what| self.error(ProcessProblem::Output(what)))?;
        tracing::debug!(
            profile = %self.profile,
            expiry = ?credentials.expiry(),
            "credentials from credential_process"
        );
        Ok(credentials)
    }

    /// Runs the program to its end. Its output is read on a blocking thread, so that this
    /// future can be dropped meanwhile (a timeout, a call given up): that stops the program,
    /// which closes its output and so ends the read.
    async fn run(&self) -> io::Result<Output> {
        let mut child = Command::new(&self.program)
            .args(&self.arguments)
            // As the AWS CLI does: a program may ask its user for an MFA code.
            .stdin(Stdio::inherit())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        // Both at once: a program blocked writing to one that is not read would never close
        // the other.
        let stdout = read_all(child.stdout.take().map(|pipe| Box::new(pipe) as Pipe));
        let stderr = read_all(child.stderr.take().map(|pipe| Box::new(pipe) as Pipe));
        let mut running = Running(Some(child));
        let read = |pipe: Result<_, JoinError>| pipe.map_err(io::Error::other)?;
        let (stdout, stderr) = (read(stdout.await)?, read(stderr.await)?);
        let status = running.exited().await?;
        Ok(Output {
            status,
            stdout,
            stderr,
        })
    }

    fn error(&self, problem: ProcessProblem) -> CredentialsError {
        CredentialsError::CredentialProcess(Box::new(CredentialProcessError {
            profile: self.profile.clone(),
            file: self.file.clone(),
            program: self.program.clone(),
            problem,
        }))
    }
}

// Arguments can hold secrets (a password, a token): Debug counts them.
impl fmt::Debug for CredentialProcessProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialProcessProvider")
            .field("profile", &self.profile)
            .field("file", &self.file)
            .field("program", &self.program)
            .field("arguments", &self.arguments.len())
            .finish()
    }
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// A started program, stopped when dropped before it ended (as the call it serves was).
struct Running(Option<Child>);

impl Running {
    /// How the program ended, once its output is closed: it usually has ended by then, but it
    /// may close its output and go on a little.
    async fn exited(&mut self) -> io::Result<ExitStatus> {
        loop {
            let Some(child) = self.0.as_mut() else {
                return Err(io::Error::other("the program was already waited for"));
            };
            if let Some(status) = child.try_wait()? {
                self.0 = None;
                return Ok(status);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            // Reaped off this thread: after a kill that takes a moment, and a drop must not block.
            std::thread::spawn(move || child.wait());
        }
    }
}

/// One of the program's output pipes, as one type: one reader compiled for both.
type Pipe = Box<dyn Read + Send>;

/// Starts reading `pipe` to its end on a blocking thread (now, not when awaited).
fn read_all(pipe: Option<Pipe>) -> JoinHandle<io::Result<Vec<u8>>> {
    tokio::task::spawn_blocking(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            pipe.read_to_end(&mut bytes)?;
        }
        Ok(bytes)
    })
}

/// The program and its arguments, as the AWS CLI splits `command` on this platform.
///
/// The POSIX form is the `shlex` crate's POSIX shell words, which differ from the Python
/// `shlex.split` the AWS CLI uses only where a shell would too: in double quotes `\$` and
/// `` \` `` give `$` and `` ` ``, and `#` at the start of a word begins a comment (which the
/// profile parser has already removed: it ends a value at a `#` after a blank).
fn split_command(command: &str, windows: bool) -> Result<Vec<String>, &'static str> {
    if windows {
        split_windows(command).ok_or("it has a double quote that is not closed")
    } else {
        shlex::split(command).ok_or("it has a quote that is not closed, or ends with a backslash")
    }
}

/// Splits `command` as the Microsoft C runtime reads a command line, as the AWS CLI does on
/// Windows: words are separated by spaces and tabs, double quotes group; backslashes are
/// literal except before a double quote, where each pair gives one backslash and an odd one
/// left over makes the quote literal. `None` when a quote is not closed.
fn split_windows(command: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    // `Some` once a word has begun: `""` is an empty word.
    let mut word: Option<String> = None;
    let mut quoted = false;
    let mut backslashes = 0;
    for c in command.chars() {
        if c == '\\' {
            backslashes += 1;
            continue;
        }
        let pending = std::mem::take(&mut backslashes);
        if c == '"' {
            let word = word.get_or_insert_with(String::new);
            word.extend(std::iter::repeat_n('\\', pending / 2));
            if pending % 2 == 1 {
                word.push('"');
            } else {
                quoted = !quoted;
            }
            continue;
        }
        if pending > 0 {
            let word = word.get_or_insert_with(String::new);
            word.extend(std::iter::repeat_n('\\', pending));
        }
        if (c == ' ' || c == '\t') && !quoted {
            words.extend(word.take());
        } else {
            word.get_or_insert_with(String::new).push(c);
        }
    }
    if quoted {
        return None;
    }
    if backslashes > 0 {
        let word = word.get_or_insert_with(String::new);
        word.extend(std::iter::repeat_n('\\', backslashes));
    }
    words.extend(word);
    Some(words)
}

/// How the program ended, e.g. `exit code 1` or `killed by signal 9`.
fn describe(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit code {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("killed by signal {signal}");
    }
    status.to_string()
}

/// Standard error as text, trimmed and cut after [`STDERR_LIMIT`] bytes (on a character
/// boundary), saying how much was left out.
fn bounded(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let text = text.trim();
    if text.len() <= STDERR_LIMIT {
        return text.to_owned();
    }
    let mut end = STDERR_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} more bytes)", &text[..end], text.len() - end)
}

/// The credentials of the program's standard output; the error says what is wrong without
/// repeating any of it.
fn parse_output(stdout: &[u8]) -> Result<Credentials, String> {
    if stdout.iter().all(u8::is_ascii_whitespace) {
        return Err("its standard output is empty".into());
    }
    let value = json::parse_value(stdout)
        .map_err(|error| format!("its standard output is not JSON{}", where_in(&error)))?;
    let Value::Object(fields) = value else {
        return Err("its standard output is not a JSON object".into());
    };
    check_version(&fields)?;
    let access_key_id = string(&fields, "AccessKeyId")?.ok_or("`AccessKeyId` is missing")?;
    let secret_access_key =
        string(&fields, "SecretAccessKey")?.ok_or("`SecretAccessKey` is missing")?;
    let session_token = string(&fields, "SessionToken")?.map(str::to_owned);
    let credentials = Credentials::new(access_key_id, secret_access_key, session_token);
    match string(&fields, "Expiration")? {
        None => Ok(credentials),
        Some(text) => Ok(credentials.with_expiry(parse_expiration(text)?)),
    }
}

/// ` (line L, column C)`: where text is not JSON, without quoting any of it.
pub(super) fn where_in(error: &json::JsonError) -> String {
    error
        .position()
        .map(|(line, column)| format!(" (line {line}, column {column})"))
        .unwrap_or_default()
}

fn check_version(fields: &Map) -> Result<(), String> {
    match fields.get("Version") {
        None => Err("`Version` is missing (it must be 1)".into()),
        Some(Value::Number(number)) if number.as_f64().is_some_and(|v| v == 1.0) => Ok(()),
        // A number is no secret, and the version found tells what the program speaks.
        Some(Value::Number(number)) => Err(format!(
            "`Version` is {number}, but only version 1 is supported"
        )),
        Some(_) => Err("`Version` is not a number (it must be 1)".into()),
    }
}

/// A string field; `None` when absent, `null` or empty.
fn string<'m>(fields: &'m Map, key: &str) -> Result<Option<&'m str>, String> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.as_str()).filter(|text| !text.is_empty())),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

fn parse_expiration(text: &str) -> Result<SystemTime, String> {
    timestamp::from_text(text, TimestampFormat::DateTime)
        .ok()
        .and_then(|date_time| SystemTime::try_from(date_time).ok())
        .ok_or_else(|| "`Expiration` is not an RFC 3339 date-time".into())
}

#[cfg(test)]
mod tests;
