//! The standalone server: the core behind an HTTP/1 listener (axum's server, whose only
//! route is a fallback handing every request to [`Companion::handle_streaming`]). The
//! binary calls [`serve`], and so can a test harness, in-process, on a loopback port.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use http_body_util::BodyExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::companion::Companion;
use crate::config::{vars, Config, ConfigError};
use crate::upstream::BoxError;

/// The listen address when [`vars::LISTEN`] is not set: loopback, for a reverse proxy on the
/// same machine. A container sets `0.0.0.0:8080`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// How long [`Serving::shutdown`] waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The listen address from the environment.
pub fn listen_address() -> Result<SocketAddr, ConfigError> {
    let text = std::env::var(vars::LISTEN).unwrap_or_else(|_| DEFAULT_LISTEN.to_string());
    text.trim().parse().map_err(|_| {
        ConfigError::new(
            vars::LISTEN,
            format!("{text:?}: write an address and port, e.g. 0.0.0.0:8080"),
        )
    })
}

/// A running server. Dropping it stops the listener; [`Serving::shutdown`] also waits.
pub struct Serving {
    address: SocketAddr,
    companion: Companion,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Serving {
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The companion it serves (its resolved token endpoint and method, for a start-up line).
    pub fn companion(&self) -> &Companion {
        &self.companion
    }

    /// `http://<address>`, the base URL of the companion.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops accepting, lets requests in flight finish (a few seconds at most), and waits.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let Some(mut task) = self.task.take() else {
            return Ok(());
        };
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
            Ok(joined) => joined.map_err(io::Error::other)?,
            Err(_) => {
                task.abort();
                Ok(())
            }
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The companion as the binary runs it, on `listener`: the provider resolved (discovery read
/// once when the configuration names an issuer), outgoing requests over
/// [`HttpsUpstream`](crate::HttpsUpstream), the log on standard error. For a test harness
/// that starts it in-process, as the sandbox's `start`.
pub async fn start(config: Config, listener: TcpListener) -> Result<Serving, BoxError> {
    let companion = Companion::start_https(config).await?;
    Ok(serve(companion, listener)?)
}

/// One request: its body read up to the cap by the core.
async fn answer(companion: Companion, request: Request) -> http::Response<Body> {
    let request = request.map(|body| body.map_err(BoxError::from).boxed_unsync());
    companion.handle_streaming(request).await.map(Body::from)
}

/// Serves `companion` on `listener` until [`Serving::shutdown`] (or drop).
pub fn serve(companion: Companion, listener: TcpListener) -> io::Result<Serving> {
    let address = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let served = companion.clone();
    let app = axum::Router::new().fallback(move |request: Request| answer(served.clone(), request));
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Serving {
        address,
        companion,
        stop: Some(stop),
        task: Some(task),
    })
}
