//! The token endpoint's side of DPoP (RFC 9449 §5). A request with a `DPoP` header must carry
//! one valid proof for `POST` to the endpoint's advertised URL; it is checked before the grant
//! runs, so a code is not spent by a request refused for its proof or for a nonce. The grant
//! then binds what it issues to the proof's key ([`binding`]), and a bound refresh token is
//! only exchanged with a proof of its key ([`refresh_refusal`]). A request without the header
//! gets Bearer tokens: DPoP is the client's choice per request.

use axum::http::HeaderMap;
use axum::response::Response;

use super::gate::{self, Judged, Presented};
use super::memory::Server;
use crate::control::faults::fault::{take, Fault, FaultKind, FaultTarget};
use crate::http::respond;
use crate::http::respond::oauth_error;
use crate::state::shared::Shared;

/// The route, for the records and the expected `htu`.
const PATH: &str = "/oauth2/v2/token";

/// Response extension: the grant's own DPoP verdict (a refresh token bound to another key, a
/// downgrade), which the record shows instead of the proof's "accepted".
#[derive(Debug, Clone)]
pub(crate) struct GrantVerdict(pub String);

/// What the DPoP side made of one token request.
#[derive(Debug)]
pub(crate) enum TokenProof {
    /// DPoP is off: a `DPoP` header is ignored (and recorded as such).
    Off,
    /// No `DPoP` header: Bearer tokens, as without DPoP.
    Absent,
    /// The proof's verdict.
    Judged(Judged),
    /// No nonce could be made (no randomness): 500.
    Broken,
}

/// Checks the request's proof, if it has one and DPoP is on; `targets`: where the request's
/// faults are armed (a refresh grant meets `refresh` too).
pub(crate) fn check(shared: &Shared, headers: &HeaderMap, targets: &[FaultTarget]) -> TokenProof {
    if !shared.dpop_features().enabled {
        return TokenProof::Off;
    }
    if !headers.contains_key(super::proof::HEADER) {
        return TokenProof::Absent;
    }
    // The token endpoint as discovery advertises it.
    let url = format!("{}{PATH}", shared.config.api_origin);
    let presented = Presented {
        server: Server::Token,
        targets,
        method: "POST",
        url: &url,
        access_token: None,
    };
    match gate::judge(shared, headers, &presented) {
        Ok(judged) => TokenProof::Judged(judged),
        Err(_) => TokenProof::Broken,
    }
}

impl TokenProof {
    /// The answer when the request must not reach the grant: 400 `invalid_dpop_proof` or
    /// `use_dpop_nonce` (RFC 9449 §5, §8) with the check that failed.
    pub fn refusal(&self) -> Option<Response> {
        match self {
            TokenProof::Judged(Judged {
                result: Err(refusal),
                ..
            }) => Some(oauth_error(refusal.error(), refusal.reason())),
            TokenProof::Broken => Some(respond::internal_error()),
            _ => None,
        }
    }

    /// The valid proof's key: what the issued tokens are bound to.
    pub fn key(&self) -> Option<&str> {
        match self {
            TokenProof::Judged(Judged {
                result: Ok(jkt), ..
            }) => Some(jkt),
            _ => None,
        }
    }

    /// Adds `DPoP-Nonce` to the answer and records the request.
    pub fn finish(self, shared: &Shared, headers: &HeaderMap, response: &mut Response) {
        match self {
            TokenProof::Off if headers.contains_key(super::proof::HEADER) => {
                let seen = gate::glance(headers);
                gate::record(
                    shared,
                    "POST",
                    PATH,
                    headers,
                    seen,
                    "ignored: DPoP is off".into(),
                );
            }
            TokenProof::Judged(judged) => {
                judged.decorate(response);
                let verdict = match response.extensions().get::<GrantVerdict>() {
                    Some(GrantVerdict(verdict)) => verdict.clone(),
                    None => judged.verdict(),
                };
                gate::record(shared, "POST", PATH, headers, judged.seen, verdict);
            }
            _ => {}
        }
    }
}

/// What issued tokens are bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    /// The key's thumbprint; `None`: Bearer tokens.
    pub jkt: Option<String>,
    /// A `dpop_downgrade` fault made the server ignore a valid proof.
    downgraded: bool,
}

impl Binding {
    /// The token response's `token_type`.
    pub fn token_type(&self) -> &'static str {
        if self.jkt.is_some() {
            "DPoP"
        } else {
            "Bearer"
        }
    }

    /// Marks a downgraded answer for the record.
    pub fn mark(&self, response: &mut Response) {
        if self.downgraded {
            response.extensions_mut().insert(GrantVerdict(
                "ignored: dpop_downgrade fault (Bearer tokens issued)".into(),
            ));
        }
    }
}

/// The binding of tokens issued now to a request whose valid proof (if any) has key `proven`
/// and whose faults are armed on `targets`. Called with the store locked, in the step that
/// issues them, so a `dpop_downgrade` fault is spent only on an answer that carries tokens.
pub(crate) fn binding(
    faults: &mut Vec<Fault>,
    proven: Option<&str>,
    targets: &[FaultTarget],
) -> Binding {
    let Some(jkt) = proven else {
        return Binding {
            jkt: None,
            downgraded: false,
        };
    };
    let downgraded = take(faults, targets, |k| *k == FaultKind::DpopDowngrade).is_some();
    Binding {
        jkt: (!downgraded).then(|| jkt.to_string()),
        downgraded,
    }
}

/// Why a refresh token bound to `bound` cannot be exchanged by a request whose valid proof
/// has key `proven` (RFC 9449 §5: a public client's refresh token is bound, and needs a proof
/// of the same key). Bindings are enforced only while DPoP is `enabled`.
pub(crate) fn refresh_refusal(
    enabled: bool,
    bound: Option<&str>,
    proven: Option<&str>,
) -> Option<Response> {
    let bound = bound.filter(|_| enabled)?;
    match proven {
        Some(key) if key == bound => None,
        Some(_) => {
            let reason = "refresh token is bound to another DPoP key";
            let mut response = oauth_error("invalid_grant", reason);
            response
                .extensions_mut()
                .insert(GrantVerdict(format!("invalid_grant: {reason}")));
            Some(response)
        }
        None => Some(oauth_error(
            "invalid_dpop_proof",
            "refresh token is DPoP-bound: a DPoP proof of its key is required",
        )),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    #[test]
    fn refresh_bindings() {
        assert!(refresh_refusal(true, None, None).is_none());
        assert!(refresh_refusal(true, None, Some("k")).is_none());
        assert!(refresh_refusal(true, Some("k"), Some("k")).is_none());
        assert!(refresh_refusal(false, Some("k"), None).is_none());
        let other = refresh_refusal(true, Some("k"), Some("j")).expect("refused");
        assert_eq!(other.status(), StatusCode::BAD_REQUEST);
        assert!(other.extensions().get::<GrantVerdict>().is_some());
        let none = refresh_refusal(true, Some("k"), None).expect("refused");
        assert_eq!(none.status(), StatusCode::BAD_REQUEST);
    }

    const TOKEN: [FaultTarget; 1] = [FaultTarget::Token];

    #[test]
    fn downgrade_is_spent_only_with_a_proof() {
        let mut faults = vec![Fault::times(
            FaultTarget::Token,
            FaultKind::DpopDowngrade,
            1,
        )];
        let plain = binding(&mut faults, None, &TOKEN);
        assert_eq!(plain.token_type(), "Bearer");
        assert_eq!(faults.len(), 1);
        let downgraded = binding(&mut faults, Some("k"), &TOKEN);
        assert_eq!(downgraded.jkt, None);
        assert_eq!(downgraded.token_type(), "Bearer");
        assert!(faults.is_empty());
        let bound = binding(&mut faults, Some("k"), &TOKEN);
        assert_eq!(bound.jkt.as_deref(), Some("k"));
        assert_eq!(bound.token_type(), "DPoP");
    }
}
