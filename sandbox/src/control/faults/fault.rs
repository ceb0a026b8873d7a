//! What a fault is (re-exported by the crate root): [`Fault`], one armed misbehaviour — which
//! route family ([`FaultTarget`]), what goes wrong ([`FaultKind`]), how many times — with the
//! rules of which kinds fit which targets and can be armed, and [`take`], which spends one use.
//! It imports no other module of the sandbox: the store keeps these, and the middleware and
//! handlers that apply them depend on it.

use axum::http::HeaderValue;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The longest stall accepted, so a typo cannot hang a test run for days.
pub(crate) const MAX_STALL_SECONDS: f64 = 3600.0;
/// The statuses a `status` fault may use.
const FAULT_STATUSES: [u16; 8] = [400, 401, 403, 404, 429, 500, 502, 503];
/// The errors a `silent_refused` fault may answer: OpenID Connect Core §3.1.2.6's errors for a
/// `prompt=none` request the provider cannot complete silently.
pub(crate) const SILENT_ERRORS: [&str; 3] =
    ["login_required", "interaction_required", "consent_required"];

/// The route family a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultTarget {
    /// `POST /oauth2/v2/token`, both grants.
    Token,
    /// `GET /v2/my/info` and `GET /v2/my/profileinfo`.
    Profile,
    /// The OneRoster classes routes and nodeapi's `GET /v2/oneroster/my/classes`.
    Classes,
    /// `GET /v2/oneroster/my/classes/{classSourcedId}/teachers`.
    Teachers,
    /// The id_token the token endpoint signs (consumed once per token built).
    IdToken,
    /// `GET /oauth2/v2/jwks`.
    Jwks,
    /// `GET /.well-known/openid-configuration`.
    Discovery,
    /// The authorization callback (the redirect back to the app).
    Authorize,
    /// `POST /oauth2/v2/revoke`.
    Revocation,
    /// `POST /oauth2/v2/token` with `grant_type=refresh_token` only: a refresh can be stalled
    /// or refused without touching the code exchange. Every kind that fits `token` fits here.
    Refresh,
    /// The app's `config.json`, served by the app listener (`Options::serve_app`).
    ConfigJson,
    /// The app's `.wasm` files, served by the app listener: a web filter's 403, a missing
    /// upload's 404, a block page, a stall.
    AppWasm,
}

/// What goes wrong. Serialized with a `kind` tag next to the variant's fields, e.g.
/// `{"kind":"status","status":429,"retry_after":3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (400, 401, 403, 404, 429, 500, 502 or 503) and a fitting body;
    /// 429 carries `Retry-After` (`retry_after` seconds, default 1), the others when given.
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// 200 with an HTML page (a captive portal or a login page where JSON was expected).
    Html,
    /// Token route only: 200 JSON without `access_token`.
    NoAccessToken,
    /// 200 with truncated JSON (`{"classes": [` on classes, `{"teachers": [` on teachers, …).
    MalformedJson,
    /// Wait this long, then answer normally.
    Stall { seconds: f64 },
    /// Answer normally, but without any CORS headers (preflights included).
    NoCors,
    /// 200 JSON that starts like the route's answer and never ends, at about 1.6 MB/s: past
    /// any size cap within seconds.
    EndlessBody,
    /// 200 JSON that never ends and never grows large (a short piece every 20 ms): only a
    /// deadline ends it.
    TrickleBody,
    /// Classes only: answer normally with `x-total-count` set to `value` verbatim.
    TotalCount {
        #[serde(deserialize_with = "string_or_number")]
        value: String,
    },
    /// Classes only: the page as a bare JSON array instead of `{"classes":[…]}`.
    BareArray,
    /// id_token: one signature byte flipped.
    BadSignature,
    /// id_token: `iss` names another issuer; discovery: the document names another issuer.
    OtherIssuer,
    /// id_token: `aud` is another client.
    OtherAudience,
    /// id_token: `iat` two hours and `exp` one hour in the past.
    Expired,
    /// id_token: `iat` one hour in the future.
    IssuedInFuture,
    /// id_token: no `nonce` although the request sent one.
    NoNonce,
    /// id_token: a `nonce` other than the request's.
    WrongNonce,
    /// id_token: header `alg` "none" and an empty signature.
    AlgNone,
    /// id_token: HS256 with the current RSA public key's PEM as the HMAC secret.
    Hs256PublicKey,
    /// id_token: signed by an RSA key that is never published.
    UnknownKid,
    /// id_token: a valid token signed ES256 with the published EC key (not a fault).
    Es256,
    /// id_token: valid, without `classLink_sourcedId`.
    NoSourcedId,
    /// JWKS: the answer omits the current signing key.
    StaleJwks,
    /// Discovery: `token_endpoint` is `http://token.example.test/oauth2/v2/token`.
    InsecureEndpoint,
    /// Authorize: the callback carries no `iss`.
    NoIss,
    /// Authorize: the next `prompt=none` request answers `error` (`login_required`,
    /// `interaction_required` or `consent_required`) even with a live provider session, as a
    /// provider that wants the user to see it again does.
    SilentRefused { error: String },
    /// Token: the next `grant_type=refresh_token` request is answered as a detected reuse
    /// (`invalid_grant`, and the presented token's family revoked), so an app's handling can be
    /// tested without it ever replaying a token.
    RefreshReused,
    /// Token: 401 `invalid_client`, as a provider answers for a client registered as
    /// confidential (it wants a `client_secret`, which a web page cannot hold).
    SecretRequired,
    /// Token: a request with a valid DPoP proof gets `"token_type":"Bearer"` and tokens bound to
    /// nothing, as from a server that ignores the proof (the app must refuse such an answer).
    /// Spent only when tokens are issued.
    DpopDowngrade,
    /// Token, profile, classes, teachers: a request with a DPoP proof is answered
    /// `use_dpop_nonce` with a fresh nonce even when it carries the current one, as a server
    /// whose nonces never stick does. One use per request so answered.
    DpopNonceLoop,
    /// Token (and refresh): the answer's `access_token` (or, with `field: "refresh_token"`, its
    /// `refresh_token`) holds `text` (default `€`) in its middle: characters no header can
    /// carry (`€`, a newline) or no RFC 6750 token may hold (a space), so the app must refuse
    /// the answer before any API request. The token as answered is the one issued and live.
    /// Spent only on an answer that carries that token.
    HeaderUnsafeToken {
        #[serde(default)]
        field: TokenField,
        #[serde(default = "default_unsafe_text")]
        text: String,
    },
    /// Token, profile, classes, teachers: a `use_dpop_nonce` answer leaves `DPoP-Nonce` out of
    /// `Access-Control-Expose-Headers` (the header is sent, the page cannot read it), as a
    /// misconfigured CORS proxy does. One use per such answer.
    DpopNonceHidden,
}

/// Which token of a token answer a `header_unsafe_token` fault bends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenField {
    #[default]
    AccessToken,
    RefreshToken,
}

/// What a `header_unsafe_token` fault puts in a token unless told: a character outside the
/// Latin-1 range a browser's `Headers` accepts.
fn default_unsafe_text() -> String {
    "€".to_string()
}

/// Whether `text` holds a character an RFC 6750 `b64token` may not (so no Bearer header
/// carries a token that holds it).
fn leaves_b64token(text: &str) -> bool {
    text.chars()
        .any(|c| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(c)))
}

/// One armed fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    pub target: FaultTarget,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many requests it affects; `None` until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

impl Fault {
    /// A fault that fires on every matching request until cleared.
    pub fn always(target: FaultTarget, kind: FaultKind) -> Fault {
        Fault {
            target,
            kind,
            times: None,
        }
    }

    /// A fault that fires on the next `times` matching requests.
    pub fn times(target: FaultTarget, kind: FaultKind, times: u32) -> Fault {
        Fault {
            target,
            kind,
            times: Some(times),
        }
    }

    /// Why this fault cannot be armed, if it cannot (the admin route answers 400 with it).
    pub(crate) fn problem(&self) -> Option<String> {
        if self.times == Some(0) {
            return Some("times must be at least 1 (or absent: until cleared)".into());
        }
        if !self.kind.fits(self.target) {
            return Some(format!(
                "this kind does not apply to target {:?}",
                self.target
            ));
        }
        match &self.kind {
            FaultKind::Status { status, .. } if !FAULT_STATUSES.contains(status) => {
                Some(format!("status must be one of {FAULT_STATUSES:?}"))
            }
            FaultKind::Stall { seconds } if !(0.0..=MAX_STALL_SECONDS).contains(seconds) => {
                Some(format!("seconds must be between 0 and {MAX_STALL_SECONDS}"))
            }
            FaultKind::TotalCount { value } if HeaderValue::from_str(value).is_err() => {
                Some("value must be usable as a header value".into())
            }
            FaultKind::SilentRefused { error } if !SILENT_ERRORS.contains(&error.as_str()) => {
                Some(format!("error must be one of {SILENT_ERRORS:?}"))
            }
            FaultKind::HeaderUnsafeToken { text, .. }
                if text.chars().count() > 16 || !leaves_b64token(text) =>
            {
                Some("text must be at most 16 characters and hold one a token may not".into())
            }
            _ => None,
        }
    }
}

impl FaultKind {
    /// Whether this kind can fire on `target`.
    pub(crate) fn fits(&self, target: FaultTarget) -> bool {
        use FaultTarget as T;
        match self {
            FaultKind::Status { .. } | FaultKind::Html | FaultKind::Stall { .. } => {
                !matches!(target, T::IdToken | T::Authorize)
            }
            // The app's files come from its own origin: no CORS to take away.
            FaultKind::NoCors => !matches!(
                target,
                T::IdToken | T::Authorize | T::ConfigJson | T::AppWasm
            ),
            // Revocation answers an empty 200, and a `.wasm` is no JSON: nothing to truncate
            // or stretch.
            FaultKind::MalformedJson | FaultKind::EndlessBody | FaultKind::TrickleBody => {
                !matches!(
                    target,
                    T::IdToken | T::Authorize | T::Revocation | T::AppWasm
                )
            }
            FaultKind::NoAccessToken | FaultKind::RefreshReused | FaultKind::SecretRequired => {
                matches!(target, T::Token | T::Refresh)
            }
            FaultKind::TotalCount { .. } | FaultKind::BareArray => target == T::Classes,
            FaultKind::OtherIssuer => matches!(target, T::IdToken | T::Discovery),
            FaultKind::BadSignature
            | FaultKind::OtherAudience
            | FaultKind::Expired
            | FaultKind::IssuedInFuture
            | FaultKind::NoNonce
            | FaultKind::WrongNonce
            | FaultKind::AlgNone
            | FaultKind::Hs256PublicKey
            | FaultKind::UnknownKid
            | FaultKind::Es256
            | FaultKind::NoSourcedId => target == T::IdToken,
            FaultKind::StaleJwks => target == T::Jwks,
            FaultKind::InsecureEndpoint => target == T::Discovery,
            FaultKind::NoIss | FaultKind::SilentRefused { .. } => target == T::Authorize,
            FaultKind::DpopDowngrade | FaultKind::HeaderUnsafeToken { .. } => {
                matches!(target, T::Token | T::Refresh)
            }
            // Every route that checks DPoP proofs.
            FaultKind::DpopNonceLoop | FaultKind::DpopNonceHidden => matches!(
                target,
                T::Token | T::Refresh | T::Profile | T::Classes | T::Teachers
            ),
        }
    }

    /// Whether the fault middleware applies this kind (it replaces or bends the whole
    /// answer); the other kinds are taken by the handler that builds the answer.
    pub(crate) fn is_transport(&self) -> bool {
        matches!(
            self,
            FaultKind::Status { .. }
                | FaultKind::Html
                | FaultKind::NoAccessToken
                | FaultKind::SecretRequired
                | FaultKind::MalformedJson
                | FaultKind::Stall { .. }
                | FaultKind::NoCors
                | FaultKind::EndlessBody
                | FaultKind::TrickleBody
                | FaultKind::TotalCount { .. }
        )
    }
}

/// Accepts `"100000"` or `100000` (tests write either) and keeps the text verbatim.
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "value must be a string or a number, not {other}"
        ))),
    }
}

/// Takes one use of the oldest fault in `faults` armed on any of `targets` (the targets a
/// request meets, e.g. `[Refresh, Token]` for a refresh grant) whose kind passes `filter` and
/// can fire on its target; a fault whose `times` reaches 0 disappears. Callers holding the
/// store's lock use it directly (a fault that must be spent in the same step that issues a
/// token); the others go through `Shared::take_fault`.
pub(crate) fn take(
    faults: &mut Vec<Fault>,
    targets: &[FaultTarget],
    filter: impl Fn(&FaultKind) -> bool,
) -> Option<FaultKind> {
    let index = faults
        .iter()
        .position(|f| targets.contains(&f.target) && f.kind.fits(f.target) && filter(&f.kind))?;
    let fault = &mut faults[index];
    let kind = fault.kind.clone();
    if let Some(times) = fault.times.as_mut() {
        *times = times.saturating_sub(1);
        if *times == 0 {
            faults.remove(index);
        }
    }
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_shapes() {
        let f: Fault = serde_json::from_str(
            r#"{"target":"classes","kind":"status","status":429,"retry_after":7,"times":2}"#,
        )
        .expect("parse");
        assert_eq!(
            f,
            Fault::times(
                FaultTarget::Classes,
                FaultKind::Status {
                    status: 429,
                    retry_after: Some(7)
                },
                2
            )
        );
        let f: Fault = serde_json::from_str(r#"{"target":"profile","kind":"stall","seconds":2}"#)
            .expect("parse");
        assert_eq!(f.kind, FaultKind::Stall { seconds: 2.0 });
        let f: Fault =
            serde_json::from_str(r#"{"target":"classes","kind":"total_count","value":100000}"#)
                .expect("parse");
        assert_eq!(
            f.kind,
            FaultKind::TotalCount {
                value: "100000".into()
            }
        );
        let f: Fault =
            serde_json::from_str(r#"{"target":"profile","kind":"dpop_nonce_loop","times":2}"#)
                .expect("parse");
        assert_eq!(
            f,
            Fault::times(FaultTarget::Profile, FaultKind::DpopNonceLoop, 2)
        );
        for kind in ["dpop_downgrade", "dpop_nonce_hidden"] {
            let text = format!(r#"{{"target":"token","kind":"{kind}"}}"#);
            let f: Fault = serde_json::from_str(&text).expect("parse");
            assert_eq!(serde_json::to_value(&f).expect("serialize")["kind"], kind);
        }
        assert!(serde_json::from_str::<Fault>(r#"{"target":"x","kind":"html"}"#).is_err());
        assert!(serde_json::from_str::<Fault>(r#"{"target":"token","kind":"nope"}"#).is_err());
        let back = serde_json::to_value(Fault::always(FaultTarget::Token, FaultKind::NoCors))
            .expect("serialize");
        assert_eq!(
            back,
            json!({"target":"token","kind":"no_cors","times":null})
        );
    }

    #[test]
    fn problems() {
        let bad = |kind, target| Fault::always(target, kind).problem();
        assert!(bad(
            FaultKind::Status {
                status: 418,
                retry_after: None
            },
            FaultTarget::Token
        )
        .is_some());
        assert!(bad(FaultKind::NoAccessToken, FaultTarget::Classes).is_some());
        assert!(bad(
            FaultKind::TotalCount { value: "1".into() },
            FaultTarget::Profile
        )
        .is_some());
        assert!(bad(FaultKind::Stall { seconds: -1.0 }, FaultTarget::Profile).is_some());
        assert!(bad(FaultKind::Html, FaultTarget::Profile).is_none());
        assert!(bad(FaultKind::Html, FaultTarget::Teachers).is_none());
        assert!(bad(FaultKind::Html, FaultTarget::IdToken).is_some());
        assert!(bad(FaultKind::BareArray, FaultTarget::Classes).is_none());
        assert!(bad(FaultKind::BareArray, FaultTarget::Teachers).is_some());
        assert!(bad(FaultKind::OtherIssuer, FaultTarget::Discovery).is_none());
        assert!(bad(FaultKind::OtherIssuer, FaultTarget::IdToken).is_none());
        assert!(bad(FaultKind::OtherIssuer, FaultTarget::Token).is_some());
        assert!(bad(FaultKind::AlgNone, FaultTarget::IdToken).is_none());
        assert!(bad(FaultKind::AlgNone, FaultTarget::Jwks).is_some());
        assert!(bad(FaultKind::StaleJwks, FaultTarget::Jwks).is_none());
        assert!(bad(FaultKind::InsecureEndpoint, FaultTarget::Discovery).is_none());
        assert!(bad(FaultKind::NoIss, FaultTarget::Authorize).is_none());
        assert!(bad(FaultKind::NoCors, FaultTarget::Authorize).is_some());
        let silent = |error: &str| FaultKind::SilentRefused {
            error: error.into(),
        };
        for error in SILENT_ERRORS {
            assert!(bad(silent(error), FaultTarget::Authorize).is_none());
        }
        assert!(bad(silent("access_denied"), FaultTarget::Authorize).is_some());
        assert!(bad(silent("login_required"), FaultTarget::Token).is_some());
        assert!(bad(FaultKind::RefreshReused, FaultTarget::Token).is_none());
        assert!(bad(FaultKind::RefreshReused, FaultTarget::Authorize).is_some());
        assert!(bad(FaultKind::DpopDowngrade, FaultTarget::Token).is_none());
        assert!(bad(FaultKind::DpopDowngrade, FaultTarget::Profile).is_some());
        for kind in [FaultKind::DpopNonceLoop, FaultKind::DpopNonceHidden] {
            for target in [
                FaultTarget::Token,
                FaultTarget::Profile,
                FaultTarget::Classes,
                FaultTarget::Teachers,
            ] {
                assert!(bad(kind.clone(), target).is_none());
            }
            for target in [
                FaultTarget::Revocation,
                FaultTarget::Jwks,
                FaultTarget::IdToken,
            ] {
                assert!(bad(kind.clone(), target).is_some());
            }
        }
        for kind in [
            FaultKind::Html,
            FaultKind::NoCors,
            FaultKind::Stall { seconds: 1.0 },
            FaultKind::Status {
                status: 500,
                retry_after: None,
            },
        ] {
            assert!(bad(kind, FaultTarget::Revocation).is_none());
        }
        assert!(bad(FaultKind::MalformedJson, FaultTarget::Revocation).is_some());
        assert!(bad(FaultKind::EndlessBody, FaultTarget::Revocation).is_some());
        assert!(bad(FaultKind::NoAccessToken, FaultTarget::Revocation).is_some());
        assert!(Fault::times(FaultTarget::Token, FaultKind::Html, 0)
            .problem()
            .is_some());
    }
}
