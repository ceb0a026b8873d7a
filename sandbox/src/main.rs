//! `classlink-sandbox`: parse the flags, start the sandbox, run until Ctrl-C.

use std::process::ExitCode;

use classlink_sandbox::cli::{parse_args, Command, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => *options,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("classlink-sandbox: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = match classlink_sandbox::start(options).await {
        Ok(running) => running,
        Err(err) => {
            eprintln!("classlink-sandbox: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("ClassLink sandbox listening on {}", running.api_origin());
    if let Some(url) = running.app_url() {
        println!("App served at {url}");
    }
    if let Err(err) = tokio::signal::ctrl_c().await {
        eprintln!("classlink-sandbox: cannot wait for Ctrl-C: {err}");
    }
    running.shutdown().await;
    ExitCode::SUCCESS
}
