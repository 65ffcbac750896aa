//! The credential cases of `tests/credential-cases/`: each folder is one case, as data, so that
//! a new case is new files. A case is
//! - `case.json`: `doc` (what it shows), `env` (the environment, nothing else is read), the
//!   local servers it needs (`imds`, `container`, `sso`, `sts`) and what they answer, and
//!   `expect`;
//! - `home/`: the home folder (`.aws/config`, `.aws/credentials`, `.aws/sso/cache/...`),
//!   copied to a fresh folder first, since a source may write to it;
//! - any file the case names (a `credential_process` script, a token file).
//!
//! STS is moto_server (`"sts": "moto"`; the case then expects the `caller_arn` STS gives the
//! loaded credentials) or a fake answering an error; the portal and SSO OIDC are a fake of
//! their own on one server (moto has neither).
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
    MockResponse, MockServer, Moto, RecordedRequest, TemporaryCredentials,
};
use connect_runtime::{Config, ConfigBuilder, Env, Fs};
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
    let moto = Moto::get();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if let Err(why) = run(case, &moto).await {
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
    sso: Option<MockServer>,
    /// A fake STS (moto is shared by every case, and counts nothing).
    sts: Option<MockServer>,
    places: BTreeMap<&'static str, String>,
}

async fn run(case: &Path, moto: &Moto) -> Result<(), String> {
    let text = std::fs::read_to_string(case.join("case.json")).map_err(|e| e.to_string())?;
    let spec: Value = serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))?;
    let home = std::env::temp_dir().join(format!(
        "connect-credential-case-{}-{}",
        std::process::id(),
        case.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let mut servers = start_servers(&spec, moto).await?;
    servers.places.insert("home", home.display().to_string());
    servers.places.insert("case", case.display().to_string());
    if case.join("home").is_dir() {
        copy_filled(&case.join("home"), &home, &servers.places)?;
    }
    let result = check(&spec, &servers, &home).await;
    let _ = std::fs::remove_dir_all(&home);
    result
}

async fn start_servers(spec: &Value, moto: &Moto) -> Result<Servers, String> {
    let mut servers = Servers::default();
    if let Some(sso) = spec.get("sso") {
        let sso = sso.clone();
        let fake = MockServer::start_unsigned(move |request| sso_answer(&sso, request))
            .await
            .map_err(|e| e.to_string())?;
        servers.places.insert("sso", fake.endpoint());
        servers.sso = Some(fake);
    }
    match spec.get("sts") {
        None => {}
        Some(Value::String(moto_server)) if moto_server == "moto" => {
            servers.places.insert("sts", moto.endpoint().to_owned());
        }
        Some(fake) => {
            let error = fake["error"].clone();
            let fake = MockServer::start_unsigned(move |_| sts_error(&error))
                .await
                .map_err(|e| e.to_string())?;
            servers.places.insert("sts", fake.endpoint());
            servers.sts = Some(fake);
        }
    }
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

/// The IAM Identity Center portal and SSO OIDC, as the case describes them: role credentials
/// for the right bearer token, account and role; a new token for the right client and refresh
/// token; a refusal otherwise.
fn sso_answer(spec: &Value, request: &RecordedRequest) -> MockResponse {
    let refuse = |code: &str| {
        MockResponse::json(
            401,
            format!(r#"{{"__type":"{code}","message":"refused by the fake"}}"#),
        )
    };
    match request.path() {
        "/federation/credentials" => {
            let wanted = format!(
                "role_name={}",
                spec["role_name"].as_str().unwrap_or_default()
            );
            let query = request.query().unwrap_or_default();
            let account = format!(
                "account_id={}",
                spec["account_id"].as_str().unwrap_or_default()
            );
            if request.header("x-amz-sso_bearer_token") != spec["access_token"].as_str()
                || !query.contains(&wanted)
                || !query.contains(&account)
            {
                return refuse("UnauthorizedException");
            }
            let mut role = spec["role_credentials"].clone();
            let expiry = SystemTime::now() + Duration::from_secs(3600);
            let millis = expiry
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            role["expiration"] = Value::from(millis as u64);
            MockResponse::json(
                200,
                serde_json::json!({ "roleCredentials": role }).to_string(),
            )
        }
        "/token" => {
            let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
            let wanted = &spec["create_token"];
            if body["clientId"] != wanted["client_id"]
                || body["refreshToken"] != wanted["refresh_token"]
                || body["grantType"] != "refresh_token"
            {
                return refuse("InvalidGrantException");
            }
            MockResponse::json(200, wanted["answer"].to_string())
        }
        other => MockResponse::json(404, format!(r#"{{"message":"no {other} here"}}"#)),
    }
}

/// STS's XML error answer.
fn sts_error(error: &Value) -> MockResponse {
    let body = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
         <Type>Sender</Type><Code>{}</Code><Message>{}</Message></Error>\
         <RequestId>case-request</RequestId></ErrorResponse>",
        error["code"].as_str().unwrap_or_default(),
        error["message"].as_str().unwrap_or_default(),
    );
    let status = error["status"].as_u64().unwrap_or(400) as u16;
    MockResponse::json(status, body).with_content_type("text/xml")
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
    if let Some(arn) = expect.get("caller_arn") {
        return caller_is(builder, arn, &servers.places["sts"]).await;
    }
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

/// Who STS (moto) says the loaded credentials belong to: the role the case assumed.
async fn caller_is(builder: ConfigBuilder, arn: &Value, sts: &str) -> Result<(), String> {
    let config = builder.endpoint_url(sts).build();
    // The first client of a configuration lends its credentials cache what the providers need:
    // every family service's brings the credential services (here Connect Campaigns', so that
    // a family SDK is proved to load roles on its own), STS's own cannot (it is one of them).
    let _family = connectcampaigns_sdk::Client::from_conf(config.clone());
    let client = sts_sdk::Client::from_conf(config);
    let identity = client
        .get_caller_identity()
        .send()
        .await
        .map_err(|error| format!("GetCallerIdentity: {error}"))?;
    match identity.arn.as_deref() {
        Some(found) if Some(found) == arn.as_str() => Ok(()),
        found => Err(format!("the caller is {found:?}, expected {arn}")),
    }
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
        (
            "sso_requests",
            servers.sso.as_ref().map(|s| s.requests().len()),
        ),
        (
            "sts_requests",
            servers.sts.as_ref().map(|s| s.requests().len()),
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
