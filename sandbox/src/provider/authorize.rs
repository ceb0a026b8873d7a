//! `GET /oauth2/v2/auth` (the sign-in page) and `POST /oauth2/v2/auth/decision` (Allow/Deny).
//!
//! Validation follows RFC 6749 §4.1.2.1: while the client or redirect URI is in doubt the
//! user gets an error page, never a redirect; after that, errors go back to the client.
//! A valid request then meets the provider session ([`crate::provider::session`]) through its `prompt`
//! ([`crate::provider::prompt`]): `none` answers without a page, and with `sso` on so does a plain one.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use crate::control::faults::fault::{FaultKind, FaultTarget, SILENT_ERRORS};
use crate::http::params::{is_form_urlencoded, Params};
use crate::http::respond;
use crate::http::urls::with_query;
use crate::provider::pages;
use crate::provider::pkce;
use crate::provider::prompt::{self, Prompt};
use crate::provider::session;
use crate::state::config::Config;
use crate::state::shared::Shared;

/// The longest `nonce` accepted (OpenID Connect sets no limit; a sane one keeps URLs short).
pub(crate) const MAX_NONCE_LEN: usize = 512;

/// The scopes ClassLink documents.
pub(crate) const SUPPORTED_SCOPES: [&str; 5] = ["profile", "oneroster", "full", "email", "openid"];

/// A validated authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    /// Optional: LaunchPad-initiated flows have none, and an app may omit it.
    pub state: Option<String>,
    pub code_challenge: String,
    /// OpenID Connect's `nonce`, echoed in the id_token.
    pub nonce: Option<String>,
}

impl AuthRequest {
    /// The request as hidden form fields, so the decision can re-send (and re-validate) it.
    fn hidden_fields(&self) -> Vec<(&str, &str)> {
        let mut fields = vec![
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("scope", self.scope.as_str()),
        ];
        if let Some(state) = &self.state {
            fields.push(("state", state.as_str()));
        }
        fields.push(("code_challenge", self.code_challenge.as_str()));
        fields.push(("code_challenge_method", "S256"));
        if let Some(nonce) = &self.nonce {
            fields.push(("nonce", nonce.as_str()));
        }
        fields
    }
}

/// Why an authorization request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// Unknown client or unregistered redirect URI: a 400 page, no redirect.
    Page(String),
    /// An error the client learns about through its redirect URI.
    Redirect(ErrorRedirect),
}

/// An OAuth error response delivered to the redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorRedirect {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub error: &'static str,
    pub description: String,
}

impl ErrorRedirect {
    /// 303 to the redirect URI with `error`, `error_description`, `state` (if any) and `iss`
    /// (RFC 9207 covers error responses too) unless `issuer` is `None` (the `no_iss` fault).
    pub fn respond(&self, issuer: Option<&str>) -> Response {
        let mut pairs = vec![
            ("error", self.error),
            ("error_description", self.description.as_str()),
        ];
        if let Some(state) = &self.state {
            pairs.push(("state", state.as_str()));
        }
        if let Some(issuer) = issuer {
            pairs.push(("iss", issuer));
        }
        respond::see_other(&with_query(&self.redirect_uri, &pairs))
    }
}

/// The `iss` of the next callback: the issuer, or none when a `no_iss` fault is armed (one
/// use per callback).
fn callback_iss(shared: &Shared) -> Option<&str> {
    let omit = shared
        .take_fault(FaultTarget::Authorize, |kind| *kind == FaultKind::NoIss)
        .is_some();
    (!omit).then_some(shared.config.issuer.as_str())
}

/// Checks an authorization request in the order the RFCs make meaningful: client and
/// redirect URI first (else no redirect), then response type, PKCE and scope.
pub(crate) fn validate(config: &Config, params: &Params) -> Result<AuthRequest, Rejection> {
    let client_id = match params.single("client_id") {
        Err(_) => return Err(Rejection::Page("client_id is repeated.".into())),
        Ok(None) => return Err(Rejection::Page("client_id is missing.".into())),
        Ok(Some(id)) if id != config.client_id => {
            return Err(Rejection::Page(format!("Unknown client_id {id:?}.")))
        }
        Ok(Some(id)) => id.to_string(),
    };
    let redirect_uri = match params.single("redirect_uri") {
        Err(_) => return Err(Rejection::Page("redirect_uri is repeated.".into())),
        Ok(None) => return Err(Rejection::Page("redirect_uri is missing.".into())),
        Ok(Some(uri)) if !config.is_registered_redirect(uri) => {
            return Err(Rejection::Page(format!(
                "redirect_uri {uri:?} is not registered for {client_id} (exact match required; registered: {}).",
                config.redirect_uris.join(", ")
            )))
        }
        Ok(Some(uri)) => uri.to_string(),
    };
    // A repeated state cannot be echoed; the error still goes back, without it.
    let state = params.single("state").ok().flatten().map(str::to_string);
    let fail = |error: &'static str, description: String| {
        Err(Rejection::Redirect(ErrorRedirect {
            redirect_uri: redirect_uri.clone(),
            state: state.clone(),
            error,
            description,
        }))
    };

    if let Some(name) = params.first_repeated() {
        return fail("invalid_request", format!("Parameter {name} is repeated"));
    }
    match params.get("response_type") {
        None => return fail("invalid_request", "response_type is missing".into()),
        Some("code") => {}
        Some(other) => {
            return fail(
                "unsupported_response_type",
                format!("response_type {other:?} is not supported; use code"),
            )
        }
    }
    let Some(challenge) = params.get("code_challenge") else {
        return fail(
            "invalid_request",
            "PKCE is required: code_challenge is missing".into(),
        );
    };
    if params.get("code_challenge_method") != Some("S256") {
        return fail(
            "invalid_request",
            "code_challenge_method must be S256".into(),
        );
    }
    if !pkce::is_valid_challenge(challenge) {
        return fail(
            "invalid_request",
            "code_challenge must be 43 base64url characters (S256)".into(),
        );
    }
    let Some(scope) = params.get("scope") else {
        return fail("invalid_scope", "scope is missing".into());
    };
    if let Some(bad) = scope.split(' ').find(|s| !SUPPORTED_SCOPES.contains(s)) {
        return fail(
            "invalid_scope",
            format!(
                "scope {bad:?} is not supported (space-separated from: {})",
                SUPPORTED_SCOPES.join(" ")
            ),
        );
    }

    // Empty counts as absent, like every parameter (RFC 6749 §3.1).
    let nonce = params.get("nonce");
    if nonce.is_some_and(|n| n.len() > MAX_NONCE_LEN) {
        return fail(
            "invalid_request",
            format!("nonce must be at most {MAX_NONCE_LEN} characters"),
        );
    }

    Ok(AuthRequest {
        client_id,
        redirect_uri,
        scope: scope.to_string(),
        state,
        code_challenge: challenge.to_string(),
        nonce: nonce.map(str::to_string),
    })
}

fn reject(shared: &Shared, rejection: Rejection) -> Response {
    match rejection {
        Rejection::Page(detail) => pages::page(
            StatusCode::BAD_REQUEST,
            pages::error_page("invalid authorization request", &detail),
        ),
        Rejection::Redirect(redirect) => redirect.respond(callback_iss(shared)),
    }
}

fn sign_in_page(
    shared: &Shared,
    request: &AuthRequest,
    selected: Option<&str>,
    error: Option<&str>,
) -> Response {
    let hidden = request.hidden_fields();
    let body = pages::sign_in(&pages::SignIn {
        client_id: &request.client_id,
        scope: &request.scope,
        redirect_uri: &request.redirect_uri,
        hidden: &hidden,
        users: shared.config.seed.users(),
        selected,
        error,
    });
    pages::page(StatusCode::OK, body)
}

/// Issues a code for `login` and sends the browser back with it, `state` and `iss` (RFC 9207):
/// Allow on the sign-in page, and an answer from the provider session, end the same way.
fn issue_and_redirect(shared: &Shared, request: &AuthRequest, login: &str) -> Response {
    let Ok(code) = shared.issue_code(
        &request.redirect_uri,
        Some(&request.code_challenge),
        &request.scope,
        login,
        request.nonce.as_deref(),
    ) else {
        return respond::internal_error();
    };
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = &request.state {
        pairs.push(("state", state.as_str()));
    }
    if let Some(issuer) = callback_iss(shared) {
        pairs.push(("iss", issuer));
    }
    respond::see_other(&with_query(&request.redirect_uri, &pairs))
}

/// `prompt=none` (OpenID Connect Core §3.1.2.6): a code for the provider session's user, or an
/// error through the redirect URI; never a page. A `silent_refused` fault answers its error
/// even when the session is live.
fn silent(shared: &Shared, request: &AuthRequest, session: Option<&str>) -> Response {
    let refused = shared.take_fault(FaultTarget::Authorize, |kind| {
        matches!(kind, FaultKind::SilentRefused { .. })
    });
    let (error, description) = match (refused, session) {
        (Some(FaultKind::SilentRefused { error }), _) => {
            // The admin route checks the value; a caller of `add_fault` may not have.
            let known = SILENT_ERRORS.iter().find(|e| **e == error);
            (
                known.copied().unwrap_or("interaction_required"),
                "The provider wants the user to interact (sandbox fault)",
            )
        }
        (_, Some(login)) => return issue_and_redirect(shared, request, login),
        (_, None) => ("login_required", "No provider session"),
    };
    ErrorRedirect {
        redirect_uri: request.redirect_uri.clone(),
        state: request.state.clone(),
        error,
        description: description.into(),
    }
    .respond(callback_iss(shared))
}

/// `GET /oauth2/v2/auth`: validate, then by `prompt` and the provider session: a code at once,
/// an error, or the sign-in page.
pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let params = Params::from_query(uri.query());
    let request = match validate(&shared.config, &params) {
        Ok(request) => request,
        Err(rejection) => return reject(&shared, rejection),
    };
    let prompt = match prompt::parse(params.get("prompt")) {
        Ok(prompt) => prompt,
        Err(description) => {
            return ErrorRedirect {
                redirect_uri: request.redirect_uri,
                state: request.state,
                error: "invalid_request",
                description: description.into(),
            }
            .respond(callback_iss(&shared))
        }
    };
    let session = session::login_of(&shared, &headers);
    match prompt {
        Prompt::None => silent(&shared, &request, session.as_deref()),
        Prompt::Default if shared.session_features().sso => match session {
            Some(login) => issue_and_redirect(&shared, &request, &login),
            None => sign_in_page(&shared, &request, None, None),
        },
        Prompt::Default | Prompt::Interactive => sign_in_page(&shared, &request, None, None),
    }
}

/// `POST /oauth2/v2/auth/decision`: the hidden fields are re-validated like a fresh request,
/// then Allow issues a code and starts a provider session, and Deny answers `access_denied`.
pub(crate) async fn decision(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let bad = |detail: &str| {
        pages::page(
            StatusCode::BAD_REQUEST,
            pages::error_page("invalid sign-in form", detail),
        )
    };
    if !is_form_urlencoded(&headers) {
        return bad("The form must be sent as application/x-www-form-urlencoded.");
    }
    let params = Params::parse(&body);
    let request = match validate(&shared.config, &params) {
        Ok(request) => request,
        Err(rejection) => return reject(&shared, rejection),
    };
    match params.get("decision") {
        Some("deny") => {
            return ErrorRedirect {
                redirect_uri: request.redirect_uri,
                state: request.state,
                error: "access_denied",
                description: "The user denied the request".into(),
            }
            .respond(callback_iss(&shared))
        }
        Some("allow") => {}
        _ => return bad("decision must be allow or deny."),
    }
    let Some(user) = params.get("login").and_then(|l| shared.config.seed.user(l)) else {
        return bad("Choose one of the listed users.");
    };
    if let Some(expected) = &user.password {
        if params.get("password") != Some(expected.as_str()) {
            return sign_in_page(
                &shared,
                &request,
                Some(&user.login),
                Some("Wrong password for the chosen user."),
            );
        }
    }
    let mut response = issue_and_redirect(&shared, &request, &user.login);
    if response.status() == StatusCode::SEE_OTHER {
        session::start(&shared, &headers, &user.login, &mut response);
    }
    response
}
