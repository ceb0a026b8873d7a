//! Server nonces (RFC 9449 §8, §9): a server may insist that proofs carry a value it chose,
//! which limits how long a proof made ahead of time could be used. It asks by refusing a
//! request once, naming `use_dpop_nonce`, with the value in a `DPoP-Nonce` header; the client
//! then repeats the request once with a fresh proof, and keeps the value for that server.

use serde::Deserialize;

use crate::lenient::{MaybeObject, Scalar};
use crate::syntax::is_nqchars;
use crate::urls::parse_endpoint;

/// The error code both kinds of server use to ask for a nonce.
const USE_DPOP_NONCE: &str = "use_dpop_nonce";

/// Which server a nonce is from (RFC 9449 §8, §9: each server its own). The authorization
/// server is its token endpoint and a resource server its origin, so the two stay apart even
/// where one origin serves both (the sandbox does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NonceServer {
    /// An authorization server, by its token endpoint (without query).
    Authorization(String),
    /// A resource server, by its origin.
    Resource(String),
}

impl NonceServer {
    /// The authorization server whose token endpoint is `url`.
    #[inline]
    pub fn token_endpoint(url: &str) -> NonceServer {
        NonceServer::Authorization(super::proof::htu(url))
    }

    /// The resource server that answers at `url`.
    #[inline]
    pub fn resource_at(url: &str) -> NonceServer {
        NonceServer::Resource(origin_of(url))
    }
}

/// The latest nonce each server gave.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ServerNonces(Vec<(NonceServer, String)>);

impl ServerNonces {
    /// The nonce to put in a proof for `server`.
    #[inline]
    pub fn for_server(&self, server: &NonceServer) -> Option<&str> {
        self.0
            .iter()
            .find(|(kept, _)| kept == server)
            .map(|(_, nonce)| nonce.as_str())
    }

    /// Keeps the `DPoP-Nonce` a response from `server` carried, if it can travel as it is
    /// (RFC 9449 §8.1: one or more `NQCHAR`s, no space, `"` or `\`).
    #[inline]
    pub fn remember(&mut self, server: NonceServer, nonce: &str) {
        if !is_nqchars(nonce) {
            return;
        }
        match self.0.iter_mut().find(|(kept, _)| *kept == server) {
            Some((_, kept)) => *kept = nonce.to_string(),
            None => self.0.push((server, nonce.to_string())),
        }
    }
}

/// Whether a request refused for want of a nonce is worth sending once more: only with a
/// nonce other than the one its proof carried (several requests in flight may each be
/// refused, and each repeats with the value its own answer gave).
#[inline]
pub fn worth_repeating(asked: bool, sent: Option<&str>, offered: Option<&str>) -> bool {
    asked && offered.is_some_and(|offered| is_nqchars(offered) && Some(offered) != sent)
}

/// A resource server is its origin; every URL a client calls has passed `parse_endpoint`, so
/// the fallback (the whole URL) is for the impossible case only.
#[inline]
fn origin_of(url: &str) -> String {
    parse_endpoint(url)
        .map(|parsed| parsed.origin())
        .unwrap_or_else(|_| url.to_string())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ErrorBody {
    error: Scalar,
}

/// Whether an answer asks for a nonce: the token endpoint's `400` with the OAuth error
/// `use_dpop_nonce` (§8), or a resource server's `401` whose `WWW-Authenticate` has a `DPoP`
/// challenge with `error="use_dpop_nonce"` (§9).
#[inline]
pub fn asks_for_nonce(status: u16, www_authenticate: Option<&str>, body: &str) -> bool {
    match status {
        400 => serde_json::from_str::<MaybeObject<ErrorBody>>(body)
            .ok()
            .and_then(|body| body.0)
            .is_some_and(|body| body.error.string() == Some(USE_DPOP_NONCE)),
        401 => www_authenticate
            .is_some_and(|header| dpop_challenge_error(header).as_deref() == Some(USE_DPOP_NONCE)),
        _ => false,
    }
}

/// The `error` parameter of the `DPoP` challenge in a `WWW-Authenticate` value (RFC 9110
/// §11.6.1: challenges and their parameters are separated by commas; a quoted string may
/// hold commas and escaped quotes).
#[inline]
fn dpop_challenge_error(header: &str) -> Option<String> {
    let mut in_dpop = false;
    for item in split_outside_quotes(header) {
        let item = item.trim();
        // A challenge starts with its scheme: a token not followed by `=`.
        let (first, rest) = item.split_once(' ').unwrap_or((item, ""));
        let parameter = if first.contains('=') {
            item
        } else {
            in_dpop = first.eq_ignore_ascii_case("DPoP");
            rest.trim()
        };
        if !in_dpop {
            continue;
        }
        if let Some((name, value)) = parameter.split_once('=') {
            if name.trim().eq_ignore_ascii_case("error") {
                return Some(unquote(value.trim()));
            }
        }
    }
    None
}

#[inline]
fn split_outside_quotes(text: &str) -> Vec<&str> {
    let (mut items, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

#[inline]
fn unquote(value: &str) -> String {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_endpoint_asks_with_an_oauth_error() {
        let body = r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}"#;
        assert!(asks_for_nonce(400, None, body));
        assert!(!asks_for_nonce(
            400,
            None,
            r#"{"error":"invalid_dpop_proof"}"#
        ));
        assert!(!asks_for_nonce(400, None, "use_dpop_nonce"));
        assert!(!asks_for_nonce(401, None, body));
        assert!(!asks_for_nonce(200, None, body));
    }

    #[test]
    fn a_resource_server_asks_with_a_challenge() {
        // RFC 9449 §9's example.
        let header = r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#;
        assert!(asks_for_nonce(401, Some(header), ""));
        for header in [
            r#"dpop algs="ES256", error=use_dpop_nonce"#,
            r#"Bearer realm="x", DPoP algs="ES256 PS256", error="use_dpop_nonce""#,
            r#"DPoP error_description="a, \"quoted\" one", error="use_dpop_nonce""#,
        ] {
            assert!(asks_for_nonce(401, Some(header), ""), "{header}");
        }
        for header in [
            r#"DPoP error="invalid_token""#,
            r#"Bearer error="use_dpop_nonce""#,
            r#"DPoP error_description="error=\"use_dpop_nonce\"""#,
            "",
        ] {
            assert!(!asks_for_nonce(401, Some(header), ""), "{header}");
        }
        assert!(!asks_for_nonce(401, None, ""));
        assert!(!asks_for_nonce(
            403,
            Some(r#"DPoP error="use_dpop_nonce""#),
            ""
        ));
    }

    #[test]
    fn nonces_are_kept_per_server_even_on_one_origin() {
        let token = NonceServer::token_endpoint("https://login.example/oauth2/token");
        let api = NonceServer::resource_at("https://login.example/v2/my/info");
        let other_api = NonceServer::resource_at("https://api.example/v2/classes?limit=1");
        let mut nonces = ServerNonces::default();
        nonces.remember(token.clone(), "n-1");
        nonces.remember(api.clone(), "a-1");
        assert_eq!(nonces.for_server(&token), Some("n-1"));
        assert_eq!(nonces.for_server(&api), Some("a-1"));
        assert_eq!(nonces.for_server(&other_api), None);
        // Every path of a resource server shares its nonce.
        assert_eq!(
            nonces.for_server(&NonceServer::resource_at("https://login.example/v2/other")),
            Some("a-1")
        );
        assert_eq!(
            nonces.for_server(&NonceServer::token_endpoint(
                "https://login.example/oauth2/token?x#y"
            )),
            Some("n-1")
        );
        nonces.remember(api.clone(), "a-2");
        assert_eq!(nonces.for_server(&api), Some("a-2"));
    }

    #[test]
    fn a_nonce_that_could_not_travel_as_it_is_is_ignored() {
        let server = NonceServer::resource_at("https://a.example/");
        let mut nonces = ServerNonces::default();
        for bad in ["", "two words", "quo\"te", "back\\slash", "é"] {
            nonces.remember(server.clone(), bad);
            assert!(!worth_repeating(true, None, Some(bad)), "{bad:?}");
        }
        assert_eq!(nonces.for_server(&server), None);
    }

    #[test]
    fn a_refusal_is_repeated_only_with_a_nonce_not_yet_tried() {
        assert!(worth_repeating(true, None, Some("n-1")));
        assert!(worth_repeating(true, Some("n-1"), Some("n-2")));
        assert!(!worth_repeating(true, Some("n-1"), Some("n-1")));
        assert!(!worth_repeating(true, None, None));
        assert!(!worth_repeating(false, None, Some("n-1")));
    }
}
