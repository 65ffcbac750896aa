//! The answers crate: every operation's answer readers in one table, with its sample answers
//! and a sample body of each error it models, for the property tests (`connect-tests/tests/answers.rs`) and the
//! cargo-fuzz targets (`fuzz/`) that throw arbitrary and mutated answers at them.

use super::crates::{path_dependency, Files, Manifest};
use super::samples::{Samples, Variant};
use super::Plan;
use crate::ir::naming::{crate_ident, RUNTIME_PACKAGE};
use crate::model::Shape;
use crate::render::rust_file;
use crate::GenerateError;
use heck::ToShoutySnakeCase;
use proc_macro2::Literal;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The package the answers crates share their types with (`crates/connect-answers-support`).
const SUPPORT_PACKAGE: &str = "connect-answers-support";

/// A sample answer of each error `operation` models: `(code, status, body)`, the body with
/// every member set (`{}` when some member's pattern has no sample string: every member unset
/// is still a valid error answer).
pub fn error_samples<'m>(
    samples: &Samples<'_, 'm>,
    operation: &crate::ir::OperationIr<'m>,
) -> Vec<(&'m Shape, u16, String)> {
    operation
        .errors
        .iter()
        .map(|error| {
            let status = super::response::error_status(error);
            let body = samples
                .structure(error, true)
                .map_or_else(|_| "{}".to_owned(), |sample| sample.to_string());
            (*error, status, body)
        })
        .collect()
}

/// Writes the answers crate for the plan's operations into `files`.
pub fn answers_crate(plan: &Plan, files: &mut Files) -> Result<(), GenerateError> {
    let index = &plan.index;
    let json_names = plan.protocol.json_names();
    let samples = Samples::new(index, Variant::Full, json_names);
    let sets = Variant::ALL.map(|variant| Samples::new(index, variant, json_names));
    let packages = index.packages();
    let sdk = crate_ident(&packages.sdk());
    let service = &index.identity().name;
    // One constant per error shape: most errors are shared by hundreds of operations.
    let mut errors = BTreeMap::new();
    let mut entries = Vec::new();
    for (operation, _) in &plan.operations {
        let name = operation.name;
        let (module, input_type) = (&operation.names.method, &operation.names.input);
        let mut constants = Vec::new();
        for (error, status, sample) in error_samples(&samples, operation) {
            let id = &error.id;
            let constant = format_ident!("{}", error.name().to_shouty_snake_case());
            if !errors.contains_key(id.as_str()) {
                let code = error.name();
                let status = Literal::u16_unsuffixed(status);
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
        // The sample answers of every set; an operation without samples (none of its
        // candidates fits a pattern) has none, and the samples crate reports it.
        let answers: Vec<String> = sets
            .iter()
            .map_while(|set| set.structure(operation.output, true).ok())
            .map(|answer| answer.to_string())
            .collect();
        entries.push(quote! {
            Answers {
                service: #service,
                operation: #name,
                read: read::<#sdk::#module::#input_type>,
                samples: &[ #( #answers ),* ],
                errors: &[ #( #constants ),* ],
            },
        });
    }
    let errors = errors.values();
    let title = &index.identity().title;
    let lib_docs = crate::render::inner_docs(&format!(
        "Every {title} operation's answer readers in one table, with its sample answers and a \
         sample body of each error the operation models: what the property tests and the fuzz \
         targets throw arbitrary and mutated answers at. Reading never panics, whatever the \
         answer."
    ));
    let lib = quote! {
        #lib_docs
        #![warn(missing_docs)]

        pub use connect_answers_support::{Answers, ModeledError, Read};
        use connect_runtime::{HttpResponse, Operation};

        /// Reads `response` as an answer of `O`, as the client reads it
        /// (`connect_runtime::read_answer`): a 2xx answer is `O`'s output; any other one of
        /// `O`'s modeled errors, by the code the service's protocol puts in it, else unhandled.
        pub fn read<O: Operation>(response: HttpResponse) -> Read {
            connect_answers_support::read::<O>(#sdk::SERVICE.protocol, response)
        }

        /// Every operation's readers, by operation name.
        pub const OPERATIONS: &[Answers] = &[ #( #entries )* ];

        #( #errors )*
    };
    let dir = plan.layout.answers();
    let path = format!("{dir}/src/lib.rs");
    files.insert(path.clone(), rust_file(&plan.header, &path, lib)?);
    let description = format!(
        "Every {title} operation's answer readers in one table, for property tests and fuzz targets."
    );
    let dependencies = [
        path_dependency(RUNTIME_PACKAGE, &dir, plan.layout.runtime(), &[]),
        path_dependency(SUPPORT_PACKAGE, &dir, "crates/connect-answers-support", &[]),
        path_dependency(
            &packages.sdk(),
            &dir,
            &plan.layout.sdk(),
            &super::crates::test_features(),
        ),
    ];
    let manifest = Manifest {
        name: &packages.answers(),
        description: &description,
        published: None,
        no_tests: true,
        sections: vec![format!("[dependencies]\n{}", dependencies.join("\n"))],
    };
    files.insert(format!("{dir}/Cargo.toml"), manifest.render(&plan.header));
    Ok(())
}
