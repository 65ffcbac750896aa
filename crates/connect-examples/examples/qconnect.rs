//! One call of the service against a local stand-in on 127.0.0.1 that checks the SigV4
//! signature: see `connect_examples::family::qconnect` for the call.
//! Run: `cargo run -p connect-examples --example qconnect`.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (output, received) = connect_examples::family::qconnect().await?;
    println!("{output}");
    for line in received {
        println!("server saw: {line}");
    }
    Ok(())
}
