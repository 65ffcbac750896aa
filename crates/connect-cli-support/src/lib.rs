//! The model-independent part of the `connect` command-line tool.
//!
//! The generated `connect-cli` crate describes every operation of every service as data (a
//! [`Tool`]: the main service's [`App`] and one [`App`] per subcommand group, each of
//! [`Operation`]s: command name, help text, one [`Member`] per flag, pagination, input
//! skeleton, and the operation's schema, which the runtime sends it by). This crate does the
//! rest, the same way for every operation:
//!
//! - builds the clap command tree from that data ([`flags`]), only for the operation being run
//!   (the others get their name and summary, enough for `--help` and suggestions);
//! - turns `--input-json` and the flags into the input's document form (model member names),
//!   which the SDK reads with its `FromJson` implementation;
//! - loads the configuration as the SDK does (environment, `~/.aws` files, `--profile`,
//!   `--region`, `--endpoint-url`, `--ca-bundle`), sends the call, and follows continuation tokens
//!   ([`mod@call`]);
//! - prints the output as JSON or as tables ([`output`]) and errors with an exit status
//!   that says whose fault it was ([`exit`]).

pub mod call;
pub mod flags;
pub mod output;

use connect_runtime::{Client, Config, Env, Fs, LoadError};
use serde_json::{Map, Value};
use std::ffi::OsString;
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

pub use call::{call, Failure, Paging};
pub use connect_runtime::TimestampFormat;

/// Exit statuses, as the AWS CLI uses them.
pub mod exit {
    /// The call succeeded (or help, a skeleton or completions were printed).
    pub const OK: u8 = 0;
    /// The command line or the input is wrong: an unknown flag, a value that does not parse,
    /// JSON that does not fit the input, a missing required member, a constraint of the model
    /// broken. Nothing was sent.
    pub const USAGE: u8 = 252;
    /// The configuration is incomplete or wrong: no region, no credentials, a malformed
    /// `~/.aws` file, an endpoint that cannot be used. Nothing was sent.
    pub const CONFIG: u8 = 253;
    /// The service answered with an error (its code, message and request id are printed).
    pub const SERVICE: u8 = 254;
    /// Anything else: the connection failed, timed out, or the answer could not be read.
    pub const OTHER: u8 = 255;
}

/// The whole tool: the main service, whose operations are its subcommands, and the other
/// services, each a subcommand whose subcommands are its operations.
#[derive(Debug)]
pub struct Tool {
    /// The main service; its name is the binary's.
    pub main: &'static App,
    /// The other services, in the order `--help` lists them.
    pub groups: &'static [&'static App],
}

/// One service: its name, summary, operations and endpoint rules.
#[derive(Debug)]
pub struct App {
    /// The binary's name for the main service (`connect`), else the subcommand group, the
    /// service's name as the AWS CLI spells it (e.g. `customer-profiles`).
    pub name: &'static str,
    /// One line saying what the tool does.
    pub about: &'static str,
    /// A paragraph for `--help`.
    pub long_about: &'static str,
    /// Every operation, sorted by command name.
    pub operations: &'static [Operation],
    /// The service's endpoint rules.
    pub service: &'static connect_runtime::ServiceInfo,
}

/// One operation: a subcommand.
#[derive(Debug)]
pub struct Operation {
    /// The operation's name in the model, e.g. `ListUsers`.
    pub name: &'static str,
    /// The subcommand, the name in kebab-case, e.g. `list-users`.
    pub command: &'static str,
    /// The first sentence of the model's documentation.
    pub about: &'static str,
    /// The model's whole documentation.
    pub long_about: &'static str,
    /// One flag per top-level input member, in the model's order.
    pub members: &'static [Member],
    /// Where the continuation tokens are, for a paginated operation.
    pub paging: Option<Paging>,
    /// `--generate-input-skeleton`: every member with a placeholder of its type.
    pub skeleton: &'static str,
    /// Where the output holds timestamps as epoch seconds (see [`output::iso_timestamps`]).
    pub timestamps: &'static [&'static [&'static str]],
    /// How the runtime sends the input (document form) and reads the output.
    pub schema: connect_runtime::schema::OperationSchema,
}

/// A top-level input member: a flag.
#[derive(Debug)]
pub struct Member {
    /// The member's name in the model, e.g. `InstanceId` (its key in `--input-json`).
    pub name: &'static str,
    /// The flag, the name in kebab-case, e.g. `instance-id`.
    pub flag: &'static str,
    /// What the flag takes.
    pub kind: Kind,
    /// Whether the model requires the member.
    pub required: bool,
    /// The first sentence of the model's documentation.
    pub help: &'static str,
    /// The model's whole documentation.
    pub long_help: &'static str,
}

/// What a flag takes.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// One value.
    Scalar(Scalar),
    /// One or more values: a list of scalars.
    List(Scalar),
    /// JSON text, or `file://PATH`: structures, unions, maps, lists of those.
    Json,
}

/// A scalar value of a flag.
#[derive(Clone, Copy, Debug)]
pub enum Scalar {
    /// Text.
    String,
    /// One of the listed values.
    Enum(&'static [&'static str]),
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// A number.
    Float,
    /// ISO 8601 (`2024-05-01T12:00:00Z`, `2024-05-01`) or epoch seconds, sent in the given
    /// format.
    Timestamp(TimestampFormat),
}

/// Where the tool reads its configuration and writes its output: the process's environment,
/// files and standard streams, or stand-ins for tests.
pub struct Context {
    /// The environment variables (`AWS_REGION`, `AWS_PROFILE`, credentials, ...).
    pub env: Env,
    /// The file system the shared config and credentials files are read from.
    pub fs: Fs,
    /// Standard output: results, help, skeletons, completions.
    pub out: Writer,
    /// Standard error: errors and `--debug` traces.
    pub err: Writer,
}

impl Context {
    /// The process's environment, file system, stdout and stderr.
    pub fn process() -> Self {
        Self {
            env: Env::process(),
            fs: Fs::real(),
            out: Writer::new(std::io::stdout()),
            err: Writer::new(std::io::stderr()),
        }
    }
}

/// A shareable output stream (`--debug` traces and errors go to the same stderr).
#[derive(Clone)]
pub struct Writer(Arc<Mutex<dyn Write + Send>>);

impl Writer {
    /// Writes to `inner`.
    pub fn new(inner: impl Write + Send + 'static) -> Self {
        Self(Arc::new(Mutex::new(inner)))
    }

    /// Writes to a shared buffer, which the caller keeps to read what was written.
    pub fn buffer(buffer: Arc<Mutex<Vec<u8>>>) -> Self {
        Self(buffer)
    }
}

impl Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Writer {
    type Writer = Writer;

    fn make_writer(&'a self) -> Writer {
        self.clone()
    }
}

/// Runs the tool with `args` (the first is the program name) and returns the exit status.
pub fn run<A>(tool: &Tool, args: impl IntoIterator<Item = A>, mut context: Context) -> u8
where
    A: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let status = match execute(tool, &args, &mut context) {
        Ok(()) => exit::OK,
        Err(failure) => {
            let _ = writeln!(context.err, "{failure}");
            failure.status()
        }
    };
    let _ = context.out.flush();
    let _ = context.err.flush();
    status
}

fn execute(tool: &Tool, args: &[OsString], context: &mut Context) -> Result<(), Failure> {
    let mut command = flags::command(tool, args);
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(error) => {
            let text = error.render().to_string();
            if error.use_stderr() {
                return Err(Failure::Usage(text.trim_end().to_owned()));
            }
            write_out(&mut context.out, text.as_bytes())?;
            return Ok(());
        }
    };
    let Some((name, sub)) = matches.subcommand() else {
        // `subcommand_required` makes clap refuse this before we get here.
        return Err(Failure::Usage("no operation given".into()));
    };
    if name == flags::COMPLETIONS {
        let shell = sub
            .get_one::<clap_complete::Shell>("shell")
            .copied()
            .ok_or_else(|| Failure::Usage("completions: no shell given".into()))?;
        let mut full = flags::full_command(tool);
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut full, tool.main.name, &mut script);
        return write_out(&mut context.out, &script);
    }
    let (app, name, sub) = match tool.groups.iter().find(|group| group.name == name) {
        Some(group) => match sub.subcommand() {
            Some((name, sub)) => (*group, name, sub),
            // `subcommand_required` makes clap refuse this before we get here.
            None => return Err(Failure::Usage(format!("{name}: no operation given"))),
        },
        None => (tool.main, name, sub),
    };
    let operation = app
        .operations
        .iter()
        .find(|operation| operation.command == name)
        .ok_or_else(|| Failure::Usage(format!("unknown operation `{name}`")))?;
    if sub.get_flag(flags::SKELETON) {
        let mut text = operation.skeleton.as_bytes().to_vec();
        text.push(b'\n');
        return write_out(&mut context.out, &text);
    }
    let input = flags::input(operation, sub)?;
    let settings = flags::Settings::from_matches(&matches);
    let mut output = send(app, operation, input, &settings, context)?;
    output::iso_timestamps(&mut output, operation.timestamps);
    let text = match settings.table {
        true => output::table(operation.name, &output),
        false => output::json(&output),
    };
    write_out(&mut context.out, text.as_bytes())
}

fn write_out(out: &mut Writer, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes)
        .map_err(|error| Failure::Other(format!("cannot write the output: {error}")))
}

/// Loads the configuration, then sends the call (every page of it, unless `--no-paginate`).
fn send(
    app: &App,
    operation: &'static Operation,
    input: Map<String, Value>,
    settings: &flags::Settings,
    context: &Context,
) -> Result<Value, Failure> {
    let mut loader = Config::loader()
        .env(context.env.clone())
        .fs(context.fs.clone());
    if let Some(profile) = &settings.profile {
        loader = loader.profile(profile.clone());
    }
    if let Some(path) = &settings.ca_bundle {
        loader = loader.ca_bundle(path);
    }
    let mut config = loader.load().map_err(|error| match error {
        // The flag wins over AWS_CA_BUNDLE and the profile, so a bad bundle is the flag's.
        LoadError::InvalidCaBundle { file, reason, .. } if settings.ca_bundle.is_some() => {
            Failure::Config(format!(
                "--ca-bundle {} cannot be used: {reason}",
                file.display()
            ))
        }
        error => Failure::Config(error.to_string()),
    })?;
    if let Some(region) = &settings.region {
        config = config.region(region.clone());
    }
    if let Some(url) = &settings.endpoint_url {
        config = config.endpoint_url(url.clone());
    }
    if !settings.validate_constraints {
        config = config.validate_constraints(false);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Other(format!("cannot start the async runtime: {error}")))?;
    let work = || {
        // The client (and its connection pool) lives inside the runtime it uses.
        runtime.block_on(async {
            let client = Client::new(app.service, config.build());
            let paging = operation.paging.filter(|_| settings.paginate);
            call::pages(&operation.schema, &client, Value::Object(input), paging).await
        })
    };
    if !settings.debug {
        return work();
    }
    use tracing_subscriber::layer::SubscriberExt;
    // The SDK's own spans and events only: they never hold a header, a body or a secret.
    // Inputs are traced with their Debug form, which redacts sensitive members.
    let targets = tracing_subscriber::filter::Targets::new()
        .with_target("connect_runtime", tracing::Level::DEBUG)
        .with_target("connect_cli_support", tracing::Level::DEBUG);
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(context.err.clone())
                // A line as each call and attempt ends: status, request id, attempts, time.
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE),
        )
        .with(targets);
    tracing::subscriber::with_default(subscriber, work)
}
