//! The cases crate of a protocol test service: every generated operation's runner in one
//! table, and the test that runs every case of the service's AWS protocol test suites through
//! it (`crates/connect-protocol-tests`).

use super::crates::{path_dependency, Files, Manifest};
use crate::ir::naming::{self, RUNTIME_PACKAGE};
use crate::render::{inner_docs, rust_file};
use crate::GenerateError;
use quote::quote;

/// The hand-written harness the generated test calls.
const HARNESS_PACKAGE: &str = "connect-protocol-tests";
const HARNESS_DIR: &str = "crates/connect-protocol-tests";

/// Writes the cases crate, whose test runs every case of `input/<suite_file>` and
/// `output/<suite_file>` against the service's SDK.
pub fn cases_crate(
    plan: &super::Plan,
    suite_file: &str,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let index = &plan.index;
    let packages = index.packages();
    let sdk = naming::crate_ident(&packages.sdk());
    let runners = plan.operations.iter().map(|(operation, _)| {
        let name = operation.name;
        let (module, input) = (&operation.names.method, &operation.names.input);
        quote! { (#name, runner::<#sdk::#module::#input>), }
    });
    let title = &index.identity().title;
    let test_docs = inner_docs(&format!(
        "Every case of the AWS protocol test suites `input/{suite_file}` (requests) and \
         `output/{suite_file}` (answers and errors), as botocore ships them, through the \
         {title} SDK's real call path: each generated operation's runner is in `OPERATIONS`. \
         A case that fails must be listed, with its reason, in section \"AWS protocol test \
         suites\" of `docs/CONFORMANCE.md`."
    ));
    let report = format!("protocol-tests-{}.md", suite_file.trim_end_matches(".json"));
    let test = quote! {
        #test_docs

        use connect_protocol_tests::{runner, Runner};

        /// Every generated operation, by its name in the model.
        const OPERATIONS: &[(&str, Runner)] = &[ #( #runners )* ];

        #[test]
        fn every_protocol_test_case() {
            // The table of every case, for CI's log and for people.
            let report = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(#report);
            connect_protocol_tests::check(#suite_file, &#sdk::SERVICE, OPERATIONS, &report);
        }
    };
    let lib = inner_docs(&format!(
        "Runs the AWS protocol test cases of `{suite_file}` against the {title} SDK: see \
         `tests/cases.rs`."
    ));
    let dir = plan.layout.cases();
    for (path, tokens) in [("src/lib.rs", lib), ("tests/cases.rs", test)] {
        let full = format!("{dir}/{path}");
        files.insert(full.clone(), rust_file(&plan.header, &full, tokens)?);
    }
    let description =
        format!("Runs every AWS protocol test case of {suite_file} against the {title} SDK.");
    let runtime = path_dependency(RUNTIME_PACKAGE, &dir, plan.layout.runtime(), &[]);
    let sdk_dependency = path_dependency(
        &packages.sdk(),
        &dir,
        &plan.layout.sdk(),
        &super::crates::test_features(),
    );
    let harness = path_dependency(HARNESS_PACKAGE, &dir, HARNESS_DIR, &[]);
    let manifest = Manifest {
        name: &packages.cases(),
        description: &description,
        published: None,
        no_tests: true,
        sections: vec![format!(
            "[dev-dependencies]\n{runtime}\n{sdk_dependency}\n{harness}"
        )],
    };
    files.insert(format!("{dir}/Cargo.toml"), manifest.render(&plan.header));
    Ok(())
}
