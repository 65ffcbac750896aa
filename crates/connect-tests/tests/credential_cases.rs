//! The credential cases of `tests/credential-cases/`: each folder is one case, as data, so that
//! a new case is new files. A case is
//! - `case.json`: `doc` (what it shows), `env` (the environment, nothing else is read), the
//!   local servers it needs (`imds`, `container`, `sso`, `sts`) and what they answer, and
//!   `expect`;
//! - `home/`: the home folder (`.aws/config`, `.aws/credentials`, `.aws/sso/cache/...`),
//!   copied to a fresh folder first, since a source may write to it;
//! - any file the case names (a `credential_process` script, a token file).
//!
//! In `env` and in the files of `home/`, `{home}` is the copied home folder, `{case}` the case's
//! folder, and `{imds}`, `{container}`, `{sso}`, `{sts}` the URLs of the servers started for it.
//!
//! Each case loads the configuration as an application does (`Config::load` reading the real,
//! copied files), then makes one Amazon Connect call to a local server that checks the
//! signature against the credentials the case expects: the credentials are proved by use, not
//! only compared. A case expecting an error checks that nothing reached that server, that the
//! error says what it must, and that no secret of the case is in it. When no `imds` is
//! given, `AWS_EC2_METADATA_DISABLED` is `true`: no case asks the real metadata address.

use connect_mock::{
    Credentials as MockCredentials, FakeContainerCredentials, FakeImds, ImdsBehaviour,
    MockResponse, MockServer, TemporaryCredentials,
};
use connect_runtime::{Config, Env, Fs};
use connect_sdk::Client;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

#[tokio::test(flavor = "multi_thread")]
async fn every_credential_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/credential-cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the cases folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.join("case.json").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "only {} cases in {}",
        cases.len(),
        root.display()
    );
    let mut failed = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if let Err(why) = run(case).await {
            failed.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n\n")
    );
}

/// The servers started for one case; dropped (stopped) when it ends.
#[derive(Default)]
struct Servers {
    imds: Option<FakeImds>,
    container: Option<FakeContainerCredentials>,
    places: BTreeMap<&'static str, String>,
}

async fn run(case: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(case.join("case.json")).map_err(|e| e.to_string())?;
    let spec: Value = serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))?;
    let home = std::env::temp_dir().join(format!(
        "connect-credential-case-{}-{}",
        std::process::id(),
        case.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let mut servers = start_servers(&spec).await?;
    servers.places.insert("home", home.display().to_string());
    servers.places.insert("case", case.display().to_string());
    if case.join("home").is_dir() {
        copy_filled(&case.join("home"), &home, &servers.places)?;
    }
    let result = check(&spec, &servers, &home).await;
    let _ = std::fs::remove_dir_all(&home);
    result
}

async fn start_servers(spec: &Value) -> Result<Servers, String> {
    let mut servers = Servers::default();
    if let Some(imds) = spec.get("imds") {
        let fake = FakeImds::start().await.map_err(|e| e.to_string())?;
        if let Some(role) = imds.get("role").and_then(Value::as_str) {
            fake.set_role(role, temporary(&imds["credentials"])?.imds_json());
        }
        if let Some(region) = imds.get("region").and_then(Value::as_str) {
            fake.set_region(region);
        }
        match imds.get("behaviour").and_then(Value::as_str) {
            None => {}
            Some("hang") => fake.set_behaviour(ImdsBehaviour::Hang),
            Some("error") => fake.set_behaviour(ImdsBehaviour::InternalError),
            Some(other) => return Err(format!("unknown imds behaviour `{other}`")),
        }
        servers.places.insert("imds", fake.endpoint());
        servers.imds = Some(fake);
    }
    if let Some(container) = spec.get("container") {
        let fake = FakeContainerCredentials::start(temporary(&container["credentials"])?)
            .await
            .map_err(|e| e.to_string())?;
        let authorization = container.get("authorization").and_then(Value::as_str);
        fake.require_authorization(authorization);
        servers.places.insert("container", fake.url());
        servers.container = Some(fake);
    }
    Ok(servers)
}

/// Credentials as a fake endpoint hands them out, valid for an hour from now.
fn temporary(spec: &Value) -> Result<TemporaryCredentials, String> {
    let member = |name: &str| {
        spec.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("credentials without `{name}`: {spec}"))
    };
    Ok(TemporaryCredentials::new(
        member("AccessKeyId")?,
        member("SecretAccessKey")?,
        member("Token")?,
        SystemTime::now() + Duration::from_secs(3600),
    ))
}

/// `text` with every `{place}` replaced.
fn fill(text: &str, places: &BTreeMap<&'static str, String>) -> String {
    places.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// Copies the folder `from` into `to`, filling in the places in every file.
fn copy_filled(
    from: &Path,
    to: &Path,
    places: &BTreeMap<&'static str, String>,
) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            copy_filled(&path, &target, places)?;
        } else {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            std::fs::write(&target, fill(&text, places)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The case's environment, filled in, with `HOME` and the metadata service's switch.
fn environment(spec: &Value, places: &BTreeMap<&'static str, String>) -> Vec<(String, String)> {
    let mut vars = vec![("HOME".to_owned(), places["home"].clone())];
    if !places.contains_key("imds") {
        vars.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
    }
    let empty = Map::new();
    for (name, value) in spec.get("env").and_then(Value::as_object).unwrap_or(&empty) {
        vars.push((
            name.clone(),
            fill(value.as_str().unwrap_or_default(), places),
        ));
    }
    vars
}

async fn check(spec: &Value, servers: &Servers, home: &Path) -> Result<(), String> {
    let expect = &spec["expect"];
    let vars = environment(spec, &servers.places);
    let loaded = Config::loader()
        .env(Env::from_vars(
            vars.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        ))
        .fs(Fs::real())
        .load();
    let builder = match (loaded, expect.get("load_error")) {
        (Ok(builder), None) => builder,
        (Err(error), Some(wanted)) => return says(&error.to_string(), wanted, spec),
        (Ok(_), Some(_)) => return Err("loaded, but the case expects a load error".into()),
        (Err(error), None) => return Err(format!("does not load: {error}")),
    };
    let (id, secret) = match expect.get("credentials") {
        Some(credentials) => (
            text(credentials, "AccessKeyId")?,
            text(credentials, "SecretAccessKey")?,
        ),
        None => ("none".to_owned(), "none".to_owned()),
    };
    let region = expect
        .get("region")
        .and_then(Value::as_str)
        .unwrap_or("us-west-2");
    let connect = MockServer::start(MockCredentials::new(id, secret), region, "connect", |_| {
        MockResponse::json(200, "{}")
    })
    .await
    .map_err(|e| e.to_string())?;
    let client = Client::from_conf(builder.endpoint_url(connect.endpoint()).build());
    let sent = client
        .disassociate_workspace()
        .instance_id("inst-1")
        .workspace_id("ws-1")
        .resource_arns("arn:aws:connect:us-west-2:123456789012:instance/inst-1")
        .send()
        .await;
    let requests = connect.requests();
    let outcome = match (sent, expect.get("error")) {
        (Ok(_), None) => {
            let request = requests.first().ok_or("no request reached the server")?;
            if !request.signature.is_valid() {
                return Err(format!(
                    "the signature is not valid: {:?}",
                    request.signature
                ));
            }
            let token = expect["credentials"].get("Token").and_then(Value::as_str);
            if request.header("x-amz-security-token") != token {
                return Err(format!(
                    "session token {:?}, expected {token:?}",
                    request.header("x-amz-security-token")
                ));
            }
            Ok(())
        }
        (Err(error), Some(wanted)) if requests.is_empty() => says(&error.to_string(), wanted, spec),
        (Err(error), Some(_)) => Err(format!("{error}, but a request was sent")),
        (Ok(_), Some(_)) => Err("succeeded, but the case expects an error".into()),
        (Err(error), None) => Err(format!("failed: {error}")),
    };
    outcome?;
    check_requests(expect, servers)?;
    check_files(expect, home)
}

/// How many requests each fake got, where the case says.
fn check_requests(expect: &Value, servers: &Servers) -> Result<(), String> {
    let counts = [
        (
            "imds_requests",
            servers.imds.as_ref().map(|s| s.requests().len()),
        ),
        (
            "container_requests",
            servers.container.as_ref().map(|s| s.requests().len()),
        ),
    ];
    for (key, count) in counts {
        if let Some(wanted) = expect.get(key).and_then(Value::as_u64) {
            let count = count.unwrap_or(0) as u64;
            if count != wanted {
                return Err(format!("{key}: {count}, expected {wanted}"));
            }
        }
    }
    Ok(())
}

/// Files a source must have written, with text they must hold.
fn check_files(expect: &Value, home: &Path) -> Result<(), String> {
    let empty = Map::new();
    for (file, wanted) in expect
        .get("files")
        .and_then(Value::as_object)
        .unwrap_or(&empty)
    {
        let text = std::fs::read_to_string(home.join(file))
            .map_err(|e| format!("{file} was not written: {e}"))?;
        for part in wanted.as_array().into_iter().flatten() {
            let part = part.as_str().unwrap_or_default();
            if !text.contains(part) {
                return Err(format!("{file} does not hold `{part}`: {text}"));
            }
        }
    }
    Ok(())
}

/// Whether `message` holds each of `wanted`'s parts and none of the case's `secrets`.
fn says(message: &str, wanted: &Value, spec: &Value) -> Result<(), String> {
    for part in wanted.as_array().into_iter().flatten() {
        let part = part.as_str().unwrap_or_default();
        if !message.contains(part) {
            return Err(format!("the error does not say `{part}`: {message}"));
        }
    }
    for secret in spec
        .get("secrets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let secret = secret.as_str().unwrap_or_default();
        if message.contains(secret) {
            return Err(format!("the error shows the secret `{secret}`: {message}"));
        }
    }
    Ok(())
}

fn text(value: &Value, name: &str) -> Result<String, String> {
    value
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("`{name}` missing in {value}"))
}
