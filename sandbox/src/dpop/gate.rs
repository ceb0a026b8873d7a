//! One server's look at one request's proof: what it expects (the method, its own URL, the
//! access token, its nonce while its switch asks for one), the checks of [`super::proof`], the
//! `dpop_nonce_loop` and `dpop_nonce_hidden` faults, the `DPoP-Nonce` to send back, and the
//! record. The token endpoint and the API turn the verdict into their own answers.

use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use super::memory::Server;
use super::proof::{self, Expected, Refusal, Seen};
use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::control::records::DpopProofRecord;
use crate::state::shared::Shared;

/// The response header carrying a server's nonce (RFC 9449 §8.1).
pub(crate) const NONCE_HEADER: &str = "dpop-nonce";

/// Response extension: leave `DPoP-Nonce` out of `Access-Control-Expose-Headers` (the
/// `dpop_nonce_hidden` fault, honoured by the CORS middleware).
#[derive(Debug, Clone, Copy)]
pub(crate) struct HiddenNonce;

/// The request as the checking server sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Presented<'a> {
    pub server: Server,
    /// Where this request's DPoP faults are armed (none: a request no fault can target).
    pub targets: &'a [FaultTarget],
    pub method: &'a str,
    /// The URL the request was sent to, as the client knows the server.
    pub url: &'a str,
    /// The access token the request presents (API routes).
    pub access_token: Option<&'a str>,
}

/// A server's verdict on one proof.
#[derive(Debug)]
pub(crate) struct Judged {
    pub seen: Seen,
    /// `Ok` with the proof key's thumbprint.
    pub result: Result<String, Refusal>,
    /// What the answer's `DPoP-Nonce` carries: the server's nonce when it asks for one, and on
    /// every answer while its switch requires nonces.
    pub nonce: Option<String>,
    /// A `dpop_nonce_hidden` fault fired on this answer.
    pub hide_nonce: bool,
}

impl Judged {
    /// "accepted", or "error: reason".
    pub fn verdict(&self) -> String {
        match &self.result {
            Ok(_) => "accepted".to_string(),
            Err(refusal) => format!("{}: {}", refusal.error(), refusal.reason()),
        }
    }

    /// Adds `DPoP-Nonce` (and the hidden-nonce marker) to the answer.
    pub fn decorate(&self, response: &mut Response) {
        if let Some(value) = self
            .nonce
            .as_deref()
            .and_then(|n| HeaderValue::from_str(n).ok())
        {
            response.headers_mut().insert(NONCE_HEADER, value);
        }
        if self.hide_nonce {
            response.extensions_mut().insert(HiddenNonce);
        }
    }
}

/// Checks the request's one `DPoP` header against what `presented` expects. `Err` only when
/// no nonce could be made (no randomness).
pub(crate) fn judge(
    shared: &Shared,
    headers: &HeaderMap,
    presented: &Presented,
) -> Result<Judged, getrandom::Error> {
    let now_ms = shared.clock.now_ms();
    let mut store = shared.store();
    let memory = &mut store.dpop;
    let required = memory.nonce_required(presented.server);
    let accepted = if required {
        Some(memory.nonces(presented.server).accepted(now_ms)?)
    } else {
        None
    };
    let checked = match proof::single_header(headers) {
        Ok(Some(text)) => {
            let expected = Expected {
                htm: presented.method,
                htu: presented.url,
                now_ms,
                access_token: presented.access_token,
                nonces: accepted.as_deref(),
            };
            proof::check(text, &expected, &mut memory.jtis)
        }
        Ok(None) => proof::Checked {
            seen: Seen::default(),
            result: Err(Refusal::Invalid("DPoP proof is missing".into())),
        },
        Err(refusal) => proof::Checked {
            seen: Seen::default(),
            result: Err(refusal),
        },
    };
    drop(store);

    let mut result = checked.result;
    // A proof good but for its nonce (or good outright) meets the looping server.
    let take = |kind: FaultKind| {
        shared
            .take_fault_among(presented.targets, |k| *k == kind)
            .is_some()
    };
    if matches!(result, Ok(_) | Err(Refusal::UseNonce(_))) && take(FaultKind::DpopNonceLoop) {
        shared
            .store()
            .dpop
            .nonces(presented.server)
            .rotate(now_ms)?;
        result = Err(Refusal::UseNonce(
            "nonce is not current (dpop_nonce_loop fault: a fresh one every time)",
        ));
    }
    let demand = matches!(result, Err(Refusal::UseNonce(_)));
    let nonce = if demand || required {
        Some(
            shared
                .store()
                .dpop
                .nonces(presented.server)
                .current(now_ms)?,
        )
    } else {
        None
    };
    let hide_nonce = demand && take(FaultKind::DpopNonceHidden);
    Ok(Judged {
        seen: checked.seen,
        result,
        nonce,
        hide_nonce,
    })
}

/// Appends one record (see [`crate::Running::dpop_proofs`]).
pub(crate) fn record(
    shared: &Shared,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    seen: Seen,
    verdict: String,
) {
    let record = DpopProofRecord {
        method: method.to_string(),
        path: path.to_string(),
        proof: proof::as_sent(headers),
        jkt: seen.jkt,
        verdict,
        nonce: seen.nonce,
    };
    shared.store().dpop.proofs.push(record);
}

/// What a proof shows without being checked (a request whose proof is ignored): its key and
/// nonce, if it parses that far.
pub(crate) fn glance(headers: &HeaderMap) -> Seen {
    match proof::single_header(headers) {
        Ok(Some(text)) => proof::glance(text),
        _ => Seen::default(),
    }
}
