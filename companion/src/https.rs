//! The real [`Upstream`]: hyper's pooled HTTP/1 client over rustls (ring backend, Mozilla's
//! roots from webpki-roots compiled in, so a `FROM scratch` image needs no CA bundle). Plain
//! http is only ever used for loopback upstreams, which the configuration alone allows.
//! Redirects are not followed (hyper never does).

use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::upstream::{BoxError, Upstream, UpstreamFuture};

/// Outgoing HTTPS to the provider.
#[derive(Clone)]
pub struct HttpsUpstream {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl HttpsUpstream {
    /// A client with the webpki roots and the ring provider. Fails only if rustls cannot
    /// offer a safe protocol version with that provider.
    pub fn new() -> Result<HttpsUpstream, BoxError> {
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())?
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(HttpsUpstream { client })
    }
}

impl Upstream for HttpsUpstream {
    fn send(&self, request: Request<Bytes>) -> UpstreamFuture<'_> {
        let request = request.map(Full::new);
        Box::pin(async move {
            let response = self.client.request(request).await?;
            Ok(response.map(|body| body.map_err(BoxError::from).boxed()))
        })
    }
}
