//! What the sandbox's tests share: a [`Harness`] that sends requests through the API
//! listener's whole middleware stack with tower's `oneshot` (no sockets), a signed-in user's
//! code and token, and readers for answers.

// What every test file reads through `use crate::tests::harness::*`.
pub(crate) use std::net::SocketAddr;
pub(crate) use std::sync::Arc;

pub(crate) use axum::body::Body;
pub(crate) use axum::extract::ConnectInfo;
pub(crate) use axum::http::{header, Request, Response, StatusCode};
pub(crate) use axum::Router;
pub(crate) use http_body_util::BodyExt;
pub(crate) use serde_json::Value;
pub(crate) use tower::ServiceExt;

pub(crate) use crate::http::params::Params;
pub(crate) use crate::state::config::Config;
pub(crate) use crate::state::shared::Shared;
pub(crate) use crate::{Options, Seed};

/// RFC 7636 Appendix B's pair.
pub(crate) const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub(crate) const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
pub(crate) const ISSUER: &str = "http://sandbox.test:8081";
pub(crate) const REDIRECT: &str = "http://localhost:8080/";
pub(crate) const APP_ORIGIN: &str = "http://localhost:8080";
pub(crate) const EVIL_ORIGIN: &str = "http://evil.example";

pub(crate) struct Harness {
    pub shared: Arc<Shared>,
    router: Router,
}

pub(crate) fn harness() -> Harness {
    harness_with(Options::new(Seed::default_seed()))
}

/// A harness with these session switches on from the start.
pub(crate) fn harness_with_features(features: crate::SessionFeatures) -> Harness {
    let mut options = Options::new(Seed::default_seed());
    options.session_features = features;
    harness_with(options)
}

pub(crate) fn harness_with(options: Options) -> Harness {
    let config = Config::build(&options, ISSUER, None).expect("config");
    let shared = Arc::new(Shared::new(config));
    let router = crate::hosting::api_listener::api_router(shared.clone());
    Harness { shared, router }
}

impl Harness {
    /// Sends a request as if from a loopback peer.
    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.send_from(request, "127.0.0.1:50000").await
    }

    pub async fn send_from(&self, mut request: Request<Body>, peer: &str) -> Response<Body> {
        let peer: SocketAddr = peer.parse().expect("peer");
        request.extensions_mut().insert(ConnectInfo(peer));
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible")
    }

    pub async fn get(&self, uri: &str) -> Response<Body> {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with_token(&self, uri: &str, token: &str) -> Response<Body> {
        let request = Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    pub async fn post_form(&self, uri: &str, pairs: &[(&str, &str)]) -> Response<Body> {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(pairs)))
            .expect("request");
        self.send(request).await
    }

    /// Signs `login` in with Allow and returns the callback's query parameters.
    pub async fn sign_in(&self, login: &str, state: Option<&str>) -> Params {
        let page = self.get(&auth_uri(&auth_params(state))).await;
        assert_eq!(page.status(), StatusCode::OK);
        let mut fields = decision_fields(state);
        fields.push(("login", login));
        fields.push(("decision", "allow"));
        let response = self.post_form("/oauth2/v2/auth/decision", &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = location(&response);
        let (base, query) = location.split_once('?').expect("query");
        assert_eq!(base, REDIRECT);
        Params::parse(query.as_bytes())
    }

    /// A fresh authorization code for `login` (signed in with Allow, `state` "s").
    pub async fn code_for(&self, login: &str) -> String {
        let callback = self.sign_in(login, Some("s")).await;
        callback.get("code").expect("code").to_string()
    }

    /// Arms each fault (JSON) over `POST /__sandbox/faults` and asserts the status it gets:
    /// 201 for one that can be armed, 400 for one that cannot.
    pub async fn assert_fault_admission(&self, cases: &[(&str, u16)]) {
        for (body, status) in cases {
            let response = self.send(admin("POST", "/__sandbox/faults", body)).await;
            assert_eq!(response.status().as_u16(), *status, "{body}");
        }
    }

    /// Signs `login` in with Allow and returns the callback's query parameters and the
    /// provider-session cookie as a `Cookie` header value (`sandbox_idp=…`).
    pub async fn sign_in_with_session(&self, login: &str) -> (Params, String) {
        let mut fields = decision_fields(Some("s"));
        fields.push(("login", login));
        fields.push(("decision", "allow"));
        let response = self.post_form("/oauth2/v2/auth/decision", &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = header_str(&response, "set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("set-cookie")
            .to_string();
        let location = location(&response);
        let (_, query) = location.split_once('?').expect("query");
        (Params::parse(query.as_bytes()), cookie)
    }

    /// `GET /oauth2/v2/auth` with `extra` parameters and, if given, a `Cookie` header.
    pub async fn authorize(&self, extra: &[(&str, &str)], cookie: Option<&str>) -> Response<Body> {
        let mut pairs = auth_params(Some("s2"));
        pairs.extend_from_slice(extra);
        let mut request = Request::get(auth_uri(&pairs));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    /// The token response (as JSON) for a fresh sign-in of `login`.
    pub async fn token_response_for(&self, login: &str) -> Value {
        let callback = self.sign_in(login, Some("s")).await;
        let response = self
            .exchange(callback.get("code").expect("code"), VERIFIER)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        json(response).await
    }

    /// Exchanges `code` the way the app does.
    pub async fn exchange(&self, code: &str, verifier: &str) -> Response<Body> {
        self.post_form(
            "/oauth2/v2/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("client_id", "demo-portal"),
                ("code_verifier", verifier),
            ],
        )
        .await
    }

    /// A fresh access token for `login`.
    pub async fn token_for(&self, login: &str) -> String {
        let callback = self.sign_in(login, Some("s")).await;
        let response = self
            .exchange(callback.get("code").expect("code"), VERIFIER)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = json(response).await;
        body["access_token"].as_str().expect("token").to_string()
    }
}

/// A fresh access token for `login` with exactly `scope`.
pub(crate) async fn token_with_scope(h: &Harness, login: &str, scope: &str) -> String {
    let mut fields: Vec<(&str, &str)> = auth_params(None)
        .into_iter()
        .map(|(k, v)| if k == "scope" { (k, scope) } else { (k, v) })
        .collect();
    fields.push(("login", login));
    fields.push(("decision", "allow"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    let location = location(&response);
    let params = Params::parse(location.split_once('?').expect("query").1.as_bytes());
    let body = json(
        h.exchange(params.get("code").expect("code"), VERIFIER)
            .await,
    )
    .await;
    body["access_token"].as_str().expect("token").to_string()
}

/// Asserts an RFC 6749 §5.2 error and returns its description.
pub(crate) async fn oauth_error(
    response: Response<Body>,
    status: StatusCode,
    error: &str,
) -> String {
    assert_eq!(response.status(), status);
    assert_eq!(header_str(&response, "cache-control"), Some("no-store"));
    let body: Value = json(response).await;
    assert_eq!(body["error"], error, "{body}");
    body["error_description"]
        .as_str()
        .expect("description")
        .to_string()
}

/// A JSON request to an admin route (`/__sandbox/*`).
pub(crate) fn admin(method: &str, uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request")
}

/// The outcome of every refresh grant the sandbox answered, in order.
pub(crate) fn outcomes(h: &Harness) -> Vec<crate::RefreshOutcome> {
    h.shared
        .store()
        .refresh_grants
        .iter()
        .map(|g| g.outcome)
        .collect()
}

pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    serializer.extend_pairs(pairs);
    serializer.finish()
}

/// A valid authorization request's parameters.
pub(crate) fn auth_params(state: Option<&str>) -> Vec<(&str, &str)> {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", "demo-portal"),
        ("redirect_uri", REDIRECT),
        ("scope", "profile oneroster"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    pairs
}

pub(crate) fn decision_fields(state: Option<&str>) -> Vec<(&str, &str)> {
    auth_params(state)
}

pub(crate) fn auth_uri(pairs: &[(&str, &str)]) -> String {
    format!("/oauth2/v2/auth?{}", form(pairs))
}

pub(crate) fn location(response: &Response<Body>) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .expect("location")
        .to_str()
        .expect("ascii")
        .to_string()
}

/// The query parameters of a redirect's `Location`.
pub(crate) fn callback_params(response: &Response<Body>) -> Params {
    let location = location(response);
    let (_, query) = location.split_once('?').expect("query");
    Params::parse(query.as_bytes())
}

pub(crate) fn header_str<'a>(response: &'a Response<Body>, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

pub(crate) async fn text(response: Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

pub(crate) async fn json(response: Response<Body>) -> Value {
    assert_eq!(
        header_str(&response, "content-type"),
        Some("application/json")
    );
    serde_json::from_str(&text(response).await).expect("json")
}

/// More than any document the app reads should ever be: a never-ending body must get past it.
pub(crate) const ENDLESS_PAST: usize = 256 * 1024;

/// Reads `response`'s body until at least `at_least` bytes arrived; answers them and the body,
/// still open. Panics if the body ends first (or stops for 5 s: a guard, not a measure).
pub(crate) async fn read_at_least(response: Response<Body>, at_least: usize) -> (Vec<u8>, Body) {
    let mut body = response.into_body();
    let mut received = Vec::new();
    while received.len() < at_least {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
            .await
            .expect("the body keeps coming")
            .expect("the body has not ended")
            .expect("no error");
        received.extend_from_slice(frame.data_ref().expect("data"));
    }
    (received, body)
}

/// A compact JWS split into its decoded header and payload, the signing input and the
/// signature bytes (no verification).
pub(crate) struct Jws {
    pub header: Value,
    pub claims: Value,
    pub input: String,
    pub signature: Vec<u8>,
}

pub(crate) fn decode_jws(token: &str) -> Jws {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    let part = |p: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).expect("b64")).expect("json")
    };
    Jws {
        header: part(parts[0]),
        claims: part(parts[1]),
        input: format!("{}.{}", parts[0], parts[1]),
        signature: URL_SAFE_NO_PAD.decode(parts[2]).expect("b64 signature"),
    }
}

/// Whether `jws` verifies against the JWK in `jwks` named by its `kid` (RS256 or ES256).
pub(crate) fn verifies_with(jws: &Jws, jwks: &Value) -> bool {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use rsa::signature::Verifier;
    let kid = jws.header["kid"].as_str().unwrap_or_default();
    let Some(jwk) = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == kid)
    else {
        return false;
    };
    let field = |name: &str| {
        URL_SAFE_NO_PAD
            .decode(jwk[name].as_str().expect("jwk field"))
            .expect("b64")
    };
    match (jws.header["alg"].as_str(), jwk["kty"].as_str()) {
        (Some("RS256"), Some("RSA")) => {
            let key = rsa::RsaPublicKey::new(
                rsa::BigUint::from_bytes_be(&field("n")),
                rsa::BigUint::from_bytes_be(&field("e")),
            )
            .expect("rsa key");
            let key = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key);
            rsa::pkcs1v15::Signature::try_from(jws.signature.as_slice())
                .is_ok_and(|sig| key.verify(jws.input.as_bytes(), &sig).is_ok())
        }
        (Some("ES256"), Some("EC")) => {
            let (x, y) = (field("x"), field("y"));
            let point = p256::EncodedPoint::from_affine_coordinates(
                x.as_slice().into(),
                y.as_slice().into(),
                false,
            );
            let key = p256::ecdsa::VerifyingKey::from_encoded_point(&point).expect("ec key");
            p256::ecdsa::Signature::from_slice(&jws.signature)
                .is_ok_and(|sig| key.verify(jws.input.as_bytes(), &sig).is_ok())
        }
        _ => false,
    }
}

/// A directory of its own under the system's temp dir, removed when dropped (an app's files).
pub(crate) struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let name = format!(
            "classlink-sandbox-{tag}-{}-{}",
            std::process::id(),
            crate::random::random_secret().expect("random")
        );
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
