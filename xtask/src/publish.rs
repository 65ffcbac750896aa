//! `cargo xtask publish --dry-run`: what publishing the SDK on crates.io would take, checked
//! without sending anything anywhere.
//!
//! 1. Every publishable crate of the workspace (those without `publish = false`), in the order
//!    crates.io needs them: a crate after everything it depends on (the runtime, then the
//!    shared types, the operations, the clients).
//! 2. What crates.io asks of each: a description, a license, a repository, a README inside the
//!    package, keywords and categories within its rules, a version on every dependency, only
//!    publishable crates depended on, and `[package.metadata.docs.rs]` turning on every
//!    feature, so that docs.rs documents every operation.
//! 3. crates.io's limits (docs/ARCHITECTURE.md, "Publishing"): features per crate and entries
//!    per feature (300 unless crates.io raised it for the crate: [`RAISED`] records each
//!    request), dependencies per crate (500), the size of a `.crate` (10 MiB), and how long
//!    its publishing rate limits make a first publish and a release.
//! 4. `cargo package --no-verify --offline` of all of them in one invocation (cargo packages
//!    crates that depend on each other, none on crates.io yet, against a local registry of
//!    the ones packaged before).
//!
//! It fails on any crate a limit would refuse that no entry of [`RAISED`] covers. Without
//! `--dry-run` it refuses: nothing is ever published from here.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// crates.io's limits on what one crate version may declare (`PublishLimitsConfig` of
/// crates.io's server: `features` is both limits, and the one crates.io raises per crate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Features a crate may declare.
    pub features: usize,
    /// Features and dependencies one feature may enable.
    pub feature_entries: usize,
    /// Dependencies (normal, build and dev) a crate may declare; not raised per crate.
    pub dependencies: usize,
    /// Bytes of a `.crate` file.
    pub crate_size: u64,
}

/// The defaults every new crate gets.
pub const CRATES_IO: Limits = Limits {
    features: 300,
    feature_entries: 300,
    dependencies: 500,
    crate_size: 10 * 1024 * 1024,
};

/// crates.io's publishing rate for one account: a bucket of `burst` publishes that refills
/// one every `every` (crates.io's docs/rate-limits page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    /// Publishes at once.
    pub burst: usize,
    /// The time each further publish waits.
    pub every: Duration,
}

/// Crates that are new to crates.io: 5 at once, then one every 10 minutes.
pub const NEW_CRATES: Rate = Rate {
    burst: 5,
    every: Duration::from_secs(10 * 60),
};

/// New versions of crates crates.io already has: 30 at once, then one a minute.
pub const NEW_VERSIONS: Rate = Rate {
    burst: 30,
    every: Duration::from_secs(60),
};

/// A crate whose feature limit is asked to be raised (docs/ARCHITECTURE.md, "Publishing").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raised {
    /// The crate.
    pub krate: &'static str,
    /// The limit asked for, on features and on entries of one feature alike (crates.io keeps
    /// one number per crate for both).
    pub features: usize,
    /// Where the request stands.
    pub status: &'static str,
}

/// Every crate whose feature limit is (to be) raised: the decision of docs/ARCHITECTURE.md.
/// The limits leave room for the model to grow (Connect went from 282 to 370 operations in a
/// year); the dry run fails when a crate outgrows its entry, and the request is made again.
pub const RAISED: &[Raised] = &[
    Raised {
        krate: "connect-sdk",
        features: 600,
        status: "to be requested from help@crates.io before the first publish",
    },
    Raised {
        krate: "connect-types",
        features: 600,
        status: "to be requested from help@crates.io before the first publish",
    },
];

/// What the limits read of one crate.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// The crate's name.
    pub name: String,
    /// Its features.
    pub features: usize,
    /// Its feature that enables the most, and how many entries that is.
    pub widest_feature: Option<(String, usize)>,
    /// The dependencies crates.io receives (path-only dev-dependencies are dropped by cargo).
    pub dependencies: usize,
}

/// What the limits say of one crate.
#[derive(Debug, PartialEq, Eq)]
pub enum Finding {
    /// Over a limit that no entry of [`RAISED`] covers: crates.io would refuse the crate.
    Refused(String),
    /// Over a default limit, within the raised one that was asked for.
    Covered(String),
}

/// What `limits` and the raised limits `raised` say of the crate counted in `counts`.
pub fn check_limits(counts: &Counts, limits: &Limits, raised: &[Raised]) -> Vec<Finding> {
    let entry = raised.iter().find(|entry| entry.krate == counts.name);
    let mut findings = Vec::new();
    let mut feature_limit = |what: String, count: usize, default: usize| {
        if count <= default {
            return;
        }
        findings.push(match entry {
            Some(entry) if count <= entry.features => Finding::Covered(format!(
                "{}: {what}, over the default {default}, within the {} asked for ({})",
                counts.name, entry.features, entry.status
            )),
            Some(entry) => Finding::Refused(format!(
                "{}: {what}, over the {} asked for: ask crates.io again and update RAISED \
                 (xtask/src/publish.rs)",
                counts.name, entry.features
            )),
            None => Finding::Refused(format!(
                "{}: {what}, over crates.io's {default}: ask help@crates.io to raise the \
                 crate's limit and record it in RAISED (xtask/src/publish.rs), or split the \
                 crate",
                counts.name
            )),
        });
    };
    feature_limit(
        format!("{} features", counts.features),
        counts.features,
        limits.features,
    );
    if let Some((feature, entries)) = &counts.widest_feature {
        feature_limit(
            format!("feature `{feature}` enables {entries}"),
            *entries,
            limits.feature_entries,
        );
    }
    if counts.dependencies > limits.dependencies {
        findings.push(Finding::Refused(format!(
            "{}: {} dependencies, over crates.io's {} (which it does not raise per crate)",
            counts.name, counts.dependencies, limits.dependencies
        )));
    }
    findings
}

/// Entries of `raised` that name no publishable crate of `names`: a typo, or a crate that
/// left the workspace.
pub fn unknown_raised<'a>(raised: &'a [Raised], names: &BTreeSet<&str>) -> Vec<&'a Raised> {
    raised
        .iter()
        .filter(|entry| !names.contains(entry.krate))
        .collect()
}

/// How long publishing `count` crates takes at `rate`: the burst at once, then one every
/// `rate.every`.
pub fn publishing_time(count: usize, rate: Rate) -> Duration {
    rate.every * u32::try_from(count.saturating_sub(rate.burst)).unwrap_or(u32::MAX)
}

/// How long publishing `count` crates takes at `rate`, in words.
pub fn schedule(count: usize, rate: Rate) -> String {
    if count <= rate.burst {
        "at once (within the burst)".to_owned()
    } else {
        human(publishing_time(count, rate))
    }
}

/// `1 h 05 min`, `2 d 17 h 40 min`.
pub fn human(duration: Duration) -> String {
    let minutes = duration.as_secs() / 60;
    let (days, hours, minutes) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes} min"),
        (0, _) => format!("{hours} h {minutes:02} min"),
        _ => format!("{days} d {hours} h {minutes:02} min"),
    }
}

/// One crate of the workspace, as `cargo metadata` describes it.
#[derive(Clone, Debug)]
pub struct Package {
    pub name: String,
    pub version: String,
    /// Whether it may be published (no `publish = false`).
    pub publishable: bool,
    /// Its folder.
    pub dir: PathBuf,
    pub description: Option<String>,
    pub license: Option<String>,
    pub repository: Option<String>,
    pub readme: Option<String>,
    pub keywords: Vec<String>,
    pub categories: Vec<String>,
    pub features: BTreeMap<String, Vec<String>>,
    pub dependencies: Vec<Dependency>,
    /// `[package.metadata.docs.rs]`, if any.
    pub docs_rs: Option<Value>,
}

/// A dependency of a [`Package`].
#[derive(Clone, Debug)]
pub struct Dependency {
    pub name: String,
    /// `None` for normal dependencies, `dev`, `build`.
    pub kind: Option<String>,
    /// The version requirement (`*` when the manifest gives none).
    pub req: String,
    /// Whether it is a path dependency.
    pub path: bool,
}

impl Dependency {
    /// Whether cargo drops it when packaging (a dev-dependency by path only).
    fn dropped(&self) -> bool {
        self.kind.as_deref() == Some("dev") && self.path && self.req == "*"
    }
}

impl Package {
    /// The counts [`check_limits`] reads.
    pub fn counts(&self) -> Counts {
        let widest_feature = self
            .features
            .iter()
            .map(|(name, entries)| (name.clone(), entries.len()))
            .max_by_key(|(_, entries)| *entries);
        Counts {
            name: self.name.clone(),
            features: self.features.len(),
            widest_feature,
            dependencies: self.dependencies.iter().filter(|d| !d.dropped()).count(),
        }
    }

    /// The features docs.rs builds with: those `[package.metadata.docs.rs]` names (or all),
    /// `default` unless turned off, and everything they enable.
    fn documented_features(&self) -> BTreeSet<String> {
        let docs_rs = self.docs_rs.as_ref();
        let flag = |key: &str| docs_rs.and_then(|d| d.get(key)).and_then(Value::as_bool);
        if flag("all-features") == Some(true) {
            return self.features.keys().cloned().collect();
        }
        let mut todo: Vec<String> = docs_rs
            .and_then(|d| d.get("features"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str().map(str::to_owned))
            .collect();
        if flag("no-default-features") != Some(true) && self.features.contains_key("default") {
            todo.push("default".to_owned());
        }
        let mut enabled = BTreeSet::new();
        while let Some(feature) = todo.pop() {
            if let Some(entries) = self.features.get(&feature) {
                if enabled.insert(feature) {
                    todo.extend(entries.iter().filter(|e| !e.contains([':', '/'])).cloned());
                }
            }
        }
        enabled
    }

    /// What crates.io (and docs.rs) would refuse or miss of this crate, when publishable;
    /// `publishable` names every publishable crate of the workspace.
    fn problems(&self, publishable: &BTreeSet<&str>) -> Vec<String> {
        let mut problems = Vec::new();
        let mut missing = |field: &str, value: &Option<String>| {
            if value.as_deref().is_none_or(|value| value.trim().is_empty()) {
                problems.push(format!("no `{field}`"));
            }
        };
        missing("description", &self.description);
        missing("license", &self.license);
        missing("repository", &self.repository);
        match &self.readme {
            None => problems.push("no `readme`".to_owned()),
            Some(readme) if readme.contains("..") || !self.dir.join(readme).is_file() => {
                problems.push(format!(
                    "readme {readme:?} is not a file inside the package"
                ));
            }
            Some(_) => {}
        }
        if self.name.len() > 64 {
            problems.push("a name longer than crates.io's 64 characters".to_owned());
        }
        if self.keywords.is_empty() || self.keywords.len() > 5 {
            problems.push(format!("{} keywords (1 to 5)", self.keywords.len()));
        }
        for keyword in &self.keywords {
            let valid = keyword.len() <= 20
                && keyword.starts_with(|c: char| c.is_ascii_alphanumeric())
                && keyword
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'));
            if !valid {
                problems.push(format!("keyword {keyword:?} is not one crates.io takes"));
            }
        }
        if self.categories.is_empty() || self.categories.len() > 5 {
            problems.push(format!("{} categories (1 to 5)", self.categories.len()));
        }
        for category in &self.categories {
            if !CATEGORIES.contains(&category.as_str()) {
                problems.push(format!(
                    "category {category:?} is not among those this check knows of crates.io's \
                     list (add it to CATEGORIES in xtask/src/publish.rs if crates.io has it)"
                ));
            }
        }
        for dependency in self.dependencies.iter().filter(|d| !d.dropped()) {
            if dependency.path && dependency.req == "*" {
                problems.push(format!("no version on its dependency {}", dependency.name));
            }
            if dependency.path && !publishable.contains(dependency.name.as_str()) {
                problems.push(format!(
                    "depends on {}, which is not published (`publish = false`)",
                    dependency.name
                ));
            }
        }
        let documented = self.documented_features();
        let undocumented: Vec<&String> = self
            .features
            .keys()
            .filter(|feature| !documented.contains(*feature))
            .collect();
        if !undocumented.is_empty() {
            problems.push(format!(
                "docs.rs would leave out {} of its features ({}...): \
                 `[package.metadata.docs.rs]` should enable them",
                undocumented.len(),
                undocumented[0]
            ));
        }
        problems
    }

    /// Where the crate sits in the publishing order among crates ready at the same time: the
    /// runtime, the shared types, the operations, the clients and the rest.
    fn layer(&self) -> u8 {
        let dir = self.dir.to_string_lossy().replace('\\', "/");
        if self.name == "connect-runtime" {
            0
        } else if dir.ends_with("/types") {
            1
        } else if dir.contains("/ops/") {
            2
        } else {
            3
        }
    }

    /// The folder whose manifest gives the crate its version: `models/<service>` for a
    /// service's crates, the workspace for the hand-written ones.
    fn released_with(&self, root: &Path) -> String {
        let relative = self.dir.strip_prefix(root).unwrap_or(&self.dir);
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [services, service, ..] if services == "services" => format!("models/{service}"),
            _ => "the workspace".to_owned(),
        }
    }
}

/// The crates.io categories the workspace's crates use, from crates.io's list
/// (`src/boot/categories.toml` of its repository).
const CATEGORIES: &[&str] = &[
    "api-bindings",
    "authentication",
    "network-programming",
    "text-processing",
    "web-programming",
    "web-programming::http-client",
];

/// The workspace's crates, from `cargo metadata --no-deps --offline`, and the target folder.
fn workspace(root: &Path) -> Result<(Vec<Package>, PathBuf), String> {
    let output = Command::new(cargo())
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .map_err(|error| format!("cannot run cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let json: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cargo metadata printed no JSON: {error}"))?;
    let target = PathBuf::from(json["target_directory"].as_str().unwrap_or("target"));
    let packages = json["packages"]
        .as_array()
        .ok_or("cargo metadata listed no packages")?
        .iter()
        .map(package)
        .collect::<Result<_, _>>()?;
    Ok((packages, target))
}

fn package(json: &Value) -> Result<Package, String> {
    let text = |key: &str| json[key].as_str().map(str::to_owned);
    let strings = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect()
    };
    let name = text("name").ok_or("a package without a name")?;
    let manifest = text("manifest_path").ok_or_else(|| format!("{name}: no manifest path"))?;
    let features = json["features"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(feature, entries)| {
            let entries = entries
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.as_str().map(str::to_owned))
                .collect();
            (feature.clone(), entries)
        })
        .collect();
    let dependencies = json["dependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|dependency| Dependency {
            name: dependency["name"].as_str().unwrap_or_default().to_owned(),
            kind: dependency["kind"].as_str().map(str::to_owned),
            req: dependency["req"].as_str().unwrap_or("*").to_owned(),
            path: dependency.get("path").is_some_and(Value::is_string),
        })
        .collect();
    Ok(Package {
        version: text("version").unwrap_or_default(),
        // `publish = false` is an empty list of registries; no `publish` key is null.
        publishable: json["publish"].is_null(),
        dir: Path::new(&manifest)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        description: text("description"),
        license: text("license"),
        repository: text("repository"),
        readme: text("readme"),
        keywords: strings("keywords"),
        categories: strings("categories"),
        features,
        dependencies,
        docs_rs: json["metadata"]
            .get("docs")
            .and_then(|d| d.get("rs"))
            .cloned(),
        name,
    })
}

/// `crates` in publishing order: each after the workspace crates it depends on (normal and
/// build dependencies; dev-dependencies by path are dropped), ties broken by layer and name.
pub fn publishing_order(crates: &[Package]) -> Result<Vec<&Package>, String> {
    let names: BTreeSet<&str> = crates.iter().map(|c| c.name.as_str()).collect();
    let mut waiting: BTreeMap<&str, BTreeSet<&str>> = crates
        .iter()
        .map(|c| {
            let needs = c
                .dependencies
                .iter()
                .filter(|d| d.path && !d.dropped() && d.kind.as_deref() != Some("dev"))
                .map(|d| d.name.as_str())
                .filter(|name| names.contains(name) && *name != c.name)
                .collect();
            (c.name.as_str(), needs)
        })
        .collect();
    let by_name: BTreeMap<&str, &Package> = crates.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut order = Vec::new();
    loop {
        let next = waiting
            .iter()
            .filter(|(_, needs)| needs.is_empty())
            .map(|(name, _)| (by_name[name].layer(), *name))
            .min();
        let Some((_, name)) = next else { break };
        waiting.remove(name);
        for needs in waiting.values_mut() {
            needs.remove(name);
        }
        order.push(by_name[name]);
    }
    if !waiting.is_empty() {
        let stuck: Vec<&str> = waiting.keys().copied().collect();
        return Err(format!(
            "these crates depend on each other in a cycle: {}",
            stuck.join(", ")
        ));
    }
    Ok(order)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `cargo xtask publish [--dry-run]`.
pub fn run(root: &Path, dry_run: bool) -> Result<ExitCode, String> {
    if !dry_run {
        return Err(
            "nothing is published from here: `cargo xtask publish --dry-run` checks \
                    what publishing would take; the publish itself is a maintainer's, once \
                    the raised limits of docs/ARCHITECTURE.md (\"Publishing\") are granted"
                .into(),
        );
    }
    let (packages, target) = workspace(root)?;
    let publishable: Vec<Package> = packages.into_iter().filter(|p| p.publishable).collect();
    let names: BTreeSet<&str> = publishable.iter().map(|p| p.name.as_str()).collect();
    let order = publishing_order(&publishable)?;
    let mut refused = Vec::new();

    println!(
        "{} crates to publish, each after what it depends on:",
        order.len()
    );
    for (number, package) in order.iter().enumerate() {
        println!(
            "  {:>3}  {} {}  ({})",
            number + 1,
            package.name,
            package.version,
            package.released_with(root)
        );
        for problem in package.problems(&names) {
            refused.push(format!("{}: {problem}", package.name));
        }
    }

    println!("\ncrates.io's limits (docs/ARCHITECTURE.md, \"Publishing\"):");
    println!(
        "  {} features a crate and {} entries a feature, unless raised for the crate",
        CRATES_IO.features, CRATES_IO.feature_entries
    );
    for package in &order {
        for finding in check_limits(&package.counts(), &CRATES_IO, RAISED) {
            match finding {
                Finding::Covered(note) => println!("    {note}"),
                Finding::Refused(problem) => refused.push(problem),
            }
        }
    }
    for entry in unknown_raised(RAISED, &names) {
        refused.push(format!(
            "RAISED (xtask/src/publish.rs) names {}, which is not a publishable crate",
            entry.krate
        ));
    }
    if let Some(most) = order
        .iter()
        .map(|p| p.counts())
        .max_by_key(|c| c.dependencies)
    {
        println!(
            "  {} dependencies a crate, never raised: the most is {}'s {} ({} left)",
            CRATES_IO.dependencies,
            most.name,
            most.dependencies,
            CRATES_IO.dependencies.saturating_sub(most.dependencies)
        );
    }
    println!(
        "  new crates: {} at once, then one every {} min: a first publish of all {} takes {}",
        NEW_CRATES.burst,
        NEW_CRATES.every.as_secs() / 60,
        order.len(),
        schedule(order.len(), NEW_CRATES)
    );
    let mut releases: BTreeMap<String, usize> = BTreeMap::new();
    for package in &order {
        *releases.entry(package.released_with(root)).or_default() += 1;
    }
    println!(
        "  new versions: {} at once, then one a minute: a release of every crate takes {}",
        NEW_VERSIONS.burst,
        schedule(order.len(), NEW_VERSIONS)
    );
    for (versioned_by, count) in &releases {
        println!(
            "    the {count} crates versioned by {versioned_by}: {}",
            schedule(*count, NEW_VERSIONS)
        );
    }

    println!(
        "\ncargo package --no-verify --offline, all {} at once:",
        order.len()
    );
    let started = Instant::now();
    let mut command = Command::new(cargo());
    command.current_dir(root).args([
        "package",
        "--no-verify",
        "--offline",
        "--allow-dirty",
        "--quiet",
    ]);
    for package in &order {
        command.args(["-p", &package.name]);
    }
    let output = command
        .output()
        .map_err(|error| format!("cannot run cargo package: {error}"))?;
    if output.status.success() {
        let sizes: Vec<(u64, &str)> = order
            .iter()
            .map(|p| {
                let file = target
                    .join("package")
                    .join(format!("{}-{}.crate", p.name, p.version));
                (
                    std::fs::metadata(file).map_or(0, |m| m.len()),
                    p.name.as_str(),
                )
            })
            .collect();
        for (size, name) in &sizes {
            if *size == 0 {
                refused.push(format!("{name}: cargo package wrote no .crate file"));
            } else if *size > CRATES_IO.crate_size {
                refused.push(format!(
                    "{name}: its .crate has {size} bytes, over crates.io's {}",
                    CRATES_IO.crate_size
                ));
            }
        }
        let (largest, name) = sizes.iter().max().copied().unwrap_or((0, "-"));
        println!(
            "  {} crates packaged in {:.0?} into {}; the largest is {name} ({} KiB of {} MiB)",
            order.len(),
            started.elapsed(),
            target.join("package").display(),
            largest / 1024,
            CRATES_IO.crate_size / 1024 / 1024
        );
    } else {
        refused.push(format!(
            "cargo package failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }

    println!("\nbefore the first publish (docs/ARCHITECTURE.md, \"Publishing\"):");
    let repository = order.iter().find_map(|p| p.repository.clone());
    if let Some(repository) = repository.filter(|r| r.contains(".invalid")) {
        println!(
            "  - the repository is a placeholder ({repository}): set [workspace.package] \
             repository in Cargo.toml"
        );
    }
    for entry in RAISED {
        println!(
            "  - {}: a feature limit of {}, {}",
            entry.krate, entry.features, entry.status
        );
    }
    println!("  - the names are not checked against crates.io here: each must be free, or ours");

    if refused.is_empty() {
        println!("\ndry run passed; nothing was sent anywhere");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("\ncrates.io would refuse:");
        for problem in &refused {
            eprintln!("  {problem}");
        }
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(name: &str, features: usize, widest: usize, dependencies: usize) -> Counts {
        Counts {
            name: name.to_owned(),
            features,
            widest_feature: Some(("full".to_owned(), widest)),
            dependencies,
        }
    }

    const ASKED: &[Raised] = &[Raised {
        krate: "big-sdk",
        features: 600,
        status: "requested",
    }];

    #[test]
    fn within_the_defaults_nothing_is_said() {
        assert_eq!(
            check_limits(&counts("small-sdk", 300, 300, 500), &CRATES_IO, ASKED),
            []
        );
    }

    #[test]
    fn over_a_default_without_a_request_is_refused() {
        let findings = check_limits(&counts("other-sdk", 301, 12, 10), &CRATES_IO, ASKED);
        assert!(
            matches!(&findings[..], [Finding::Refused(why)] if why.contains("301 features")),
            "{findings:?}"
        );
        // A feature enabling too much is refused on its own.
        let findings = check_limits(&counts("other-sdk", 20, 301, 10), &CRATES_IO, ASKED);
        assert!(
            matches!(&findings[..], [Finding::Refused(why)] if why.contains("`full` enables 301")),
            "{findings:?}"
        );
    }

    #[test]
    fn a_request_covers_features_and_entries_up_to_its_limit() {
        let findings = check_limits(&counts("big-sdk", 373, 370, 373), &CRATES_IO, ASKED);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(findings.iter().all(|f| matches!(f, Finding::Covered(_))));
        let findings = check_limits(&counts("big-sdk", 601, 12, 373), &CRATES_IO, ASKED);
        assert!(
            matches!(&findings[..], [Finding::Refused(why)] if why.contains("over the 600 asked for")),
            "{findings:?}"
        );
    }

    #[test]
    fn dependencies_over_the_limit_are_refused_whatever_was_asked() {
        let findings = check_limits(&counts("big-sdk", 10, 5, 501), &CRATES_IO, ASKED);
        assert!(
            matches!(&findings[..], [Finding::Refused(why)] if why.contains("501 dependencies")),
            "{findings:?}"
        );
    }

    #[test]
    fn a_request_for_a_crate_that_is_not_there_is_reported() {
        let names = BTreeSet::from(["small-sdk"]);
        assert_eq!(unknown_raised(ASKED, &names), [&ASKED[0]]);
        assert!(unknown_raised(ASKED, &BTreeSet::from(["big-sdk"])).is_empty());
    }

    #[test]
    fn publishing_times_follow_the_burst_and_the_rate() {
        assert_eq!(publishing_time(5, NEW_CRATES), Duration::ZERO);
        assert_eq!(publishing_time(6, NEW_CRATES), Duration::from_secs(600));
        // Connect alone: 370 operations, the types and the client.
        assert_eq!(human(publishing_time(372, NEW_CRATES)), "2 d 13 h 10 min");
        assert_eq!(human(publishing_time(372, NEW_VERSIONS)), "5 h 42 min");
        assert_eq!(human(publishing_time(31, NEW_VERSIONS)), "1 min");
        assert_eq!(schedule(30, NEW_VERSIONS), "at once (within the burst)");
        assert_eq!(schedule(399, NEW_CRATES), "2 d 17 h 40 min");
    }

    fn package(name: &str, dir: &str, needs: &[&str]) -> Package {
        Package {
            name: name.to_owned(),
            version: "0.1.0".to_owned(),
            publishable: true,
            dir: PathBuf::from(dir),
            description: None,
            license: None,
            repository: None,
            readme: None,
            keywords: Vec::new(),
            categories: Vec::new(),
            features: BTreeMap::new(),
            dependencies: needs
                .iter()
                .map(|need| Dependency {
                    name: (*need).to_owned(),
                    kind: None,
                    req: "^0.1.0".to_owned(),
                    path: true,
                })
                .collect(),
            docs_rs: None,
        }
    }

    #[test]
    fn the_order_puts_each_crate_after_what_it_needs_runtime_types_ops_clients() {
        let crates = [
            package(
                "a-sdk",
                "/w/services/a/sdk",
                &["connect-runtime", "a-types", "a-op"],
            ),
            package(
                "a-op",
                "/w/services/a/ops/op",
                &["connect-runtime", "a-types"],
            ),
            package("creds", "/w/crates/creds", &["connect-runtime", "a-sdk"]),
            package(
                "b-sdk",
                "/w/services/b/sdk",
                &["connect-runtime", "b-types", "creds"],
            ),
            package("b-types", "/w/services/b/types", &["connect-runtime"]),
            package("a-types", "/w/services/a/types", &["connect-runtime"]),
            package("connect-runtime", "/w/crates/connect-runtime", &[]),
        ];
        let order: Vec<&str> = publishing_order(&crates)
            .unwrap()
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "connect-runtime",
                "a-types",
                "b-types",
                "a-op",
                "a-sdk",
                "creds",
                "b-sdk"
            ]
        );
        let cycle = [
            package("x", "/w/crates/x", &["y"]),
            package("y", "/w/crates/y", &["x"]),
        ];
        assert!(publishing_order(&cycle).unwrap_err().contains("x, y"));
    }

    #[test]
    fn docs_rs_must_see_every_feature() {
        let mut sdk = package("a-sdk", "/w/services/a/sdk", &[]);
        sdk.features = BTreeMap::from([
            ("default".to_owned(), vec!["creds".to_owned()]),
            ("creds".to_owned(), vec!["dep:creds".to_owned()]),
            ("full".to_owned(), vec!["op".to_owned()]),
            ("op".to_owned(), vec!["dep:a-op".to_owned()]),
            ("other".to_owned(), vec![]),
        ]);
        sdk.docs_rs = Some(serde_json::json!({"features": ["full"]}));
        assert_eq!(
            sdk.documented_features(),
            BTreeSet::from(["creds", "default", "full", "op"].map(str::to_owned))
        );
        sdk.docs_rs = Some(serde_json::json!({"all-features": true}));
        assert_eq!(sdk.documented_features().len(), 5);
    }

    /// The committed workspace passes the metadata and limit checks of the dry run (what
    /// `cargo metadata` reads; nothing is packaged, nothing is sent).
    #[test]
    fn the_workspace_crates_are_publishable_within_the_recorded_limits() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let (packages, _) = workspace(&root).unwrap();
        let publishable: Vec<Package> = packages.into_iter().filter(|p| p.publishable).collect();
        let names: BTreeSet<&str> = publishable.iter().map(|p| p.name.as_str()).collect();
        for expected in [
            "connect-pattern",
            "connect-runtime",
            "connect-credentials",
            "connect-sdk",
            "sts-types",
        ] {
            assert!(names.contains(expected), "{expected} is not publishable");
        }
        for private in ["connect-mock", "connect-tests", "xtask", "connect-codegen"] {
            assert!(!names.contains(private), "{private} would be published");
        }
        let order = publishing_order(&publishable).unwrap();
        // The pattern engine first: the runtime depends on it, and it on nothing.
        assert_eq!(order[0].name, "connect-pattern");
        assert_eq!(order[1].name, "connect-runtime");
        // A crate comes after every crate it depends on: connect-sdk after its operations
        // and connect-credentials, which comes after the credential services' SDKs.
        let at = |name: &str| order.iter().position(|p| p.name == name).unwrap();
        assert!(at("connect-credentials") < at("connect-sdk"));
        assert!(at("sts-sdk") < at("connect-credentials"));
        assert!(at("connect-disassociate-workspace") < at("connect-sdk"));
        assert!(at("connectcases-types") < at("connectcases-create-case"));
        let mut problems = Vec::new();
        for package in &order {
            problems.extend(package.problems(&names));
            for finding in check_limits(&package.counts(), &CRATES_IO, RAISED) {
                if let Finding::Refused(why) = finding {
                    problems.push(why);
                }
            }
        }
        assert!(unknown_raised(RAISED, &names).is_empty());
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
