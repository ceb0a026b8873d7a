//! OpenID Provider metadata: `GET /.well-known/openid-configuration` (ClassLink's document, but
//! truthful for the sandbox: PKCE, no client secret unless one is registered, RFC 9207 `iss`,
//! each session switch that is on, and DPoP when it is on).

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

use crate::control::confidential_client::ClientAuth;
use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::dpop::proof::ALGORITHM as DPOP_ALGORITHM;
use crate::http::conditional::{cacheable_json, DOCUMENT_CACHE, ONE_OFF};
use crate::provider::authorize::SUPPORTED_SCOPES;
use crate::provider::id_token::OTHER_ISSUER;
use crate::state::shared::Shared;

/// The token endpoint the `insecure_endpoint` discovery fault advertises.
pub(crate) const INSECURE_TOKEN_ENDPOINT: &str = "http://token.example.test/oauth2/v2/token";

/// The claims the id_token can carry.
const CLAIMS: [&str; 22] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "email",
    "email_verified",
    "name",
    "given_name",
    "family_name",
    "profile",
    "address",
    "classLink_tenant_id",
    "classLink_tenant_id_string",
    "classLink_role",
    "classLink_role_level",
    "classLink_sourcedId",
    "classLink_org_sourcedids",
    "login_hint",
    "locale",
];

/// The discovery document (with the next `other_issuer` or `insecure_endpoint` fault applied),
/// and whether a fault was.
pub(crate) fn discovery_document(shared: &Shared) -> (Value, bool) {
    let config = &shared.config;
    let origin = &config.api_origin;
    let fault = shared.take_fault(FaultTarget::Discovery, |kind| !kind.is_transport());
    let issuer = match fault {
        Some(FaultKind::OtherIssuer) => OTHER_ISSUER,
        _ => config.issuer.as_str(),
    };
    let token_endpoint = match fault {
        Some(FaultKind::InsecureEndpoint) => INSECURE_TOKEN_ENDPOINT.to_string(),
        _ => format!("{origin}/oauth2/v2/token"),
    };
    let features = shared.session_features();
    // RFC 8414 §2: the methods the client may authenticate by, like ClassLink's own list when
    // a secret is registered.
    let auth_methods: Vec<&str> = match &config.confidential_client {
        Some(client) => client.methods().iter().map(|m| m.name()).collect(),
        None => vec![ClientAuth::None.name()],
    };
    let mut document = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{origin}/oauth2/v2/auth"),
        "token_endpoint": token_endpoint,
        "jwks_uri": format!("{origin}/oauth2/v2/jwks"),
        "userinfo_endpoint": format!("{origin}/v2/my/profileinfo"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "scopes_supported": SUPPORTED_SCOPES,
        "claims_supported": CLAIMS,
        "token_endpoint_auth_methods_supported": auth_methods,
        "grant_types_supported": ["authorization_code"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
    });
    // OpenID Connect Discovery 1.0 §3 (prompt values), RFC 8414 §2 (revocation), RP-Initiated
    // Logout 1.0 §2.1 (end session): each advertised only when its switch is on.
    if features.prompt_none {
        document["prompt_values_supported"] = json!(["none", "login"]);
    }
    if features.refresh_tokens {
        document["grant_types_supported"] = json!(["authorization_code", "refresh_token"]);
    }
    if features.revocation {
        document["revocation_endpoint"] = json!(format!("{origin}/oauth2/v2/revoke"));
        document["revocation_endpoint_auth_methods_supported"] = json!(auth_methods);
    }
    if features.end_session {
        document["end_session_endpoint"] = json!(format!("{origin}/oauth2/v2/logout"));
    }
    // RFC 9449 §5.1.
    if shared.dpop_features().enabled {
        document["dpop_signing_alg_values_supported"] = json!([DPOP_ALGORITHM]);
    }
    (document, fault.is_some())
}

/// `GET /.well-known/openid-configuration`: cacheable for a few minutes, with an `ETag` that
/// changes with the document (a switch turned on). A faulted document is a one-off, so it is
/// not to be kept: the next request sees the next answer, as a test arming one fault expects.
pub(crate) async fn discovery(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let (document, faulted) = discovery_document(&shared);
    let not_kept = shared.store().documents_not_kept;
    let cache = if faulted || not_kept {
        ONE_OFF
    } else {
        DOCUMENT_CACHE
    };
    cacheable_json(&headers, &document, cache)
}
