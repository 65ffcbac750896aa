use super::*;
use std::time::Duration;

fn posix(command: &str) -> Result<Vec<String>, &'static str> {
    split_command(command, false)
}

fn windows(command: &str) -> Result<Vec<String>, &'static str> {
    split_command(command, true)
}

#[test]
fn posix_commands_split_like_shell_words() {
    let cases: &[(&str, &[&str])] = &[
        (
            "/opt/bin/creds --profile dev",
            &["/opt/bin/creds", "--profile", "dev"],
        ),
        ("  spaced \t out  ", &["spaced", "out"]),
        (
            r#""/Applications/My Tool/creds" 'a b' "c d""#,
            &["/Applications/My Tool/creds", "a b", "c d"],
        ),
        (r"one\ word two", &["one word", "two"]),
        (
            r#"'single \ "keeps" everything'"#,
            &[r#"single \ "keeps" everything"#],
        ),
        (
            r#""double \" and \\ and \x""#,
            &[r#"double " and \ and \x"#],
        ),
        (r#"joined"quoted"'parts'"#, &["joinedquotedparts"]),
        ("empty '' \"\" words", &["empty", "", "", "words"]),
        ("a=b --flag=\"x y\"", &["a=b", "--flag=x y"]),
    ];
    for (command, words) in cases {
        assert_eq!(posix(command).unwrap(), *words, "{command}");
    }
    for unbalanced in ["tool 'open", "tool \"open", "tool trailing\\"] {
        assert_eq!(
            posix(unbalanced).unwrap_err(),
            "it has a quote that is not closed, or ends with a backslash",
            "{unbalanced}"
        );
    }
}

#[test]
fn windows_commands_split_like_the_c_runtime() {
    // The examples of Microsoft's "Parsing C++ command-line arguments", and the AWS CLI's cases.
    let cases: &[(&str, &[&str])] = &[
        (r#""a b c" d e"#, &["a b c", "d", "e"]),
        (r#""ab\"c" "\\" d"#, &[r#"ab"c"#, r"\", "d"]),
        (r#"a\\\b d"e f"g h"#, &[r"a\\\b", "de fg", "h"]),
        (r#"a\\\"b c d"#, &[r#"a\"b"#, "c", "d"]),
        (r#"a\\\\"b c" d e"#, &[r"a\\b c", "d", "e"]),
        (
            r#""C:\Program Files\Creds\creds.exe" --id 7"#,
            &[r"C:\Program Files\Creds\creds.exe", "--id", "7"],
        ),
        (
            r"C:\tools\creds.exe trailing\\",
            &[r"C:\tools\creds.exe", r"trailing\\"],
        ),
        ("'single' quotes\tstay", &["'single'", "quotes", "stay"]),
        (r#"empty "" word"#, &["empty", "", "word"]),
        ("  ", &[]),
    ];
    for (command, words) in cases {
        assert_eq!(windows(command).unwrap(), *words, "{command}");
    }
    assert_eq!(
        windows(r#"tool "open"#).unwrap_err(),
        "it has a double quote that is not closed"
    );
}

#[test]
fn bad_commands_are_errors_naming_profile_and_file() {
    let error = CredentialProcessProvider::new("dev", "/h/.aws/config", "  ").unwrap_err();
    assert_eq!(
        error,
        CredentialsError::InvalidCredentialProcess {
            profile: "dev".into(),
            file: PathBuf::from("/h/.aws/config"),
            problem: "it is empty",
        }
    );
    assert_eq!(
        error.to_string(),
        "`credential_process` of profile `dev` in /h/.aws/config cannot be run: it is empty"
    );
    let error = CredentialProcessProvider::new("dev", "/h/.aws/config", "tool \"x").unwrap_err();
    assert!(
        error.to_string().starts_with(
            "`credential_process` of profile `dev` in /h/.aws/config cannot be run: it has"
        ),
        "{error}"
    );
}

#[test]
fn debug_shows_the_program_and_counts_the_arguments() {
    let provider =
        CredentialProcessProvider::new("dev", "/h/.aws/config", "creds --password hunter2")
            .unwrap();
    assert_eq!(provider.program, "creds");
    assert_eq!(provider.arguments, ["--password", "hunter2"]);
    let shown = format!("{provider:?} {provider:#?}");
    assert!(
        shown.contains("\"creds\"") && shown.contains("arguments: 2"),
        "{shown}"
    );
    assert!(!shown.contains("hunter2"), "{shown}");
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";

#[test]
fn version_1_output_gives_credentials_and_their_expiry() {
    let full = format!(
        r#"{{"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "{SECRET}",
            "SessionToken": "{TOKEN}", "Expiration": "2024-05-01T12:00:00Z", "AccountId": "1"}}"#
    );
    let credentials = parse_output(full.as_bytes()).unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAEXAMPLE");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(TOKEN));
    assert_eq!(
        credentials.expiry(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_564_800))
    );
    // Long-term keys: no token, no expiry (`null` is as good as absent); 1.0 is version 1.
    let keys = format!(
        r#"{{"Version": 1.0, "AccessKeyId": "AKIA", "SecretAccessKey": "{SECRET}",
            "SessionToken": null}}"#
    );
    let credentials = parse_output(keys.as_bytes()).unwrap();
    assert_eq!(
        (credentials.session_token(), credentials.expiry()),
        (None, None)
    );
    // An offset names the same instant.
    let offset = format!(
        r#"{{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "{SECRET}",
            "Expiration": "2024-05-01T14:00:00+02:00"}}"#
    );
    assert_eq!(
        parse_output(offset.as_bytes()).unwrap().expiry(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_564_800))
    );
}

#[test]
fn unusable_output_says_what_is_wrong_without_repeating_it() {
    let with = |fields: &str| format!(r#"{{"Version": 1, {fields}}}"#);
    let secret = format!(r#""SecretAccessKey": "{SECRET}""#);
    let cases = [
        (String::new(), "its standard output is empty".to_owned()),
        (" \n".into(), "its standard output is empty".into()),
        (
            format!("AccessKeyId={SECRET}"),
            "its standard output is not JSON (line 1, column 1)".into(),
        ),
        (
            format!(r#"{{"SecretAccessKey": "{SECRET}""#),
            "its standard output is not JSON (line 1, column 63)".into(),
        ),
        (
            format!(r#"["{SECRET}"]"#),
            "its standard output is not a JSON object".into(),
        ),
        (
            format!(r#"{{"AccessKeyId": "A", {secret}}}"#),
            "`Version` is missing (it must be 1)".into(),
        ),
        (
            format!(r#"{{"Version": 2, "AccessKeyId": "A", {secret}}}"#),
            "`Version` is 2, but only version 1 is supported".into(),
        ),
        (
            format!(r#"{{"Version": "1", "AccessKeyId": "A", {secret}}}"#),
            "`Version` is not a number (it must be 1)".into(),
        ),
        (with(&secret), "`AccessKeyId` is missing".into()),
        (
            with(r#""AccessKeyId": "A""#),
            "`SecretAccessKey` is missing".into(),
        ),
        (
            with(r#""AccessKeyId": "A", "SecretAccessKey": """#),
            "`SecretAccessKey` is missing".into(),
        ),
        (
            with(&format!(r#""AccessKeyId": 7, {secret}"#)),
            "`AccessKeyId` is not a string".into(),
        ),
        (
            with(&format!(
                r#""AccessKeyId": "A", {secret}, "SessionToken": ["{TOKEN}"]"#
            )),
            "`SessionToken` is not a string".into(),
        ),
        (
            with(&format!(
                r#""AccessKeyId": "A", {secret}, "Expiration": "tomorrow""#
            )),
            "`Expiration` is not an RFC 3339 date-time".into(),
        ),
    ];
    for (output, expected) in cases {
        let error = parse_output(output.as_bytes()).unwrap_err();
        assert_eq!(error, expected, "{output}");
        assert!(!error.contains(SECRET) && !error.contains(TOKEN), "{error}");
    }
}

#[test]
fn failures_keep_a_bounded_trimmed_stderr() {
    assert_eq!(
        bounded(b"\n  token expired, log in again \n"),
        "token expired, log in again"
    );
    assert_eq!(bounded(b"not \xffutf-8"), "not \u{fffd}utf-8");
    // 4,097 bytes: the limit falls inside a two-byte character, which is left out whole.
    let long = format!("x{}", "é".repeat(STDERR_LIMIT));
    let cut = bounded(long.as_bytes());
    let kept = STDERR_LIMIT - 1;
    assert_eq!(cut, format!("{}... (2050 more bytes)", &long[..kept]));
}

#[test]
fn problems_read_as_sentences() {
    let error = |problem| {
        CredentialsError::CredentialProcess(Box::new(CredentialProcessError {
            profile: "dev".into(),
            file: PathBuf::from("/h/.aws/config"),
            program: "creds".into(),
            problem,
        }))
    };
    let failed = error(ProcessProblem::Failed {
        status: "exit code 1".into(),
        stderr: "not logged in".into(),
    });
    assert_eq!(
        failed.to_string(),
        "`credential_process` of profile `dev` in /h/.aws/config: `creds` failed (exit code 1): \
         not logged in"
    );
    let silent = error(ProcessProblem::Failed {
        status: "exit code 2".into(),
        stderr: String::new(),
    });
    assert!(silent
        .to_string()
        .ends_with("failed (exit code 2) and wrote nothing to standard error"));
    let output = error(ProcessProblem::Output("`AccessKeyId` is missing".into()));
    assert!(
        output.to_string().ends_with(
            "`creds` printed no usable credentials: `AccessKeyId` is missing (the output is not \
             shown, as it holds secrets)"
        ),
        "{output}"
    );
    let not_started = error(ProcessProblem::NotStarted(
        "No such file or directory".into(),
    ));
    assert!(not_started
        .to_string()
        .ends_with("`creds` could not be started: No such file or directory"));
}
