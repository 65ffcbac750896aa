//! The crates of a generated service (see docs/ARCHITECTURE.md), named after the service:
//!
//! - `<service>-<operation>` (`<dir>/ops/<operation>`): one crate per operation, holding its
//!   input, output, error enum, fluent builder and the types only it uses;
//! - `<service>-types` (`<dir>/types`): the types two or more operations share, each behind a
//!   cargo feature of its own, enabled by the operation crates that need it;
//! - `<service>-sdk` (`<dir>/sdk`): the `Client`, the service's identity and endpoint rules,
//!   with one cargo feature per operation.

use super::json::json_impls;
use super::layout::relative;
use super::operation::{codec, crate_sources, protocol_impls};
use super::{shapes, validate, Plan};
use crate::ir::naming::{self, crate_ident, HTTP_PACKAGE, RUNTIME_PACKAGE};
use crate::ir::{Home, Index, OperationIr};
use crate::model::{Member, ShapeKind, Simple};
use crate::protocol::{Bindings, Protocol};
use crate::render::{docs, inner_docs, rust_file};
use crate::GenerateError;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Generated files by path relative to the workspace root.
pub type Files = BTreeMap<String, String>;

/// The feature of the types crate that holds shape `id`.
fn type_feature(id: &str) -> String {
    naming::kebab(crate::model::name_of(id))
}

/// The TOML header of generated manifests.
pub(crate) fn toml_header(header: &str) -> String {
    header.replace("// ", "# ")
}

/// Keeps `cargo fmt` out of generated folders: their format is prettyplease's, and rustfmt
/// would make every file differ from what the generator writes.
pub fn rustfmt_toml(header: &str) -> String {
    format!("{}\ndisable_all_formatting = true\n", toml_header(header))
}

/// A generated `Cargo.toml`.
pub(crate) struct Manifest<'a> {
    /// The package name.
    pub name: &'a str,
    /// Its description.
    pub description: &'a str,
    /// How it is published on crates.io: `None` for crates only this workspace uses, which
    /// get `publish = false`.
    pub published: Option<Published<'a>>,
    /// Operation crates and the types crate hold no tests (their code is tested through the
    /// samples and the hand-written test crates): without this, `cargo test --workspace` would
    /// build and link hundreds of empty test binaries (minutes and gigabytes).
    pub no_tests: bool,
    /// Sections after `[package]` (`[dependencies]`, `[[bin]]`, ...), already written.
    pub sections: Vec<String>,
}

/// What crates.io shows of a published crate, and how docs.rs builds it.
pub(crate) struct Published<'a> {
    /// Its version: the service's (`models/<service>/manifest.json`).
    pub version: &'a str,
    /// Its crates.io keywords (at most five, each at most 20 characters).
    pub keywords: Vec<String>,
    /// The body of `[package.metadata.docs.rs]` when docs.rs must turn features on to
    /// document everything the crate holds.
    pub docs_rs: Option<&'a str>,
}

/// The crates.io categories of every published generated crate (slugs of crates.io's list).
const CATEGORIES: &str = r#"["api-bindings", "web-programming::http-client"]"#;

impl Manifest<'_> {
    pub(crate) fn render(&self, header: &str) -> String {
        let version = match &self.published {
            Some(published) => format!("version = {:?}", published.version),
            None => "version.workspace = true".to_owned(),
        };
        let mut out = format!(
            "{}\n[package]\nname = \"{}\"\ndescription = \"{}\"\nedition.workspace = true\n\
             {version}\nlicense.workspace = true\nrust-version.workspace = true\n",
            toml_header(header),
            self.name,
            self.description.replace('"', "\\\""),
        );
        match &self.published {
            Some(published) => {
                let keywords: Vec<String> = published
                    .keywords
                    .iter()
                    .map(|k| format!("{k:?}"))
                    .collect();
                out.push_str(&format!(
                    "repository.workspace = true\nreadme = \"README.md\"\nkeywords = [{}]\n\
                     categories = {CATEGORIES}\n",
                    keywords.join(", ")
                ));
            }
            None => out.push_str("publish = false\n"),
        }
        if self.no_tests {
            out.push_str("\n[lib]\ntest = false\ndoctest = false\n");
        }
        for section in &self.sections {
            out.push('\n');
            out.push_str(section);
            if !section.ends_with('\n') {
                out.push('\n');
            }
        }
        if let Some(docs_rs) = self.published.as_ref().and_then(|p| p.docs_rs) {
            out.push_str(&format!("\n[package.metadata.docs.rs]\n{docs_rs}\n"));
        }
        out
    }
}

/// The crates.io keywords of a service's published crates: `aws`, `sdk` and the service's
/// name (the packages' prefix, e.g. `connect`) when crates.io takes it as a keyword.
fn keywords(plan: &Plan) -> Vec<String> {
    let service = plan.index.packages().service().to_owned();
    let valid = service.len() <= 20
        && service.starts_with(|c: char| c.is_ascii_alphabetic())
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let mut keywords = vec!["aws".to_owned(), "sdk".to_owned()];
    if valid && !keywords.contains(&service) {
        keywords.push(service);
    }
    keywords
}

/// A published crate of `plan`'s service, or `None` when the service is not published.
fn published<'p>(plan: &'p Plan, docs_rs: Option<&'p str>) -> Option<Published<'p>> {
    plan.publish.as_ref().map(|publish| Published {
        version: &publish.version,
        keywords: keywords(plan),
        docs_rs,
    })
}

/// The version path dependencies on the service's own crates ask for (`None` when the
/// service is not published).
fn service_version<'p>(plan: &'p Plan) -> Option<&'p str> {
    plan.publish
        .as_ref()
        .map(|publish| publish.version.as_str())
}

/// The version path dependencies on the hand-written crates (the runtime, the credential
/// services) ask for (`None` when the service is not published).
fn workspace_version<'p>(plan: &'p Plan) -> Option<&'p str> {
    plan.publish
        .as_ref()
        .map(|publish| publish.workspace_version.as_str())
}

/// A generated crate's `README.md` (crates.io shows it): the generated header as a Markdown
/// comment, the package name as the title, then `body`.
fn readme(header: &str, name: &str, body: &str) -> String {
    let comment: Vec<&str> = header
        .lines()
        .map(|line| line.trim_start_matches("//").trim())
        .collect();
    format!("<!-- {} -->\n\n# {name}\n\n{body}\n", comment.join("\n"))
}

/// `name = { path = "...", features = [...] }`, the path relative to the crate at `from`.
pub(crate) fn path_dependency(name: &str, from: &str, to: &str, features: &[String]) -> String {
    dependency(name, from, to, None, features)
}

/// `name = { path = "...", version = "...", features = [...] }`, the path relative to the
/// crate at `from`; the version is what crates.io reads once the path is gone.
pub(crate) fn dependency(
    name: &str,
    from: &str,
    to: &str,
    version: Option<&str>,
    features: &[String],
) -> String {
    let version = version.map_or(String::new(), |version| format!(", version = {version:?}"));
    let features = if features.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        format!(", features = [{}]", quoted.join(", "))
    };
    format!(
        "{name} = {{ path = \"{}\"{version}{features} }}",
        relative(from, to)
    )
}

/// The runtime's features every crate of a service speaking `protocol` needs: `aws-query`
/// (the form writer and the XML reader) under awsQuery.
fn protocol_features(protocol: Protocol) -> Vec<String> {
    match protocol {
        Protocol::AwsQuery => vec!["aws-query".to_owned()],
        Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => Vec::new(),
    }
}

/// The runtime's features an operation needs: its protocol's, `patterns` when its own code
/// checks a pattern, `streaming` when it sends a `@streaming` body (files need the runtime's
/// file system support).
fn runtime_features(index: &Index, protocol: Protocol, operation: &OperationIr) -> Vec<String> {
    let own: Vec<&str> = index
        .closure(operation.shape)
        .into_iter()
        .filter(|id| index.home(id) == operation.home)
        .collect();
    let mut features = protocol_features(protocol);
    if validate::uses_patterns(index, own) {
        features.push("patterns".to_owned());
    }
    if sends_stream(index, operation) {
        features.push("streaming".to_owned());
    }
    features
}

/// Whether the operation's input has a `@streaming` blob.
fn sends_stream(index: &Index, operation: &OperationIr) -> bool {
    operation.input.members().iter().any(|member: &Member| {
        let target = index.model().shape(&member.target);
        matches!(target.kind, ShapeKind::Simple(Simple::Blob)) && target.traits.streaming
    })
}

/// Writes the crate of `operation` into `files`; returns the shared types it needs.
pub fn operation_crate<'m>(
    plan: &Plan<'m>,
    operation: &OperationIr<'m>,
    bindings: &Bindings,
    files: &mut Files,
) -> Result<BTreeSet<&'m str>, GenerateError> {
    let index = &plan.index;
    let layout = &plan.layout;
    let dir = layout.operation(operation.name);
    for (path, tokens) in crate_sources(index, plan.protocol, operation, bindings)? {
        let full = format!("{dir}/{path}");
        let text = rust_file(&plan.header, &full, tokens)?;
        files.insert(full, text);
    }
    let shared: BTreeSet<&str> = index
        .closure(operation.shape)
        .into_iter()
        .filter(|id| index.is_named_type(id) && index.home(id) == Home::Shared)
        .collect();
    let mut dependencies = vec![
        "[dependencies]".to_owned(),
        dependency(
            RUNTIME_PACKAGE,
            &dir,
            layout.runtime(),
            workspace_version(plan),
            &runtime_features(index, plan.protocol, operation),
        ),
    ];
    let mut documents = Vec::new();
    if !shared.is_empty() {
        let features: Vec<String> = shared.iter().map(|id| type_feature(id)).collect();
        dependencies.push(dependency(
            &index.packages().types(),
            &dir,
            &layout.types(),
            service_version(plan),
            &features,
        ));
        documents.push(index.packages().types());
    }
    let title = &index.identity().title;
    let names = &operation.names;
    let sdk = index.packages().sdk();
    let description = format!(
        "The {title} {} operation, for {sdk} (its feature `{}`).",
        operation.name, names.feature
    );
    let manifest = Manifest {
        name: &names.package,
        description: &description,
        published: published(plan, Some("all-features = true")),
        no_tests: true,
        sections: vec![
            dependencies.join("\n"),
            format!("[features]\n{}", documents_feature(&documents)),
        ],
    };
    files.insert(format!("{dir}/Cargo.toml"), manifest.render(&plan.header));
    if plan.publish.is_some() {
        let body = format!(
            "The `{}` operation of the {title} SDK for Rust: its input, output, error and \
             fluent builder.\n\n\
             Applications depend on [`{sdk}`](https://crates.io/crates/{sdk}) with the feature \
             `{}` instead, which adds `client.{}()` and re-exports this crate as \
             `{}::{}`.",
            operation.name,
            names.feature,
            names.method,
            crate_ident(&sdk),
            names.method,
        );
        files.insert(
            format!("{dir}/README.md"),
            readme(&plan.header, &names.package, &body),
        );
    }
    Ok(shared)
}

/// For every shared type, the type whose feature compiles it: itself, or, for types that refer
/// to each other in a cycle (cargo refuses cyclic features), the cycle's first type by id. The
/// other types' features then just enable the owner's.
fn feature_owners<'m>(index: &Index<'m>, shared: &BTreeSet<&'m str>) -> BTreeMap<&'m str, &'m str> {
    let reach = |from: &'m str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(id) = todo.pop() {
            for next in index.direct_named_types(id) {
                if seen.insert(next) {
                    todo.push(next);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> =
        shared.iter().map(|id| (*id, reach(id))).collect();
    shared
        .iter()
        .map(|id| {
            let owner = reaches[id]
                .iter()
                .copied()
                .filter(|other| *other == *id || reaches.get(other).is_some_and(|r| r.contains(id)))
                .chain(std::iter::once(*id))
                .min()
                .unwrap_or(id);
            (*id, owner)
        })
        .collect()
}

/// Writes the types crate with `shared` (and each feature's own dependencies) into `files`.
pub fn types_crate(
    plan: &Plan,
    shared: &BTreeSet<&str>,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let index = &plan.index;
    let home = Home::Shared;
    let owners = feature_owners(index, shared);
    let dir = plan.layout.types();
    let mut features = Vec::new();
    let mut modules = Vec::new();
    for id in shared {
        let shape = index.model().shape(id);
        let owner = owners[id];
        let feature = type_feature(owner);
        let module = naming::field(shape.name());
        let name = quote::format_ident!("{}", index.type_name(id));
        let path = format!("src/{}.rs", naming::snake(shape.name()));
        let module_docs = inner_docs(&format!("The `{}` type.", shape.name()));
        let definition = shapes::named_type(index, shape, &home)?;
        let json = json_impls(index, shape, &codec(plan.protocol, None))?;
        let wire = protocol_impls(index, plan.protocol, shape, &home)?;
        let validation = validate::validate_impl(index, shape)?;
        let tokens = quote! { #module_docs #definition #json #wire #validation };
        let full_path = format!("{dir}/{path}");
        files.insert(
            full_path.clone(),
            rust_file(&plan.header, &full_path, tokens)?,
        );
        let needs: BTreeSet<String> = if owner == *id {
            // The owner's feature carries what its whole cycle needs.
            let cycle: Vec<&str> = owners
                .iter()
                .filter(|(_, member_owner)| **member_owner == owner)
                .map(|(member, _)| *member)
                .collect();
            let mut needs: BTreeSet<String> = cycle
                .iter()
                .flat_map(|member| index.direct_named_types(member))
                .map(|needed| type_feature(owners[needed]))
                .filter(|needed| *needed != feature)
                .collect();
            // The runtime's regex engine, when the cycle's own code checks a pattern.
            if validate::uses_patterns(index, cycle.iter().copied()) {
                needs.insert(format!("{RUNTIME_PACKAGE}/patterns"));
            }
            needs
        } else {
            BTreeSet::from([feature.clone()])
        };
        let needs: Vec<String> = needs.iter().map(|needed| format!("{needed:?}")).collect();
        features.push(format!("{} = [{}]", type_feature(id), needs.join(", ")));
        let items = match shape.kind {
            ShapeKind::Structure(_) => {
                let builder = quote::format_ident!("{name}Builder");
                quote!({#name, #builder})
            }
            _ => quote!(#name),
        };
        modules.push(quote! {
            #[cfg(feature = #feature)]
            mod #module;
            #[cfg(feature = #feature)]
            pub use #module::#items;
        });
    }
    let title = &index.identity().title;
    let crate_docs = inner_docs(&format!(
        "Types that several {title} operations share.\n\n\
         Each type sits behind a cargo feature named after it (kebab-case), which the \
         operation crates enable: an application compiles only the types its operations use."
    ));
    let lib = quote! {
        #crate_docs
        #![warn(missing_docs)]
        #( #modules )*
    };
    let lib_path = format!("{dir}/src/lib.rs");
    files.insert(lib_path.clone(), rust_file(&plan.header, &lib_path, lib)?);
    let description = format!("Types shared by several {title} operations.");
    let package = index.packages().types();
    let manifest = Manifest {
        name: &package,
        description: &description,
        // Every type, whichever operations need it.
        published: published(plan, Some("all-features = true")),
        no_tests: true,
        sections: vec![
            format!(
                "[dependencies]\n{}",
                dependency(
                    RUNTIME_PACKAGE,
                    &dir,
                    plan.layout.runtime(),
                    workspace_version(plan),
                    &protocol_features(plan.protocol)
                )
            ),
            format!(
                "[features]\n{}\n{}",
                documents_feature(&[]),
                features.join("\n")
            ),
        ],
    };
    files.insert(format!("{dir}/Cargo.toml"), manifest.render(&plan.header));
    if plan.publish.is_some() {
        let sdk = index.packages().sdk();
        let body = format!(
            "Types that several operations of the {title} SDK for Rust share, each behind a \
             cargo feature named after it (kebab-case). The operation crates enable the \
             features they need, so an application compiles only the types its operations \
             use.\n\n\
             Applications depend on [`{sdk}`](https://crates.io/crates/{sdk}) instead, which \
             re-exports these types as `{}::types`.",
            crate_ident(&sdk)
        );
        files.insert(
            format!("{dir}/README.md"),
            readme(&plan.header, &package, &body),
        );
    }
    Ok(())
}

/// A `no_run` example of a call, for the client crate's docs: the first operation whose
/// required members are all strings (or lists of strings), each set to a placeholder.
fn example(plan: &Plan, sdk: &proc_macro2::Ident) -> Option<String> {
    let index = &plan.index;
    let (operation, _) = plan.operations.iter().find(|(operation, _)| {
        operation.input.members().iter().all(|member| {
            !index.is_plain(operation.input, member) || is_text(index, &member.target)
        })
    })?;
    let mut call = format!("client\n    .{}()", operation.names.method);
    for member in operation.input.members() {
        if index.is_plain(operation.input, member) {
            let setter = naming::snake(&member.name);
            call.push_str(&format!(
                "\n    .{setter}(\"{}\")",
                naming::kebab(&member.name)
            ));
        }
    }
    Some(format!(
        "```no_run\n\
         # #[cfg(feature = \"{feature}\")]\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         // Region, credentials and retry settings from the environment and ~/.aws, as the AWS SDKs read them.\n\
         let config = {sdk}::Config::load()?.build();\n\
         let client = {sdk}::Client::from_conf(config);\n\
         let output = {call}\n    .send()\n    .await?;\n\
         println!(\"{{output:?}}\");\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         In tests, the `test-util` feature answers calls from stub rules instead of the \
         service (the `test_util` module; nothing is sent):\n\n\
         ```no_run\n\
         # #[cfg(all(feature = \"{feature}\", feature = \"test-util\"))]\n\
         # async fn test() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {sdk}::test_util::{{Rule, Stubs}};\n\
         use {sdk}::{method}::{{{input}, {output}}};\n\n\
         let rule = Rule::<{input}>::new().then_output(|| {output}::builder().build());\n\
         let client = {sdk}::Client::from_conf(Stubs::new().rule(&rule)?.config().build());\n\
         let output = {call}\n    .send()\n    .await?;\n\
         assert_eq!(output, {output}::builder().build());\n\
         assert_eq!(rule.calls(), 1);\n\
         # Ok(())\n\
         # }}\n\
         ```",
        feature = operation.names.feature,
        method = operation.names.method,
        input = operation.names.input,
        output = operation.names.output,
    ))
}

/// Whether values of shape `id` are strings, or lists of strings.
fn is_text(index: &Index, id: &str) -> bool {
    match &index.model().shape(id).kind {
        ShapeKind::Simple(Simple::String) => true,
        ShapeKind::List(item) => is_text(index, &item.target),
        _ => false,
    }
}

/// Writes the client crate: the service's identity, the `Client` with one method and one
/// cargo feature per operation, and (with the endpoint rules) the `endpoint` module.
pub fn sdk_crate(
    plan: &Plan,
    has_rules: bool,
    credential_services: Option<&crate::CredentialServicesCrate>,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let index = &plan.index;
    let identity = index.identity();
    let packages = index.packages();
    let dir = plan.layout.sdk();
    let sdk = crate_ident(&packages.sdk());
    let types = crate_ident(&packages.types());
    let mut methods = Vec::new();
    let mut reexports = Vec::new();
    let mut features = Vec::new();
    let mut dependencies = vec![
        "[dependencies]".to_owned(),
        dependency(
            RUNTIME_PACKAGE,
            &dir,
            plan.layout.runtime(),
            workspace_version(plan),
            &protocol_features(plan.protocol),
        ),
        dependency(
            HTTP_PACKAGE,
            &dir,
            &plan.layout.http(),
            workspace_version(plan),
            &[],
        ),
        dependency(
            &packages.types(),
            &dir,
            &plan.layout.types(),
            service_version(plan),
            &[],
        ),
    ];
    for (operation, _) in &plan.operations {
        let names = &operation.names;
        let (name, feature, krate, method, fluent) = (
            operation.name,
            &names.feature,
            &names.krate,
            &names.method,
            &names.fluent,
        );
        let docs = docs(
            operation.shape.traits.documentation.as_deref(),
            &format!("Calls the `{name}` operation."),
        );
        let module_doc = format!(" The `{name}` operation: input, output and error types.");
        methods.push(quote! {
            #docs
            #[cfg(feature = #feature)]
            pub fn #method(&self) -> #krate::#fluent {
                #krate::#fluent::new(self.inner.clone())
            }
        });
        reexports.push(quote! {
            #[doc = #module_doc]
            #[cfg(feature = #feature)]
            pub mod #method {
                pub use #krate::*;
            }
        });
        features.push(format!("{feature} = [\"dep:{}\"]", names.package));
        dependencies.push(optional_dependency(
            &names.package,
            &dir,
            &plan.layout.operation(name),
            service_version(plan),
        ));
    }
    // The credential providers' services, behind a default feature: an application that
    // only ever signs with keys it has can leave them out.
    let mut default_features = Vec::new();
    if let Some(services) = credential_services {
        let package = services.path.rsplit('/').next().unwrap_or(&services.path);
        dependencies.push(optional_dependency(
            package,
            &dir,
            &services.path,
            workspace_version(plan),
        ));
        features.push(format!(
            "{CREDENTIAL_SERVICES_FEATURE} = [\"dep:{package}\"]"
        ));
        default_features.push(format!("{CREDENTIAL_SERVICES_FEATURE:?}"));
    }
    let all: Vec<String> = plan
        .operations
        .iter()
        .map(|(operation, _)| format!("{:?}", operation.names.feature))
        .collect();
    // The operations are optional dependencies: `?` enables their feature only with them.
    let documents: Vec<String> = std::iter::once(packages.types())
        .chain(
            plan.operations
                .iter()
                .map(|(operation, _)| format!("{}?", operation.names.package)),
        )
        .collect();
    let title = &identity.title;
    let example = example(plan, &sdk).unwrap_or_default();
    let crate_docs = inner_docs(&format!(
        "{title} SDK for Rust, generated from the service's Smithy model.\n\n\
         Each operation is a cargo feature named after it in kebab-case; `full` enables them \
         all. An application compiles only the operations it enables and the types they \
         use.\n\n{example}\n\n\
         The fluent builder of a paginated operation also has `.into_paginator()`: its \
         `send()` is a [`PaginationStream`] of pages that follows the continuation tokens, \
         and its `items()` one of the items of every page."
    ));
    let service = service_info(plan, has_rules, credential_services);
    let (endpoint_module, resolve_endpoint) = if has_rules {
        (
            quote!(
                pub mod endpoint;
            ),
            quote! {
                /// The endpoint requests go to, as the endpoint rules resolve it for this
                /// client's configuration (region, FIPS, dual-stack, endpoint URL).
                pub fn resolve_endpoint(&self) -> Result<endpoint::Endpoint, BuildError> {
                    self.inner.resolve_endpoint()
                }
            },
        )
    } else {
        (quote!(), quote!())
    };
    let client_doc =
        format!(" The {title} client. Cloning is cheap: clones share one connection pool.");
    let from_conf_doc = if has_rules {
        " A client for `config`, whose endpoints the model's endpoint rules choose."
    } else {
        " A client for `config`; the service has no endpoint rules, so the configuration must \
         name the endpoint URL."
    };
    let lib = quote! {
        #crate_docs
        #![warn(missing_docs)]

        pub use connect_runtime::{
            AsyncSleep, BigDecimal, BigInteger, Blob, BuildError, ByteStream, Config, ConfigBuilder, ConfigLoader,
            Credentials, CredentialsError, Customize, DateTime, Document, Env, ErrorMetadata, Fs,
            HttpClient, LoadError, Number, PaginationStream, PreparedRequest, ProvideCredentials,
            RawResponse, ResponseError, ResponseErrorKind, RetryConfig, SdkError, SendFuture,
            ServiceError, TimeoutError, TimeoutKind, TransportError, TransportErrorKind, Unhandled,
            ValidationError,
        };

        /// What client-side validation reports: each [`Violation`](validate::Violation) of a
        /// [`ValidationError`], with its path and [`Constraint`](validate::Constraint).
        pub mod validate {
            pub use connect_runtime::validate::{Constraint, Number, Violation};
        }

        /// Interceptors: hooks into every attempt of a call.
        pub use connect_runtime::interceptor;

        /// Testing code that uses this SDK without AWS: stubbed operations, replayed and
        /// captured HTTP exchanges.
        #[cfg(feature = "test-util")]
        pub use connect_runtime::test_util;

        /// The types several operations share.
        pub use #types as types;

        #endpoint_module

        #service

        #( #reexports )*

        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: connect_runtime::Client,
        }

        impl Client {
            #[doc = #from_conf_doc]
            pub fn from_conf(config: Config) -> Self {
                Self {
                    inner: connect_runtime::Client::new(&SERVICE, config),
                }
            }

            #resolve_endpoint

            /// The configuration of this client.
            pub fn config(&self) -> &Config {
                self.inner.config()
            }

            #( #methods )*
        }
    };
    let lib_path = format!("{dir}/src/lib.rs");
    files.insert(lib_path.clone(), rust_file(&plan.header, &lib_path, lib)?);
    let description = format!("{title} SDK for Rust: one cargo feature per operation.");
    let package = packages.sdk();
    let manifest = Manifest {
        name: &package,
        description: &description,
        // Every operation's client method and module.
        // Every operation, and the testing support users read about in the docs.
        published: published(
            plan,
            Some("features = [\"full\", \"test-util\", \"documents\"]"),
        ),
        no_tests: false,
        sections: vec![
            dependencies.join("\n"),
            format!(
                "[features]\n{}full = [{}]\n{TEST_UTIL_FEATURE}\n{}\n{}",
                if default_features.is_empty() {
                    String::new()
                } else {
                    format!("default = [{}]\n", default_features.join(", "))
                },
                all.join(", "),
                documents_feature(&documents),
                features.join("\n")
            ),
        ],
    };
    files.insert(format!("{dir}/Cargo.toml"), manifest.render(&plan.header));
    if let Some(publish) = &plan.publish {
        files.insert(
            format!("{dir}/README.md"),
            readme(&plan.header, &package, &sdk_readme(plan, publish)),
        );
    }
    Ok(())
}

/// The feature of a service's crates that compiles the document form of what the wire does
/// not carry: inputs read from JSON documents, outputs and errors written as them (and, for
/// awsQuery services, every JSON impl). Tools and tests enable it; applications need not.
const DOCUMENTS: &str = "documents";

/// The features of a service's client crate that the generated tests enable: every operation,
/// and their inputs and outputs as documents.
pub(crate) fn test_features() -> Vec<String> {
    vec!["full".to_owned(), DOCUMENTS.to_owned()]
}

/// The `documents` feature of a manifest, with its comment: it enables `documents` in each of
/// `packages` (a package named `name?` is an optional dependency).
fn documents_feature(packages: &[String]) -> String {
    let enables: Vec<String> = packages
        .iter()
        .map(|package| format!("\"{package}/{DOCUMENTS}\""))
        .collect();
    format!(
        "# Inputs read from JSON documents, outputs and errors written as them: for tools and \
         tests.\n{DOCUMENTS} = [{}]",
        enables.join(", ")
    )
}

/// The client crate's feature that brings the runtime's testing support.
const TEST_UTIL_FEATURE: &str = "test-util = [\"connect-runtime/test-util\"]";

/// The body of the client crate's `README.md`: what it is and how to depend on it.
fn sdk_readme(plan: &Plan, publish: &crate::Publish) -> String {
    let title = &plan.index.identity().title;
    let packages = plan.index.packages();
    let package = packages.sdk();
    let count = plan.operations.len();
    let features: Vec<String> = plan
        .operations
        .iter()
        .take(2)
        .map(|(operation, _)| format!("{:?}", operation.names.feature))
        .collect();
    let example = plan.operations.first().map_or(String::new(), |(first, _)| {
        format!(" (`{}` for `{}`)", first.names.feature, first.name)
    });
    format!(
        "The {title} SDK for Rust, generated from the service's Smithy model.\n\n\
         Each of its {count} operations is a cargo feature named after it in \
         kebab-case{example}; `full` enables them all. An application compiles only the \
         operations it enables and the types they use:\n\n\
         ```toml\n[dependencies]\n{package} = {{ version = {:?}, features = [{}] }}\n```\n\n\
         The operations' crates (`{}-<operation>`) and the shared types (`{}`) come with \
         it: applications depend on `{package}` alone.",
        publish.version,
        features.join(", "),
        packages.service(),
        packages.types(),
    )
}

/// `name = { path = "...", version = "...", optional = true }`, for a cargo feature's
/// `dep:name`.
fn optional_dependency(name: &str, from: &str, to: &str, version: Option<&str>) -> String {
    let version = version.map_or(String::new(), |version| format!(", version = {version:?}"));
    format!(
        "{name} = {{ path = \"{}\"{version}, optional = true }}",
        relative(from, to)
    )
}

/// The client crate's feature that brings the credential providers' services.
const CREDENTIAL_SERVICES_FEATURE: &str = "credential-services";

/// `pub static SERVICE`: the service's identity, as the runtime reads it.
fn service_info(
    plan: &Plan,
    has_rules: bool,
    credential_services: Option<&crate::CredentialServicesCrate>,
) -> proc_macro2::TokenStream {
    let identity = plan.index.identity();
    let (name, sdk_id, version) = (&identity.name, &identity.sdk_id, &identity.version);
    // A service without SigV4 signs nothing; the runtime never reads the name then.
    let signing_name = identity.signing_name.as_deref().unwrap_or_default();
    let protocol = quote::format_ident!("{}", plan.protocol.runtime_variant());
    let rules = if has_rules {
        quote!(Some(&endpoint::RESOLVER))
    } else {
        quote!(None)
    };
    let doc = format!(" {}, as the runtime knows it.", identity.title);
    let credential_services = match credential_services {
        Some(services) => {
            let package = services.path.rsplit('/').next().unwrap_or(&services.path);
            let krate = crate_ident(package);
            let item = quote::format_ident!("{}", services.item);
            quote! {
                #[cfg(feature = #CREDENTIAL_SERVICES_FEATURE)]
                credential_services: Some(&#krate::#item),
                #[cfg(not(feature = #CREDENTIAL_SERVICES_FEATURE))]
                credential_services: None,
            }
        }
        None => quote!(credential_services: None,),
    };
    quote! {
        #[doc = #doc]
        pub static SERVICE: connect_runtime::ServiceInfo = connect_runtime::ServiceInfo {
            name: #name,
            sdk_id: #sdk_id,
            version: #version,
            signing_name: #signing_name,
            protocol: connect_runtime::Protocol::#protocol,
            endpoint_rules: #rules,
            #credential_services
            default_http: connect_http::for_config,
        };
    }
}
