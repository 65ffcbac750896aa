//! The clap command tree, built from the generated description of the operations, and the
//! flags turned into an input's document form.

use crate::call::Failure;
use crate::{App, Kind, Member, Operation, Scalar, Tool};
use clap::builder::{PossibleValuesParser, TypedValueParser, ValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};
use connect_runtime::{DateTime, TimestampFormat};
use serde_json::{Map, Value};
use std::ffi::OsString;

/// The subcommand that prints shell completions.
pub const COMPLETIONS: &str = "completions";
/// The flag that prints an input skeleton.
pub const SKELETON: &str = "generate-input-skeleton";
/// The flag that takes the whole input as JSON.
pub const INPUT_JSON: &str = "input-json";

const REGION: &str = "region";
const PROFILE: &str = "profile";
const ENDPOINT_URL: &str = "endpoint-url";
const CA_BUNDLE: &str = "ca-bundle";
const OUTPUT: &str = "output";
const NO_PAGINATE: &str = "no-paginate";
const DEBUG: &str = "debug";
const NO_VALIDATE: &str = "no-validate-constraints";

/// The global flags as given.
#[derive(Debug)]
pub struct Settings {
    /// `--region`.
    pub region: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--ca-bundle`.
    pub ca_bundle: Option<String>,
    /// `--output table`.
    pub table: bool,
    /// Not `--no-paginate`.
    pub paginate: bool,
    /// `--debug`.
    pub debug: bool,
    /// Not `--no-validate-constraints`.
    pub validate_constraints: bool,
}

impl Settings {
    /// The global flags of `matches` (global flags are visible at the top level).
    pub fn from_matches(matches: &ArgMatches) -> Self {
        let text = |id: &str| matches.get_one::<String>(id).cloned();
        Self {
            region: text(REGION),
            profile: text(PROFILE),
            endpoint_url: text(ENDPOINT_URL),
            ca_bundle: text(CA_BUNDLE),
            table: text(OUTPUT).as_deref() == Some("table"),
            paginate: !matches.get_flag(NO_PAGINATE),
            debug: matches.get_flag(DEBUG),
            validate_constraints: !matches.get_flag(NO_VALIDATE),
        }
    }
}

/// The command tree for `args`: every operation of every service is listed, but only the one
/// named in `args` gets its flags, so that starting the tool does not build 900 commands'
/// worth of arguments to use one.
pub fn command(tool: &Tool, args: &[OsString]) -> Command {
    if args.iter().skip(1).any(|arg| arg == COMPLETIONS) {
        return full_command(tool);
    }
    // The first word that names a service or one of the main service's operations says
    // which service is meant (a later one may be a flag's value).
    let words = || args.iter().skip(1);
    let app = words()
        .find_map(|arg| {
            let group = tool.groups.iter().find(|group| arg == group.name);
            let main = tool.main.operations.iter().any(|op| arg == op.command);
            group.copied().or(main.then_some(tool.main))
        })
        .unwrap_or(tool.main);
    let named = |candidate: &App, operation: &Operation| {
        std::ptr::eq(candidate, app) && words().any(|arg| arg == operation.command)
    };
    tree(tool, named)
}

/// The command tree with every operation's flags (for completions).
pub fn full_command(tool: &Tool) -> Command {
    tree(tool, |_, _| true)
}

fn tree(tool: &Tool, full: impl Fn(&App, &Operation) -> bool) -> Command {
    let app = tool.main;
    let globals = "Global options";
    let root = Command::new(app.name)
        .about(app.about)
        .long_about(app.long_about)
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand_value_name("OPERATION | SERVICE")
        .subcommand_help_heading("Operations, and services of the family")
        .after_help(
            "Exit status: 0 success, 252 bad command line or input (nothing sent), 253 \
             configuration or credentials, 254 service error, 255 connection or other error.",
        )
        .arg(
            Arg::new(REGION)
                .long(REGION)
                .global(true)
                .value_name("REGION")
                .help_heading(globals)
                .help("The AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)"),
        )
        .arg(
            Arg::new(PROFILE)
                .long(PROFILE)
                .global(true)
                .value_name("NAME")
                .help_heading(globals)
                .help("The profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, `default`)"),
        )
        .arg(
            Arg::new(ENDPOINT_URL)
                .long(ENDPOINT_URL)
                .global(true)
                .value_name("URL")
                .help_heading(globals)
                .help("Send requests to this URL instead of the service's endpoint"),
        )
        .arg(
            Arg::new(CA_BUNDLE)
                .long(CA_BUNDLE)
                .global(true)
                .value_name("PATH")
                .help_heading(globals)
                .help("Also trust the CA certificates of this PEM file (default: AWS_CA_BUNDLE, the profile's ca_bundle)"),
        )
        .arg(
            Arg::new(OUTPUT)
                .long(OUTPUT)
                .global(true)
                .value_name("FORMAT")
                .value_parser(["json", "table"])
                .default_value("json")
                .help_heading(globals)
                .help("How to print the output"),
        )
        .arg(
            Arg::new(NO_PAGINATE)
                .long(NO_PAGINATE)
                .global(true)
                .action(ArgAction::SetTrue)
                .help_heading(globals)
                .help("Send one request, even for a paginated operation (default: every page, items merged)"),
        )
        .arg(
            Arg::new(DEBUG)
                .long(DEBUG)
                .global(true)
                .action(ArgAction::SetTrue)
                .help_heading(globals)
                .help("Trace the calls on stderr (secrets are never traced)"),
        )
        .arg(
            Arg::new(NO_VALIDATE)
                .long(NO_VALIDATE)
                .global(true)
                .action(ArgAction::SetTrue)
                .help_heading(globals)
                .help("Leave the model's length, range and pattern checks to the service (required members are still checked)"),
        )
        .subcommand(
            Command::new(COMPLETIONS)
                .about("Print a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
        );
    let groups = tool.groups.iter().map(|group| {
        Command::new(group.name)
            .about(group.about)
            .long_about(group.long_about)
            .subcommand_required(true)
            .arg_required_else_help(true)
            .subcommand_value_name("OPERATION")
            .subcommand_help_heading("Operations")
            .subcommands(operations(group, &full))
    });
    root.subcommands(operations(app, &full)).subcommands(groups)
}

/// The subcommands of `app`'s operations, with their flags where `full` says so.
fn operations<'a>(
    app: &'a App,
    full: &'a impl Fn(&App, &Operation) -> bool,
) -> impl Iterator<Item = Command> + 'a {
    app.operations.iter().map(move |operation| {
        let command = Command::new(operation.command).about(operation.about);
        match full(app, operation) {
            true => with_flags(command, operation),
            false => command,
        }
    })
}

fn with_flags(command: Command, operation: &Operation) -> Command {
    let command = command
        .long_about(operation.long_about)
        .arg(
            Arg::new(INPUT_JSON)
                .long(INPUT_JSON)
                .value_name("JSON")
                .value_parser(ValueParser::new(json_object))
                .help_heading("Input")
                .help("The whole input as JSON in the model's member names, or file://PATH; flags override its members"),
        )
        .arg(
            Arg::new(SKELETON)
                .long(SKELETON)
                .action(ArgAction::SetTrue)
                .exclusive(true)
                .help_heading("Input")
                .help("Print a skeleton of the input for --input-json and exit"),
        );
    command.args(operation.members.iter().map(member_arg))
}

fn member_arg(member: &'static Member) -> Arg {
    let arg = Arg::new(member.flag)
        .long(member.flag)
        .help(member.help)
        .long_help(member.long_help);
    let arg = match member.required {
        true => arg
            .required_unless_present_any([INPUT_JSON, SKELETON])
            .help_heading("Required members (unless given in --input-json)"),
        false => arg.help_heading("Optional members"),
    };
    match member.kind {
        Kind::Scalar(scalar) => scalar_arg(arg, scalar),
        Kind::List(scalar) => scalar_arg(arg, scalar)
            .num_args(1..)
            .action(ArgAction::Append),
        Kind::Json => arg.value_name("JSON").value_parser(ValueParser::new(json)),
    }
}

fn scalar_arg(arg: Arg, scalar: Scalar) -> Arg {
    match scalar {
        Scalar::String => arg
            .value_name("STRING")
            .value_parser(ValueParser::new(|text: &str| {
                Ok::<_, std::convert::Infallible>(Value::String(text.to_owned()))
            })),
        Scalar::Enum(values) => arg
            .value_name("VALUE")
            .value_parser(PossibleValuesParser::new(values).map(Value::String)),
        Scalar::Boolean => arg
            .value_name("BOOLEAN")
            .value_parser(clap::builder::BoolValueParser::new().map(Value::Bool)),
        Scalar::Integer => arg
            .value_name("INTEGER")
            .value_parser(clap::value_parser!(i64).map(Value::from)),
        Scalar::Float => arg
            .value_name("NUMBER")
            .value_parser(ValueParser::new(float)),
        Scalar::Timestamp(format) => arg
            .value_name("TIMESTAMP")
            .value_parser(ValueParser::new(move |text: &str| timestamp(text, format))),
    }
}

fn float(text: &str) -> Result<Value, String> {
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("`{text}` is not a finite number"))
}

/// ISO 8601 (`2024-05-01T12:00:00Z`, with fractions or an offset, or a date alone meaning
/// midnight UTC) or epoch seconds, as the member's format writes it.
pub fn timestamp(text: &str, format: TimestampFormat) -> Result<Value, String> {
    let parsed = DateTime::from_str(text, TimestampFormat::DateTime)
        .ok()
        .or_else(|| with_offset(text))
        .or_else(|| DateTime::from_str(&format!("{text}T00:00:00Z"), TimestampFormat::DateTime).ok())
        .or_else(|| DateTime::from_str(text, TimestampFormat::EpochSeconds).ok())
        .ok_or_else(|| {
            format!("`{text}` is not a timestamp: give ISO 8601 (2024-05-01T12:00:00Z) or epoch seconds")
        })?;
    let written = parsed
        .fmt(format)
        .map_err(|error| format!("`{text}` cannot be sent: {error}"))?;
    Ok(match format {
        TimestampFormat::EpochSeconds => serde_json::from_str(&written)
            .map_err(|error| format!("`{text}` cannot be sent: {error}"))?,
        _ => Value::String(written),
    })
}

/// `2024-05-01T14:00:00+02:00`: a date-time with a `±HH:MM` offset from UTC.
fn with_offset(text: &str) -> Option<DateTime> {
    let split = text.len().checked_sub(6)?;
    let (local, offset) = (text.get(..split)?, text.get(split..)?);
    let sign = match offset.as_bytes() {
        [b'+', _, _, b':', _, _] => 1,
        [b'-', _, _, b':', _, _] => -1,
        _ => return None,
    };
    let hours: i64 = offset.get(1..3)?.parse().ok()?;
    let minutes: i64 = offset.get(4..6)?.parse().ok()?;
    let utc = DateTime::from_str(&format!("{local}Z"), TimestampFormat::DateTime).ok()?;
    let seconds = utc.secs() - sign * (hours * 3600 + minutes * 60);
    Some(DateTime::from_secs_and_nanos(seconds, utc.subsec_nanos()))
}

/// JSON text, or the content of `file://PATH`.
pub fn json(text: &str) -> Result<Value, String> {
    let (source, text) = match text.strip_prefix("file://") {
        Some(path) => (
            format!("file {path}"),
            std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {path}: {error}"))?,
        ),
        None => ("the value".to_owned(), text.to_owned()),
    };
    serde_json::from_str(&text).map_err(|error| format!("{source} is not JSON: {error}"))
}

fn json_object(text: &str) -> Result<Value, String> {
    match json(text)? {
        object @ Value::Object(_) => Ok(object),
        _ => Err("the input must be a JSON object".to_owned()),
    }
}

/// The input in its document form: `--input-json` (or nothing), with each flag given
/// replacing its member.
pub fn input(operation: &Operation, matches: &ArgMatches) -> Result<Map<String, Value>, Failure> {
    let mut input = match matches.get_one::<Value>(INPUT_JSON) {
        Some(Value::Object(object)) => object.clone(),
        Some(_) => return Err(Failure::Usage("--input-json: not a JSON object".into())),
        None => Map::new(),
    };
    for member in operation.members {
        let Some(values) = matches.get_many::<Value>(member.flag) else {
            continue;
        };
        let mut values: Vec<Value> = values.cloned().collect();
        let value = match member.kind {
            Kind::List(_) => Value::Array(values),
            Kind::Scalar(_) | Kind::Json => values.pop().unwrap_or(Value::Null),
        };
        input.insert(member.name.to_owned(), value);
    }
    Ok(input)
}
