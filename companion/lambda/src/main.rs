//! `classlink-companion-lambda`: the function's `bootstrap`. Reads the configuration from the
//! function's environment (the secret from a Lambda environment variable, encrypted at rest,
//! or one the deployment fills from Secrets Manager), refuses to initialise on any problem,
//! naming the variable, then answers events until Lambda retires the instance.

use classlink_companion::{Companion, Config};
use classlink_companion_lambda::handle;
use lambda_http::{run, service_fn, Error, Request};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let companion = match start().await {
        Ok(companion) => companion,
        Err(message) => {
            eprintln!("classlink-companion: {message}");
            return Err(message.into());
        }
    };
    run(service_fn(move |event: Request| {
        let companion = companion.clone();
        async move { handle(&companion, event).await }
    }))
    .await
}

async fn start() -> Result<Companion, String> {
    let config = Config::from_env().map_err(|e| format!("not started: {e}"))?;
    Companion::start_https(config)
        .await
        .map_err(|e| format!("not started: {e}"))
}
