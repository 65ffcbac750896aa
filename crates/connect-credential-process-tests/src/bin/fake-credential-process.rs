//! Plays a `credential_process` program for the tests: the first argument says how.
//!
//! - `ok EXPIRATION`: version 1 credentials with a session token, expiring at EXPIRATION
//! - `keys`: version 1 credentials without session token or expiration
//! - `args ...`: credentials whose access key id is the other arguments joined by `|`
//! - `env NAME`: credentials whose access key id is the value of the variable NAME
//! - `version2`, `garbage`, `no-secret`: output that is not usable credentials
//! - `fail`: writes to standard error and exits with code 1
//! - `noisy`: writes 10,000 bytes to standard error and exits with code 3
//! - `chatty`: writes 1 MiB to standard error (more than a pipe holds), then credentials
//! - `abort`: ends abnormally (a signal on Unix)
//! - `sleep PIDFILE`: writes its process id to PIDFILE and sleeps for a minute

use serde_json::json;
use std::io::Write as _;
use std::time::Duration;

/// What the tests look for, and must never find in an error or a trace.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPROCESSSECRET";
const TOKEN: &str = "IQoJb3JpZ2luX2VjPROCESSSESSIONTOKEN";

fn credentials(access_key_id: &str) -> serde_json::Value {
    json!({"Version": 1, "AccessKeyId": access_key_id, "SecretAccessKey": SECRET})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let code = match args.first().map(String::as_str) {
        Some("ok") => {
            let mut answer = credentials("ASIAPROCESS");
            answer["SessionToken"] = json!(TOKEN);
            answer["Expiration"] = json!(rest.first());
            print(&answer)
        }
        Some("keys") => print(&credentials("AKIAPROCESS")),
        Some("args") => print(&credentials(&rest.join("|"))),
        Some("env") => {
            let value = rest.first().and_then(|name| std::env::var(name).ok());
            print(&credentials(&value.unwrap_or_default()))
        }
        Some("version2") => {
            let mut answer = credentials("ASIAPROCESS");
            answer["Version"] = json!(2);
            print(&answer)
        }
        Some("garbage") => {
            println!("AccessKeyId=ASIAPROCESS SecretAccessKey={SECRET}");
            0
        }
        Some("no-secret") => print(&json!({"Version": 1, "AccessKeyId": "ASIAPROCESS"})),
        Some("fail") => {
            // A half-written answer on standard output must not show up in the error either.
            print!("{{\"Version\": 1, \"SecretAccessKey\": \"{SECRET}\"");
            eprintln!("\n  the MFA device is not connected  \n");
            1
        }
        Some("noisy") => {
            eprint!("{}", "e".repeat(10_000));
            3
        }
        Some("chatty") => {
            eprint!("{}", "e".repeat(1 << 20));
            print(&credentials("AKIACHATTY"))
        }
        Some("abort") => std::process::abort(),
        Some("sleep") => {
            if let Some(path) = rest.first() {
                let _ = std::fs::write(path, std::process::id().to_string());
            }
            std::thread::sleep(Duration::from_secs(60));
            0
        }
        _ => {
            eprintln!("unknown mode {args:?}");
            64
        }
    };
    std::process::exit(code);
}

fn print(answer: &serde_json::Value) -> i32 {
    let mut stdout = std::io::stdout();
    match writeln!(stdout, "{answer}").and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => 74,
    }
}
