//! `connect-answers`: every operation's answer readers in one table, with a sample body of each
//! error it models, for the property tests (`connect-tests/tests/answers.rs`) and the cargo-fuzz
//! targets (`fuzz/`) that throw arbitrary and mutated answers at them.

use crate::emit::crates::{toml_header, Files};
use crate::emit::samples::{Samples, Variant};
use crate::emit::shapes;
use crate::ir::naming;
use crate::ir::Index;
use crate::model::{Shape, ShapeKind};
use crate::render::rust_file;
use crate::GenerateError;
use heck::ToShoutySnakeCase;
use proc_macro2::Literal;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The crate's folder.
pub const DIR: &str = "crates/connect-answers";

/// Writes `connect-answers` for `operations` into `files`.
pub fn answers_crate(
    index: &Index,
    operations: &[&Shape],
    header: &str,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let samples = Samples::new(index, Variant::Full);
    let model = index.model();
    // One constant per error shape: most errors are shared by hundreds of operations.
    let mut errors = BTreeMap::new();
    let mut entries = Vec::new();
    for operation in operations {
        let ShapeKind::Operation(op) = &operation.kind else {
            return Err(GenerateError::new(&operation.id, "not an operation"));
        };
        let name = operation.name();
        let module = naming::field(name);
        let input_type = shapes::structure_name(index, model.shape(&op.input));
        let mut constants = Vec::new();
        for id in &op.errors {
            let error = model.shape(id);
            let constant = format_ident!("{}", error.name().to_shouty_snake_case());
            if !errors.contains_key(id.as_str()) {
                let code = error.name();
                // restJson1: the status is the error's `@httpError`, else 400 for client
                // errors and 500 for server errors.
                let status =
                    error
                        .traits
                        .http_error
                        .unwrap_or(match error.traits.error.as_deref() {
                            Some("server") => 500,
                            _ => 400,
                        });
                let status = Literal::u16_unsuffixed(status);
                let sample = samples.structure(error, true)?.to_string();
                let doc = format!(" `{id}`.");
                errors.insert(
                    id.as_str(),
                    quote! {
                        #[doc = #doc]
                        const #constant: ModeledError =
                            ModeledError { code: #code, status: #status, sample: #sample };
                    },
                );
            }
            constants.push(constant);
        }
        entries.push(quote! {
            Answers {
                operation: #name,
                read: read::<connect_sdk::#module::#input_type>,
                errors: &[ #( #constants ),* ],
            },
        });
    }
    let errors = errors.values();
    let lib = quote! {
        //! Every Amazon Connect operation's answer readers in one table, with a sample body of
        //! each error the operation models: what the property tests and the fuzz targets throw
        //! arbitrary and mutated answers at. Reading never panics, whatever the answer.
        #![warn(missing_docs)]

        use connect_runtime::json::JsonError;
        use connect_runtime::{rest_json, HttpResponse, Operation, OperationError, Unhandled};

        /// What reading an answer gave.
        #[derive(Debug)]
        pub enum Read {
            /// A 2xx answer, read into the operation's output.
            Output,
            /// An error answer, read into one of the errors the operation models.
            Modeled,
            /// An error answer with a code the operation does not model (or none).
            Unhandled,
            /// An answer that does not have the shape it should.
            Malformed(JsonError),
        }

        /// One operation's answer readers.
        #[derive(Clone, Copy, Debug)]
        pub struct Answers {
            /// The operation's name in the model.
            pub operation: &'static str,
            /// Reads an answer of the operation.
            pub read: fn(&HttpResponse) -> Read,
            /// The errors the operation models.
            pub errors: &'static [ModeledError],
        }

        /// An error an operation models.
        #[derive(Clone, Copy, Debug)]
        pub struct ModeledError {
            /// Its code (the shape's name), as `X-Amzn-ErrorType` or the body's `__type` says.
            pub code: &'static str,
            /// Its HTTP status.
            pub status: u16,
            /// A body with every member set.
            pub sample: &'static str,
        }

        /// Reads `response` as an answer of `O`, with the steps `connect_runtime::Client` takes:
        /// a 2xx answer is `O`'s output; any other is read by `rest_json::error_metadata` (code,
        /// message, request id, body) and then `O::Error`'s modeled errors, else unhandled.
        pub fn read<O: Operation>(response: &HttpResponse) -> Read {
            if (200..300).contains(&response.status) {
                return match O::parse_output(response) {
                    Ok(_) => Read::Output,
                    Err(error) => Read::Malformed(error),
                };
            }
            let (meta, body) = rest_json::error_metadata(response);
            match O::Error::from_answer(&meta, &body) {
                Some(Ok(_)) => Read::Modeled,
                Some(Err(error)) => Read::Malformed(error),
                None => {
                    O::Error::unhandled(Unhandled::new(meta));
                    Read::Unhandled
                }
            }
        }

        /// Every operation's readers, by operation name.
        pub const OPERATIONS: &[Answers] = &[ #( #entries )* ];

        #( #errors )*
    };
    let path = format!("{DIR}/src/lib.rs");
    files.insert(path.clone(), rust_file(header, &path, lib)?);
    let manifest = format!(
        "{}\n[package]\nname = \"connect-answers\"\ndescription = \"Every Amazon Connect \
         operation's answer readers in one table, for property tests and fuzz targets.\"\n\
         edition.workspace = true\nversion.workspace = true\nlicense.workspace = true\n\
         rust-version.workspace = true\npublish = false\n\n[lib]\ntest = false\ndoctest = false\n\n\
         [dependencies]\nconnect-runtime = {{ path = \"../connect-runtime\" }}\n\
         connect-sdk = {{ path = \"../connect-sdk\", features = [\"full\"] }}\n",
        toml_header(header),
    );
    files.insert(format!("{DIR}/Cargo.toml"), manifest);
    Ok(())
}
