//! `cargo xtask update-model`: a service's new model in one command. The file is checked, the
//! service's crates generated from it in memory and its public API compared with the pinned
//! model's (`connect_codegen::diff`); only then are the crates, the model and the pin
//! (`models/<service>/manifest.json`: sha256, revision, version) written.

use crate::manifest::Manifest;
use crate::sync;
use connect_codegen::diff::{self, Change};
use serde_json::Value;
use std::path::Path;

/// What to update, from where.
pub struct Request<'a> {
    /// The service's folder under `models/`, e.g. `connect`.
    pub service: &'a str,
    /// The new model.
    pub from: &'a Path,
    /// The model's revision date as its publisher dates it, if known.
    pub revision: Option<&'a str>,
    /// Print what would change; write nothing.
    pub dry_run: bool,
}

/// What the update found (and did, unless it was a dry run).
pub struct Outcome {
    /// The first line of the report: what was compared with what.
    pub compared: String,
    /// The public API's changes.
    pub changes: Vec<Change>,
    /// The service's version before.
    pub old_version: String,
    /// The service's version after.
    pub new_version: String,
    /// How it moved.
    pub bump: Bump,
    /// Whether the new pin knows the model's revision (`--revision`).
    pub revision_known: bool,
    /// What was written; `None` for a dry run.
    pub written: Option<String>,
}

impl Outcome {
    /// The report: the changes, one a line, the totals, the version and what was written.
    pub fn report(&self) -> String {
        let mut report = format!("{}\n", self.compared);
        report.push_str(&diff::render(&self.changes));
        report.push_str(&format!(
            "version: {} → {} ({})\n",
            self.old_version,
            self.new_version,
            why_version(self.bump, &self.old_version)
        ));
        if !self.revision_known && self.bump != Bump::None {
            report.push_str(
                "revision: not known (no --revision): the pin's source.revision_date says \
                 \"unknown\"\n",
            );
        }
        match &self.written {
            None => report.push_str("dry run: nothing written\n"),
            Some(written) => report.push_str(&format!("written: {written}\n")),
        }
        report
    }
}

/// The version a service starts at when its manifest has none yet.
pub const FIRST_VERSION: &str = "0.1.0";

/// How far a version moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bump {
    /// Nothing changed: the model is the pinned one.
    None,
    /// The generated code changed (documentation, endpoints, ...), not its public API.
    Patch,
    /// The public API grew; nothing breaks.
    Additive,
    /// Code written against the old SDK may break.
    Breaking,
}

impl Bump {
    /// The bump `changes` call for; `same_model` when the new model is the pinned one.
    pub fn of(changes: &[Change], same_model: bool) -> Self {
        if same_model {
            Self::None
        } else if changes.iter().any(|change| change.breaking) {
            Self::Breaking
        } else if changes.is_empty() {
            Self::Patch
        } else {
            Self::Additive
        }
    }
}

/// `version` moved by `bump`, as cargo reads versions: before 1.0, a breaking change moves the
/// minor and anything else the patch; from 1.0, the major and the minor.
pub fn bump(version: &str, bump: Bump) -> Result<String, String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(|part| part.parse::<u64>())
        .collect::<Result<_, _>>()
        .ok()
        .filter(|parts: &Vec<u64>| parts.len() == 3)
        .ok_or_else(|| format!("version {version:?} is not MAJOR.MINOR.PATCH"))?;
    let (major, minor, patch) = (parts[0], parts[1], parts[2]);
    let (major, minor, patch) = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Breaking, 0) => (0, minor + 1, 0),
        (Bump::Additive | Bump::Patch, 0) => (0, minor, patch + 1),
        (Bump::Breaking, _) => (major + 1, 0, 0),
        (Bump::Additive, _) => (major, minor + 1, 0),
        (Bump::Patch, _) => (major, minor, patch + 1),
    };
    Ok(format!("{major}.{minor}.{patch}"))
}

/// Checks `request.from`, compares it with the pinned model and, unless it is a dry run, pins
/// it and regenerates the service's crates. Nothing is written when any check fails.
pub fn run(root: &Path, request: &Request) -> Result<Outcome, String> {
    let manifest = Manifest::load(root)?;
    let service = manifest.service(request.service)?;
    let pin_path = root
        .join("models")
        .join(request.service)
        .join("manifest.json");
    let mut pin = read_pin(&pin_path)?;
    let unchanged = |problem: String| format!("{problem}; nothing changed");

    let bytes = std::fs::read(request.from)
        .map_err(|error| unchanged(format!("cannot read {}: {error}", request.from.display())))?;
    let model = connect_codegen::Model::parse(request.from, &bytes)
        .map_err(|error| unchanged(format!("not a model the generator reads: {error}")))?;
    let expected = pin
        .get("service")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{}: missing string at /service", pin_path.display()))?;
    if model.service != expected {
        return Err(unchanged(format!(
            "{} is a model of `{}`, not of `{expected}` (models/{}/manifest.json)",
            request.from.display(),
            model.service,
            request.service
        )));
    }
    let revision = request.revision.map(checked_revision).transpose()?;

    let pinned = crate::pinned_model(root, service, None).map_err(unchanged)?;
    let partitions = crate::pinned_partitions(root, &manifest, None).map_err(unchanged)?;
    let generated = connect_codegen::generate(&model, &partitions, &service.options)
        .map_err(|error| unchanged(format!("{}: {error}", request.from.display())))?;
    let describe = |model: &connect_codegen::Model| {
        diff::api(model, &service.options).map_err(|error| unchanged(error.to_string()))
    };
    let (old_api, new_api) = (describe(&pinned)?, describe(&model)?);
    let changes = diff::compare(&old_api, &new_api);

    let same_model = model.sha256 == pinned.sha256;
    let old_version = pin
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or(FIRST_VERSION)
        .to_owned();
    let moved = Bump::of(&changes, same_model);
    let new_version = bump(&old_version, moved)
        .map_err(|error| unchanged(format!("{}: {error}", pin_path.display())))?;
    let compared = format!(
        "{}: the public API of `{}` ({}) generated from {} (sha256 {}), against the pinned \
         model (sha256 {})",
        request.service,
        new_api.krate,
        service.options.dir,
        request.from.display(),
        model.sha256,
        pinned.sha256
    );

    let mut written = None;
    if !request.dry_run {
        let differences = sync::differences(root, &generated.roots, &generated.files)?;
        sync::apply(root, &generated.roots, &generated.files, &differences)?;
        let target = service.model.path(root);
        std::fs::write(&target, &bytes)
            .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
        if !same_model {
            update_pin(&mut pin, &model.sha256, revision, &new_version);
            write_pin(&pin_path, &pin)?;
        }
        written = Some(format!(
            "{} ({} bytes), models/{}/manifest.json, {} generated file(s) changed under {}",
            service.model.path.display(),
            bytes.len(),
            request.service,
            differences.len(),
            generated.roots.join(", ")
        ));
    }
    Ok(Outcome {
        compared,
        changes,
        old_version,
        new_version,
        bump: moved,
        revision_known: revision.is_some(),
        written,
    })
}

fn why_version(bump: Bump, version: &str) -> &'static str {
    let stable = !version.starts_with("0.");
    match (bump, stable) {
        (Bump::None, _) => "the model is the pinned one",
        (Bump::Breaking, false) => "breaking changes: the minor moves while the major is 0",
        (Bump::Breaking, true) => "breaking changes: the major moves",
        (Bump::Additive, false) => "additions only: the patch moves while the major is 0",
        (Bump::Additive, true) => "additions only: the minor moves",
        (Bump::Patch, _) => "no change of the public API: the patch moves",
    }
}

/// `--revision`: a date as the manifests write them (`2026-04-27`).
fn checked_revision(revision: &str) -> Result<&str, String> {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match revision.split('-').collect::<Vec<_>>()[..] {
        [year, month, day] if digits(year, 4) && digits(month, 2) && digits(day, 2) => Ok(revision),
        _ => Err(format!(
            "--revision {revision:?} is not a date (YYYY-MM-DD, the model's revision date); \
             nothing changed"
        )),
    }
}

fn read_pin(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|error| format!("{}: not valid JSON: {error}", path.display()))
}

/// The pin of a new model: its sha256, its revision (`"unknown"` when not given) and the
/// service's new version; the other fields (where the model is published, what is generated)
/// stay.
fn update_pin(pin: &mut Value, sha256: &str, revision: Option<&str>, version: &str) {
    pin["sha256"] = Value::from(sha256);
    pin["version"] = Value::from(version);
    if let Some(source) = pin.get_mut("source").and_then(Value::as_object_mut) {
        source.insert(
            "revision_date".into(),
            Value::from(revision.unwrap_or("unknown")),
        );
    }
}

/// Writes `pin` as the manifests are written: two-space JSON, a newline at the end.
fn write_pin(path: &Path, pin: &Value) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(pin).map_err(|error| error.to_string())?;
    text.push('\n');
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_codegen::diff::What;

    #[test]
    fn versions_move_by_the_kind_of_change() {
        let cases = [
            ("0.1.3", Bump::Breaking, "0.2.0"),
            ("0.1.3", Bump::Additive, "0.1.4"),
            ("0.1.3", Bump::Patch, "0.1.4"),
            ("0.1.3", Bump::None, "0.1.3"),
            ("1.4.2", Bump::Breaking, "2.0.0"),
            ("1.4.2", Bump::Additive, "1.5.0"),
            ("1.4.2", Bump::Patch, "1.4.3"),
        ];
        for (version, how, expected) in cases {
            assert_eq!(bump(version, how).unwrap(), expected, "{version} {how:?}");
        }
        assert!(bump("0.1", Bump::Patch).is_err());
        assert!(bump("0.1.0-beta", Bump::Patch).is_err());
    }

    #[test]
    fn the_bump_follows_the_changes() {
        let change = |breaking| Change {
            what: diff::What::MemberAdded,
            breaking,
            item: "A::b".into(),
            model: "A$B".into(),
            detail: String::new(),
        };
        assert_eq!(Bump::of(&[], true), Bump::None);
        assert_eq!(Bump::of(&[], false), Bump::Patch);
        assert_eq!(Bump::of(&[change(false)], false), Bump::Additive);
        assert_eq!(
            Bump::of(&[change(false), change(true)], false),
            Bump::Breaking
        );
    }

    #[test]
    fn revisions_are_dates() {
        assert_eq!(checked_revision("2025-04-02"), Ok("2025-04-02"));
        assert!(checked_revision("56c8953").is_err());
        assert!(checked_revision("2025-4-2").is_err());
    }

    /// Rewriting a pin keeps every manifest as it is written, so an update changes only the
    /// lines it means to.
    #[test]
    fn pins_are_written_back_as_they_are() {
        let root = crate::workspace_root();
        for service in Manifest::load(&root).unwrap().services {
            let path = root
                .join("models")
                .join(&service.name)
                .join("manifest.json");
            let text = std::fs::read_to_string(&path).unwrap();
            let pin = read_pin(&path).unwrap();
            let mut written = serde_json::to_string_pretty(&pin).unwrap();
            written.push('\n');
            assert_eq!(written, text, "{}", path.display());
        }
    }

    /// `models/` of this workspace (manifests and fetched models) copied into `at`.
    fn copy_models(at: &Path) {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let path = entry.unwrap().path();
                let target = to.join(path.file_name().unwrap());
                if path.is_dir() {
                    copy(&path, &target);
                } else {
                    std::fs::copy(&path, &target).unwrap();
                }
            }
        }
        let root = crate::sync::tests::root();
        copy(&root.join("models"), &at.join("models"));
        // The manifest reads the hand-written crates' version from the workspace's.
        std::fs::copy(root.join("Cargo.toml"), at.join("Cargo.toml")).unwrap();
    }

    fn count(changes: &[Change], what: What) -> usize {
        changes.iter().filter(|change| change.what == what).count()
    }

    fn pin_of(at: &Path) -> Value {
        read_pin(&at.join("models/connect/manifest.json")).unwrap()
    }

    fn update(at: &Path, from: &Path, revision: Option<&str>, dry_run: bool) -> Outcome {
        let request = Request {
            service: "connect",
            from,
            revision,
            dry_run,
        };
        run(at, &request).unwrap()
    }

    /// The whole command in a scratch workspace: the pinned model to the history model (88
    /// operations removed, breaking) and back (the same 88 added).
    #[test]
    fn update_model_to_the_history_model_and_back() {
        use crate::sync::tests::{root, scratch_workspace, HISTORY};
        let manifest = Manifest::load(&root()).unwrap();
        let current = manifest.service("connect").unwrap().model.path(&root());
        let history = root().join(HISTORY);
        let at = root().join("target/tmp/update-model");
        scratch_workspace(&at);
        copy_models(&at);
        let pin_path = at.join("models/connect/manifest.json");
        let pinned = std::fs::read(&pin_path).unwrap();
        for generated in ["services/connect", connect_codegen::CLI_DIR] {
            assert!(!at.join(generated).is_symlink(), "{generated} is a link");
        }

        let dry = update(&at, &history, Some("2025-04-02"), true);
        assert_eq!(count(&dry.changes, What::OperationRemoved), 88);
        assert_eq!(
            std::fs::read(&pin_path).unwrap(),
            pinned,
            "a dry run writes nothing"
        );
        assert!(!at.join("services/connect").exists());
        assert!(dry.report().ends_with("dry run: nothing written\n"));

        let back = update(&at, &history, Some("2025-04-02"), false);
        assert_eq!(back.changes, dry.changes);
        assert_eq!(count(&back.changes, What::OperationAdded), 0);
        assert!(
            back.changes.iter().all(|change| change.breaking),
            "{}",
            back.report()
        );
        assert_eq!(back.bump, Bump::Breaking);
        assert_eq!((&*back.old_version, &*back.new_version), ("0.1.0", "0.2.0"));
        let pin = pin_of(&at);
        let sha256 = connect_codegen::model::sha256_hex(&std::fs::read(&history).unwrap());
        assert_eq!(pin["sha256"], sha256.as_str());
        assert_eq!(pin["source"]["revision_date"], "2025-04-02");
        assert_eq!(pin["version"], "0.2.0");
        assert_eq!(
            std::fs::read(at.join("models/connect/connect.json")).unwrap(),
            std::fs::read(&history).unwrap()
        );
        let ops = at.join("services/connect/ops");
        assert!(!ops.join("associate-contact-with-user").exists());
        assert!(ops.join("list-users/src/lib.rs").exists());

        let forth = update(&at, &current, None, false);
        let added: Vec<&str> = forth
            .changes
            .iter()
            .filter(|change| change.what == What::OperationAdded)
            .map(|change| change.item.as_str())
            .collect();
        let removed: Vec<&str> = back
            .changes
            .iter()
            .filter(|change| change.what == What::OperationRemoved)
            .map(|change| change.item.as_str())
            .collect();
        assert_eq!(added.len(), 88);
        assert_eq!(added, removed);
        assert!(added.contains(&"Client::associate_contact_with_user"));
        // Each change one way is its mirror the other way.
        for (one, other) in [
            (What::OperationRemoved, What::OperationAdded),
            (What::ErrorRemoved, What::ErrorAdded),
            (What::TypeRemoved, What::TypeAdded),
            (What::TypeMoved, What::TypeMoved),
            (What::MemberRemoved, What::MemberAdded),
            (What::MemberRequired, What::MemberOptional),
            (What::VariantRemoved, What::VariantAdded),
            (What::EnumValueRemoved, What::EnumValueAdded),
        ] {
            assert_eq!(
                count(&back.changes, one),
                count(&forth.changes, other),
                "{other:?}"
            );
        }
        assert_eq!(back.changes.len(), forth.changes.len());
        // What the year's update breaks: types that new operations share now, and input
        // members that are no longer required (their fields become `Option`s).
        for change in forth.changes.iter().filter(|change| change.breaking) {
            assert!(
                matches!(change.what, What::TypeMoved | What::MemberOptional),
                "{change}"
            );
        }
        assert_eq!(forth.bump, Bump::Breaking);
        assert_eq!(
            (&*forth.old_version, &*forth.new_version),
            ("0.2.0", "0.3.0")
        );
        let pin = pin_of(&at);
        assert_eq!(
            pin["sha256"],
            manifest.service("connect").unwrap().model.sha256
        );
        assert_eq!(pin["source"]["revision_date"], "unknown");
        assert!(forth
            .report()
            .contains("\n  operation added           88\n"));
        assert!(ops.join("associate-contact-with-user/src/lib.rs").exists());
        let _ = std::fs::remove_dir_all(&at);
    }

    /// A file that is not a model of the service, or a bad `--revision`, is refused before
    /// anything is written.
    #[test]
    fn what_is_not_a_model_of_the_service_changes_nothing() {
        use crate::sync::tests::root;
        let at = root().join("target/tmp/update-model-refused");
        let _ = std::fs::remove_dir_all(&at);
        copy_models(&at);
        let pin_path = at.join("models/connect/manifest.json");
        let pinned = std::fs::read(&pin_path).unwrap();
        let not_json = at.join("not-json.json");
        std::fs::write(&not_json, "{\"smithy\": \"2.0\", ").unwrap();
        let sts = root().join("../shared/models/credentials/sts-2011-06-15.json");
        let history = root().join(crate::sync::tests::HISTORY);
        let cases = [
            (at.join("missing.json"), None, "cannot read"),
            (not_json, None, "not valid JSON"),
            (
                sts,
                None,
                "is a model of `com.amazonaws.sts#AWSSecurityTokenServiceV20110615`, not of \
                 `com.amazonaws.connect#AmazonConnectService`",
            ),
            (history, Some("April 2025"), "is not a date"),
        ];
        for (from, revision, expected) in cases {
            let request = Request {
                service: "connect",
                from: &from,
                revision,
                dry_run: false,
            };
            let Err(error) = run(&at, &request) else {
                panic!("{} accepted", from.display())
            };
            assert!(error.contains(expected), "{error}");
            assert!(error.ends_with("nothing changed"), "{error}");
            assert_eq!(std::fs::read(&pin_path).unwrap(), pinned);
        }
        let _ = std::fs::remove_dir_all(&at);
    }
}
