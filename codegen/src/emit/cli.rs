//! The `connect` command-line tool (`crates/connect-cli`): every operation of every service
//! of the family described as data, for `connect-cli-support`, which builds the clap commands,
//! and the runtime, which sends the calls from the description (`connect_runtime::schema`):
//! the tool compiles no typed code per operation.
//!
//! Per service, a module (`src/<service>.rs`): per operation its subcommand (the name in
//! kebab-case), help text from the model's documentation (the first sentence as short help,
//! all of it as long help), one flag per top-level input member with what it takes (a scalar,
//! several scalars, or JSON), where its continuation tokens are, a skeleton of its input, and
//! its [schema](super::schema); and the service's shapes, as one table. The crate's tests send
//! every sample input of a service with samples through the tool, as `--input-json` and as
//! flags, and compare the requests and outputs with those of the SDK's typed operations.

use super::crates::{path_dependency, Files, Manifest};
use super::schema::{operation_schema, ShapeTable};
use super::Plan;
use crate::ir::naming::{self, crate_ident, RUNTIME_PACKAGE};
use crate::ir::{Index, OperationIr};
use crate::model::{Member, ShapeKind, Simple};
use crate::render::docs::html_to_markdown;
use crate::render::rust_file;
use crate::GenerateError;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};

/// The crate's directory.
pub const DIR: &str = "crates/connect-cli";

/// The tool's name, and the service whose operations it has at the top (the others are
/// subcommand groups).
pub const TOOL: &str = "connect";

/// Flags every subcommand has (connect-cli-support's `flags.rs`); a member whose flag would be
/// one of them is refused (clap would refuse the command tree).
const RESERVED: &[&str] = &[
    "region",
    "profile",
    "endpoint-url",
    "output",
    "no-paginate",
    "debug",
    "no-validate-constraints",
    "input-json",
    "generate-input-skeleton",
    "help",
    "version",
];

/// What the tool's crate needs to know of a service whose operations it has.
#[derive(Clone, Debug)]
pub struct CliService {
    /// The module of the service's operations, e.g. `customer_profiles`.
    pub module: String,
    /// The subcommand group, the service's name as the AWS CLI spells it, e.g.
    /// `customer-profiles`.
    pub group: String,
    /// The service's title, e.g. `Amazon Connect Customer Profiles`.
    pub title: String,
    /// The client crate's package and directory.
    pub sdk: (String, String),
    /// The samples crate's package and directory, for the test of the service's operations
    /// (services with samples only).
    pub tested: Option<(String, String)>,
    /// The operations' subcommands.
    pub commands: Vec<String>,
    /// The sha256 of the service's model.
    pub sha256: String,
}

/// Writes the module that describes the plan's operations for the tool
/// (`src/<service>.rs`), and for a service with samples its test (`tests/operations/<service>.rs`,
/// a module of the one test binary `tests/operations/main.rs`).
pub fn service_module(
    plan: &Plan,
    samples: Option<&super::samples::SampleSets>,
    sha256: &str,
    files: &mut Files,
) -> Result<CliService, GenerateError> {
    let index = &plan.index;
    let identity = index.identity();
    let module = identity.name.replace('-', "_");
    let mut entries = Vec::new();
    let mut checks = Vec::new();
    let mut shapes = ShapeTable::new(index, plan.protocol);
    let mut sorted: Vec<_> = plan.operations.iter().collect();
    sorted.sort_by_key(|(operation, _)| &operation.names.feature);
    let sdk = crate_ident(&index.packages().sdk());
    for (operation, bindings) in sorted {
        let schema = operation_schema(&mut shapes, operation, bindings)?;
        entries.push(operation_entry(index, operation, schema)?);
        // Operations without samples (reported by the generator) are not round-tripped.
        if samples.is_some_and(|samples| samples.has(operation.name)) {
            let (method, input_type) = (&operation.names.method, &operation.names.input);
            let name = operation.name;
            let path = quote! { #sdk::#method::#input_type };
            checks.push(quote! { (#name, expected::<#path>, reads::<#path>), });
        }
    }
    let count = Literal::usize_unsuffixed(shapes.len());
    let (table, patterns) = shapes.into_tokens();
    let title = &identity.title;
    let group = &identity.name;
    let service = index.model().service_shape();
    let (_, service_docs) = help(service.traits.documentation.as_deref(), title);
    let module_docs = crate::render::inner_docs(&format!(
        "{title}: every operation, as the AWS CLI's `aws {group}` calls them."
    ));
    let about = format!("Calls {title} operations");
    let tokens = quote! {
        #module_docs

        use connect_cli_support::{App, Kind, Member as Flag, Operation, Scalar};
        // Every item of the schema's vocabulary that the tables use.
        use connect_runtime::schema::*;

        /// The service's operations.
        pub static APP: App = App {
            name: #group,
            about: #about,
            long_about: #service_docs,
            operations: OPERATIONS,
            service: &#sdk::SERVICE,
        };

        static OPERATIONS: &[Operation] = &[ #( #entries )* ];

        /// Every shape the operations' inputs and outputs reach.
        static SHAPES: [Shape; #count] = #table;

        #patterns
    };
    let path = format!("{DIR}/src/{module}.rs");
    files.insert(path.clone(), rust_file(&plan.header, &path, tokens)?);
    let layout = &plan.layout;
    let packages = index.packages();
    let tested = match samples {
        Some(_) => {
            let samples = crate_ident(&packages.samples());
            let signing = identity.signing_name.as_deref().unwrap_or(group);
            let prefix = (group != TOOL).then_some(group.as_str());
            let test = operations_test(&checks, &samples, &module, signing, prefix);
            let path = format!("{DIR}/tests/operations/{module}.rs");
            files.insert(path.clone(), rust_file(&plan.header, &path, test)?);
            Some((packages.samples(), layout.samples()))
        }
        None => None,
    };
    Ok(CliService {
        module,
        group: group.clone(),
        title: title.clone(),
        sdk: (packages.sdk(), layout.sdk()),
        tested,
        commands: plan
            .operations
            .iter()
            .map(|(operation, _)| operation.names.feature.clone())
            .collect(),
        sha256: sha256.to_owned(),
    })
}

/// The `Operation { .. }` of one operation.
fn operation_entry(
    index: &Index,
    operation: &OperationIr,
    schema: TokenStream,
) -> Result<TokenStream, GenerateError> {
    let input = operation.input;
    let name = operation.name;
    let command = &operation.names.feature;
    let (about, long_about) = help(operation.shape.traits.documentation.as_deref(), name);
    let members = input
        .members()
        .iter()
        .map(|member| member_entry(index, operation, member))
        .collect::<Result<Vec<_>, _>>()?;
    let flags: Vec<String> = input
        .members()
        .iter()
        .map(|member| naming::kebab(&member.name))
        .collect();
    for (at, flag) in flags.iter().enumerate() {
        if flags[..at].contains(flag) {
            return Err(GenerateError::new(
                &operation.shape.id,
                format!("two input members would both be the flag `--{flag}`"),
            ));
        }
    }
    let paging = paging(operation)?;
    let skeleton = skeleton(index, &input.id, &mut Vec::new()).unwrap_or_else(|| json!({}));
    let skeleton = serde_json::to_string_pretty(&skeleton)
        .map_err(|error| GenerateError::new(&input.id, error.to_string()))?;
    let mut timestamps = Vec::new();
    timestamp_paths(
        index,
        &operation.output.id,
        &mut Vec::new(),
        &mut Vec::new(),
        &mut timestamps,
    );
    let timestamps = timestamps.iter().map(|path| quote! { &[ #( #path ),* ] });
    Ok(quote! {
        Operation {
            name: #name,
            command: #command,
            about: #about,
            long_about: #long_about,
            members: &[ #( #members ),* ],
            paging: #paging,
            skeleton: #skeleton,
            timestamps: &[ #( #timestamps ),* ],
            schema: #schema,
        },
    })
}

/// Where the operation's continuation tokens are, as `Option<Paging>`.
fn paging(operation: &OperationIr) -> Result<TokenStream, GenerateError> {
    let Some(pagination) = &operation.pagination else {
        return Ok(quote! { None });
    };
    let input_token = &pagination.input_token.name;
    let [step] = pagination.output_token.as_slice() else {
        return Err(GenerateError::new(
            &operation.shape.id,
            "the command-line tool follows only top-level output tokens",
        ));
    };
    let output_token = &step.member.name;
    let items = match pagination.items.as_deref() {
        Some([step]) => {
            let items = &step.member.name;
            quote! { Some(#items) }
        }
        Some(_) => {
            return Err(GenerateError::new(
                &operation.shape.id,
                "the command-line tool merges only top-level items",
            ))
        }
        None => quote! { None },
    };
    Ok(quote! {
        Some(connect_cli_support::Paging {
            input_token: #input_token,
            output_token: #output_token,
            items: #items,
        })
    })
}

/// Writes the tool's crate around the services' modules: its manifest, `lib.rs` (the main
/// service's operations at the top, every other service a subcommand group) and `main.rs`.
pub fn tool_crate(
    services: &[CliService],
    header: &str,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let main = TOOL;
    let Some(top) = services.iter().find(|service| service.group == main) else {
        return Err(GenerateError::new(
            main,
            "the command-line tool needs the service it is named after",
        ));
    };
    for service in services {
        if top.commands.contains(&service.group) {
            return Err(GenerateError::new(
                &service.group,
                format!(
                    "the service's group would be `{main} {}`, an operation's command",
                    service.group
                ),
            ));
        }
    }
    let modules = services.iter().map(|service| {
        let module = format_ident!("{}", service.module);
        let docs = format!(" {}: `connect {}`.", service.title, service.group);
        let docs = match service.group == main {
            true => format!(" {}: `connect <operation>`.", service.title),
            false => docs,
        };
        quote! {
            #[doc = #docs]
            pub mod #module;
        }
    });
    let top_module = format_ident!("{}", top.module);
    let groups = services
        .iter()
        .filter(|service| service.group != main)
        .map(|service| {
            let module = format_ident!("{}", service.module);
            quote!(&#module::APP)
        });
    let lib_docs = crate::render::inner_docs(&format!(
        "`{main}`: every operation of {title} and of the services of its family from the \
         command line, generated from their models, as the AWS CLI calls them: \
         `{main} <operation>` for {title}'s own, `{main} <service> <operation>` for the \
         others.\n\n\
         Each module describes one service's operations as data; `connect_cli_support` \
         builds the commands, and the runtime sends every operation from its description.",
        title = top.title
    ));

    let lib = quote! {
        #lib_docs
        #![warn(missing_docs)]

        #( #modules )*

        use connect_cli_support::{Context, Tool};

        /// The tool: the main service's operations, and a group per other service.
        pub static TOOL: Tool = Tool {
            main: &#top_module::APP,
            groups: &[ #( #groups ),* ],
        };

        /// Runs `connect` with `args` (the first is the program's name) in `context`, and
        /// returns the exit status (see `connect_cli_support::exit`).
        pub fn run<A: Into<std::ffi::OsString>>(
            args: impl IntoIterator<Item = A>,
            context: Context,
        ) -> u8 {
            connect_cli_support::run(&TOOL, args, context)
        }
    };
    let main_rs = quote! {
        //! The `connect` binary.

        fn main() -> std::process::ExitCode {
            std::process::ExitCode::from(connect_cli::run(
                std::env::args_os(),
                connect_cli_support::Context::process(),
            ))
        }
    };
    let tested = services
        .iter()
        .filter(|service| service.tested.is_some())
        .map(|service| {
            let module = format_ident!("{}", service.module);
            let docs = format!(" {}'s operations.", service.title);
            quote! {
                #[doc = #docs]
                mod #module;
            }
        });
    let operations = quote! {
        //! Every operation of every service with samples, through the tool: one test binary,
        //! one module per service (`operations/<service>.rs`).

        #( #tested )*
    };
    for (path, tokens) in [
        ("src/lib.rs", lib),
        ("src/main.rs", main_rs),
        ("tests/operations/main.rs", operations),
    ] {
        let full = format!("{DIR}/{path}");
        files.insert(full.clone(), rust_file(header, &full, tokens)?);
    }
    files.insert(format!("{DIR}/Cargo.toml"), tool_manifest(services, header));
    files.insert(
        format!("{DIR}/rustfmt.toml"),
        super::crates::rustfmt_toml(header),
    );
    Ok(())
}

/// The tool's `Cargo.toml`: the runtime with operations as data, each service's client crate
/// (its endpoint rules) without operations; the tests' crates with every operation.
fn tool_manifest(services: &[CliService], header: &str) -> String {
    let mut dependencies = vec![
        path_dependency(
            "connect-cli-support",
            DIR,
            "crates/connect-cli-support",
            &[],
        ),
        path_dependency(
            RUNTIME_PACKAGE,
            DIR,
            "crates/connect-runtime",
            &["schema".to_owned(), "patterns".to_owned()],
        ),
    ];
    let mut dev_dependencies = vec![
        path_dependency("connect-mock", DIR, "crates/connect-mock", &[]),
        "serde_json.workspace = true".to_owned(),
        "tokio = { workspace = true, features = [\"rt-multi-thread\"] }".to_owned(),
    ];
    for service in services {
        let (package, dir) = &service.sdk;
        match &service.tested {
            // The test compares the tool with the typed operations: it has them all, and
            // cargo adds the feature for test builds only.
            Some((samples, samples_dir)) => {
                dependencies.push(path_dependency(package, DIR, dir, &[]));
                dev_dependencies.push(path_dependency(samples, DIR, samples_dir, &[]));
                dev_dependencies.push(path_dependency(
                    package,
                    DIR,
                    dir,
                    &super::crates::test_features(),
                ));
            }
            None => dependencies.push(path_dependency(package, DIR, dir, &[])),
        }
    }
    let manifest = Manifest {
        name: "connect-cli",
        description:
            "`connect`: every operation of Amazon Connect and its family from the command line.",
        published: None,
        no_tests: true,
        sections: vec![
            "[[bin]]\nname = \"connect\"\npath = \"src/main.rs\"\ntest = false".to_owned(),
            format!("[dependencies]\n{}", dependencies.join("\n")),
            format!("[dev-dependencies]\n{}", dev_dependencies.join("\n")),
        ],
    };
    manifest.render(header)
}

/// The `Member { .. }` of one input member.
fn member_entry(
    index: &Index,
    operation: &OperationIr,
    member: &Member,
) -> Result<TokenStream, GenerateError> {
    let name = &member.name;
    let flag = naming::kebab(name);
    if RESERVED.contains(&flag.as_str()) {
        return Err(GenerateError::new(
            &operation.shape.id,
            format!("input member `{name}` would be `--{flag}`, a flag every command has"),
        ));
    }
    let docs = member.traits.documentation.as_deref().or(index
        .model()
        .shape(&member.target)
        .traits
        .documentation
        .as_deref());
    let (help, long_help) = help(docs, name);
    let model = index.model();
    let target = model.shape(&member.target);
    let kind = match &target.kind {
        ShapeKind::List(item) => match scalar(index, item, model.shape(&item.target))? {
            Some(scalar) => quote! { Kind::List(#scalar) },
            None => quote! { Kind::Json },
        },
        ShapeKind::Map(..) | ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            quote! { Kind::Json }
        }
        _ => match scalar(index, member, target)? {
            Some(scalar) => quote! { Kind::Scalar(#scalar) },
            None => quote! { Kind::Json },
        },
    };
    let required = member.traits.required;
    Ok(quote! {
        Flag {
            name: #name,
            flag: #flag,
            kind: #kind,
            required: #required,
            help: #help,
            long_help: #long_help,
        }
    })
}

/// The `Scalar` a member of shape `target` takes, `None` for an aggregate.
fn scalar(
    index: &Index,
    member: &Member,
    target: &crate::model::Shape,
) -> Result<Option<TokenStream>, GenerateError> {
    Ok(Some(match &target.kind {
        ShapeKind::Enum(values) => {
            let values = values.iter().map(enum_value);
            quote! { Scalar::Enum(&[ #( #values ),* ]) }
        }
        ShapeKind::Simple(Simple::String) => quote! { Scalar::String },
        ShapeKind::Simple(Simple::Boolean) => quote! { Scalar::Boolean },
        ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long)
        | ShapeKind::IntEnum(_) => {
            quote! { Scalar::Integer }
        }
        ShapeKind::Simple(Simple::Float | Simple::Double) => quote! { Scalar::Float },
        ShapeKind::Simple(Simple::Timestamp) => {
            let format = match index.timestamp_format(member) {
                None | Some("epoch-seconds") => quote! { EpochSeconds },
                Some("date-time") => quote! { DateTime },
                Some("http-date") => quote! { HttpDate },
                Some(other) => {
                    return Err(GenerateError::new(
                        &target.id,
                        format!("unknown timestampFormat `{other}`"),
                    ))
                }
            };
            quote! { Scalar::Timestamp(connect_cli_support::TimestampFormat::#format) }
        }
        ShapeKind::Simple(other) => {
            return Err(GenerateError::new(
                &target.id,
                format!("the command-line tool cannot take a {other:?} member"),
            ))
        }
        _ => return Ok(None),
    }))
}

/// The value an enum member stands for.
pub(crate) fn enum_value(member: &Member) -> String {
    match &member.traits.enum_value {
        Some(Value::String(value)) => value.clone(),
        _ => member.name.clone(),
    }
}

/// A placeholder value of every member of shape `id`, as the AWS CLI's
/// `--generate-cli-skeleton` shows them, that the input's JSON reader accepts: `""` for text,
/// an enum's first value, `0`, `false`, the epoch for timestamps, one item in lists and maps,
/// a union's first member. `None` for a structure or union already being filled in
/// (recursion): its member is left out, its list or map left empty.
fn skeleton(index: &Index, id: &str, stack: &mut Vec<String>) -> Option<Value> {
    let model = index.model();
    let shape = model.shape(id);
    let member_value =
        |member: &Member, stack: &mut Vec<String>| match &model.shape(&member.target).kind {
            ShapeKind::Simple(Simple::Timestamp) => Some(match index.timestamp_format(member) {
                Some("date-time") => json!("1970-01-01T00:00:00Z"),
                Some("http-date") => json!("Thu, 01 Jan 1970 00:00:00 GMT"),
                _ => json!(0),
            }),
            _ if member.target == crate::model::UNIT => Some(json!({})),
            _ => skeleton(index, &member.target, stack),
        };
    Some(match &shape.kind {
        ShapeKind::Simple(Simple::Boolean) => json!(false),
        ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long) => {
            json!(0)
        }
        ShapeKind::IntEnum(values) => values
            .first()
            .and_then(|first| first.traits.enum_value.clone())
            .unwrap_or_else(|| json!(0)),
        ShapeKind::Simple(Simple::Float | Simple::Double) => json!(0.0),
        ShapeKind::Simple(Simple::Timestamp) => json!(0),
        ShapeKind::Simple(_) => json!(""),
        ShapeKind::Enum(values) => values
            .first()
            .map_or_else(|| json!(""), |first| json!(enum_value(first))),
        ShapeKind::List(item) => Value::Array(member_value(item, stack).into_iter().collect()),
        ShapeKind::Map(key, value) => {
            let key = match skeleton(index, &key.target, stack) {
                Some(Value::String(key)) if !key.is_empty() => key,
                _ => "KeyName".to_owned(),
            };
            Value::Object(
                member_value(value, stack)
                    .map(|value| (key, value))
                    .into_iter()
                    .collect(),
            )
        }
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            if stack.iter().any(|seen| seen == id) {
                return None;
            }
            stack.push(id.to_owned());
            let mut object = Map::new();
            for member in members {
                if let Some(value) = member_value(member, stack) {
                    object.insert(member.name.clone(), value);
                    if matches!(shape.kind, ShapeKind::Union(_)) {
                        break;
                    }
                }
            }
            stack.pop();
            Value::Object(object)
        }
        ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => return None,
    })
}

/// The paths from shape `id` (an output) to its timestamps sent as epoch seconds, which the
/// tool prints in ISO 8601 as the AWS CLI does: member names, `[]` for every item of a list,
/// `{}` for every value of a map. A structure within itself (recursion) is not followed.
fn timestamp_paths(
    index: &Index,
    id: &str,
    prefix: &mut Vec<String>,
    stack: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    let model = index.model();
    let mut follow = |member: &Member, step: &str, stack: &mut Vec<String>| {
        prefix.push(step.to_owned());
        match model.shape(&member.target).kind {
            ShapeKind::Simple(Simple::Timestamp) => {
                if matches!(index.timestamp_format(member), None | Some("epoch-seconds")) {
                    out.push(prefix.clone());
                }
            }
            _ => timestamp_paths(index, &member.target, prefix, stack, out),
        }
        prefix.pop();
    };
    match &model.shape(id).kind {
        ShapeKind::List(item) => follow(item, "[]", stack),
        ShapeKind::Map(_, value) => follow(value, "{}", stack),
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            if stack.iter().any(|seen| seen == id) {
                return;
            }
            stack.push(id.to_owned());
            for member in members {
                follow(member, &member.name, stack);
            }
            stack.pop();
        }
        _ => {}
    }
}

/// Short and long help from the model's HTML documentation: the first sentence, and the
/// whole text, for a terminal (links as `text (URL)`, no emphasis marks).
fn help(html: Option<&str>, fallback: &str) -> (String, String) {
    let markdown = html.map(html_to_markdown).unwrap_or_default();
    let long = terminal_text(markdown.trim(), true);
    if long.is_empty() {
        return (fallback.to_owned(), fallback.to_owned());
    }
    let short = terminal_text(markdown.trim(), false);
    let paragraph = short
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ");
    (first_sentence(&paragraph).to_owned(), long)
}

/// Up to the first `. ` that ends a sentence (followed by a capital letter), or all of it.
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices(". ") {
        if bytes.get(at + 2).is_some_and(u8::is_ascii_uppercase) {
            return &text[..=at];
        }
    }
    text
}

/// Markdown made for a terminal: `[text](url)` becomes `text (url)` (or `text` without
/// URLs), `**` and `*` emphasis marks go (outside code spans).
fn terminal_text(markdown: &str, urls: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let link = after.find("](").and_then(|middle| {
            let close = after[middle..].find(')')? + middle;
            Some((&after[1..middle], &after[middle + 2..close], close))
        });
        match link {
            Some((text, url, close)) if !text.contains('[') => {
                out.push_str(text);
                if urls && !url.is_empty() {
                    out.push_str(&format!(" ({url})"));
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    // Emphasis marks go; a `*` inside a code span (an ARN pattern, say) stays.
    let mut code = false;
    out.chars()
        .filter(|&c| {
            code ^= c == '`';
            c != '*' || code
        })
        .collect()
}

/// The crate's test: every operation's sample input through the tool, against a local server.
fn operations_test(
    checks: &[TokenStream],
    samples: &proc_macro2::Ident,
    module: &str,
    signing_name: &str,
    group: Option<&str>,
) -> TokenStream {
    let module = format_ident!("{module}");
    let group = match group {
        Some(group) => quote!(Some(#group.to_owned())),
        None => quote!(None::<String>),
    };
    quote! {
        //! Every operation: its sample input (connect-samples), given to `connect <operation>`
        //! as `--input-json` and then flag by flag, must make the request the SDK itself builds
        //! from that input, and the sample answer must come out as the output (timestamps in
        //! ISO 8601).

        use connect_cli_support::{Context, Kind, Writer};
        use connect_mock::{Credentials, MockResponse, MockServer};
        use connect_runtime::json::{from_slice, to_vec, Form, FromJson, ToJson, Value};
        use connect_runtime::{Env, Fs, HttpRequest, HttpResponse, Operation};
        use std::sync::{Arc, Mutex};

        /// The request the SDK builds from `input`, and the output it reads from `answer`, as
        /// the tool's JSON (serde_json, members in the model's order).
        fn expected<I>(input: &str, answer: &str) -> (HttpRequest, serde_json::Value)
        where
            I: Operation + FromJson,
            I::Output: ToJson,
        {
            let input: I = from_slice(input.as_bytes())
                .unwrap_or_else(|error| panic!("{}: sample input: {error}", I::NAME));
            let request = input
                .to_request()
                .unwrap_or_else(|error| panic!("{}: request: {error}", I::NAME));
            let response = HttpResponse {
                status: 200,
                headers: vec![("content-type".to_owned(), "application/json".to_owned())],
                body: answer.as_bytes().to_vec().into(),
            };
            let output = I::parse_output(response)
                .unwrap_or_else(|error| panic!("{}: answer: {error}", I::NAME));
            let output = serde_json::from_slice(&to_vec(&output, Form::Document))
                .expect("the output is JSON");
            (request, output)
        }

        /// Whether `json` reads as an `I`.
        fn reads<I: FromJson>(json: &str) -> Result<(), String> {
            from_slice::<I>(json.as_bytes()).map(drop).map_err(|error| error.to_string())
        }

        type Expected = fn(&str, &str) -> (HttpRequest, serde_json::Value);
        type Reads = fn(&str) -> Result<(), String>;

        /// Every operation, with its input type's request builder and JSON reader.
        const OPERATIONS: &[(&str, Expected, Reads)] = &[ #( #checks )* ];

        /// The flags that say what `input` says.
        fn flags(operation: &connect_cli_support::Operation, input: &Value) -> Vec<String> {
            let text = |value: &Value| match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let mut args = Vec::new();
            for member in operation.members {
                let Some(value) = input.get(member.name) else { continue };
                args.push(format!("--{}", member.flag));
                match (member.kind, value) {
                    (Kind::List(_), Value::Array(items)) => args.extend(items.iter().map(text)),
                    (Kind::Json, value) => args.push(value.to_string()),
                    (_, value) => args.push(text(value)),
                }
            }
            args
        }

        /// How the test gives the input.
        #[derive(Clone, Copy, Debug)]
        enum Given {
            InputJson,
            Flags,
        }

        #[test]
        fn every_operation_as_input_json_sends_what_the_sdk_builds() {
            round_trips(Given::InputJson);
        }

        #[test]
        fn every_operation_as_flags_sends_what_the_sdk_builds() {
            round_trips(Given::Flags);
        }

        fn round_trips(how: Given) {
            let runtime = tokio::runtime::Runtime::new().expect("a runtime");
            let answer = Arc::new(Mutex::new(String::new()));
            let answers = Arc::clone(&answer);
            let server = runtime
                .block_on(MockServer::start(
                    Credentials::new("AKIDCLI", "cli-secret"),
                    "us-east-1",
                    #signing_name,
                    move |_| MockResponse::json(200, answers.lock().unwrap().clone()),
                ))
                .expect("the server starts");
            let mut failures = Vec::new();
            for (name, expected, _) in OPERATIONS {
                let sample = #samples::sample(name).expect("every operation has samples");
                let operation = connect_cli::#module::APP
                    .operations
                    .iter()
                    .find(|operation| operation.name == *name)
                    .expect("every operation has a command");
                *answer.lock().unwrap() = sample.answer.to_owned();
                let (request, mut output) = expected(sample.input, sample.answer);
                connect_cli_support::output::iso_timestamps(&mut output, operation.timestamps);
                let input: Value = from_slice(sample.input.as_bytes()).expect("JSON");
                let given = match how {
                    Given::InputJson => vec!["--input-json".to_owned(), sample.input.to_owned()],
                    Given::Flags => flags(operation, &input),
                };
                let before = server.requests().len();
                let out = Arc::new(Mutex::new(Vec::new()));
                let err = Arc::new(Mutex::new(Vec::new()));
                let context = Context {
                    env: Env::from_vars([
                        ("AWS_ACCESS_KEY_ID", "AKIDCLI"),
                        ("AWS_SECRET_ACCESS_KEY", "cli-secret"),
                    ]),
                    fs: Fs::from_files(Vec::<(String, String)>::new()),
                    out: Writer::buffer(out.clone()),
                    err: Writer::buffer(err.clone()),
                };
                // The samples follow lengths and ranges, not every pattern.
                let args = [
                    "connect",
                    "--region",
                    "us-east-1",
                    "--no-paginate",
                    "--no-validate-constraints",
                    "--endpoint-url",
                ]
                    .into_iter()
                    .map(str::to_owned)
                    .chain([server.endpoint()])
                    .chain(#group)
                    .chain([operation.command.to_owned()])
                    .chain(given);
                let status = connect_cli::run(args, context);
                let err = String::from_utf8_lossy(&err.lock().unwrap()).into_owned();
                // A host prefix cannot go in front of the local server's IP address: the tool
                // must refuse it before sending, as the SDK does (botocore's recording, in
                // connect-conformance, checks these requests through a host name).
                if request.host_prefix.is_some() {
                    let refused = status == 253 && err.contains("host prefix");
                    if !refused || server.requests().len() != before {
                        failures.push(format!("{name} ({how:?}): a host prefix in front of an IP address: exit status {status}: {err}"));
                    }
                    continue;
                }
                if status != 0 {
                    failures.push(format!("{name} ({how:?}): exit status {status}: {err}"));
                    continue;
                }
                let sent = server.requests();
                let [sent] = &sent[before..] else {
                    failures.push(format!("{name} ({how:?}): {} requests", sent.len() - before));
                    continue;
                };
                let headers_match = request
                    .headers
                    .iter()
                    .all(|(header, value)| sent.header(header) == Some(value.trim()));
                if sent.method != request.method
                    || sent.target != request.path_and_query
                    || sent.body != request.body.bytes()
                    || !headers_match
                    || !sent.signature.is_valid()
                {
                    failures.push(format!(
                        "{name} ({how:?}): sent {} {}\n{:?}\n{}\nexpected\n{request}",
                        sent.method,
                        sent.target,
                        sent.headers,
                        String::from_utf8_lossy(&sent.body),
                    ));
                }
                let printed = serde_json::from_slice::<serde_json::Value>(&out.lock().unwrap());
                match printed {
                    Ok(printed) if printed == output => {}
                    _ => failures.push(format!("{name} ({how:?}): the output differs")),
                }
            }
            assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        }

        #[test]
        fn every_skeleton_reads_back_as_its_input() {
            for (name, _, reads) in OPERATIONS {
                let operation = connect_cli::#module::APP
                    .operations
                    .iter()
                    .find(|operation| operation.name == *name)
                    .expect("every operation has a command");
                if let Err(error) = reads(operation.skeleton) {
                    panic!("{name}: the skeleton does not read back: {error}\n{}", operation.skeleton);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_the_first_sentence_and_the_whole_text() {
        let (short, long) = help(
            Some("<p>Lists users. See <a href=\"https://x.example/u\">the guide</a>.</p><p>More <b>here</b>.</p>"),
            "Op",
        );
        assert_eq!(short, "Lists users.");
        assert_eq!(
            long,
            "Lists users. See the guide (https://x.example/u).\n\nMore here."
        );
        assert_eq!(help(None, "Op"), ("Op".to_owned(), "Op".to_owned()));
        assert_eq!(first_sentence("Use e.g. this. Then"), "Use e.g. this.");
        assert_eq!(
            terminal_text("*Guide*, **bold**, `arn:*`", true),
            "Guide, bold, `arn:*`"
        );
    }
}
