//! `classlink-companion`: the standalone server (a container, a VM). Reads its configuration
//! from the environment (`companion/README.md` lists every variable), refuses to start on
//! any problem and names the variable, then serves until SIGTERM or Ctrl-C.

use std::process::ExitCode;

use classlink_companion::{listen_address, start, Config};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("classlink-companion: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| format!("not started: {e}"))?;
    let listen = listen_address().map_err(|e| format!("not started: {e}"))?;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| format!("not started: cannot listen on {listen}: {e}"))?;
    let serving = start(config, listener)
        .await
        .map_err(|e| format!("not started: {e}"))?;
    let companion = serving.companion();
    eprintln!(
        "classlink-companion: listening on {}; token requests go to {} ({})",
        serving.url(),
        companion.token_endpoint(),
        companion.client_auth().as_str()
    );
    stop_signal().await;
    serving.shutdown().await.map_err(|e| e.to_string())
}

/// SIGTERM (what container platforms send) or Ctrl-C.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
