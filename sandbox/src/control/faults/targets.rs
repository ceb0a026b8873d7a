//! Which requests a fault target covers: the route family of a request to the API listener,
//! by method and path, and for the token endpoint also by grant type.

use axum::http::Method;

use super::fault::FaultTarget;
use crate::http::params::Params;

/// A refresh grant meets the refresh-only target first, then the token endpoint's.
const REFRESH_GRANT: [FaultTarget; 2] = [FaultTarget::Refresh, FaultTarget::Token];
const OTHER_TOKEN_REQUEST: [FaultTarget; 1] = [FaultTarget::Token];

/// The targets a token request with this form meets: `[refresh, token]` for
/// `grant_type=refresh_token`, `[token]` for anything else (an unreadable form included).
pub(crate) fn token_targets(form: Option<&Params>) -> &'static [FaultTarget] {
    match form.and_then(|p| p.get("grant_type")) {
        Some("refresh_token") => &REFRESH_GRANT,
        _ => &OTHER_TOKEN_REQUEST,
    }
}

/// The fault target of a request to `path` with `method`, if any.
pub(crate) fn target_for(method: &Method, path: &str) -> Option<FaultTarget> {
    if *method == Method::POST && path == "/oauth2/v2/token" {
        return Some(FaultTarget::Token);
    }
    if *method == Method::POST && path == "/oauth2/v2/revoke" {
        return Some(FaultTarget::Revocation);
    }
    if *method != Method::GET {
        return None;
    }
    match path {
        "/v2/my/info" | "/v2/my/profileinfo" => return Some(FaultTarget::Profile),
        "/v2/oneroster/my/classes" => return Some(FaultTarget::Classes),
        "/oauth2/v2/jwks" => return Some(FaultTarget::Jwks),
        "/.well-known/openid-configuration" => return Some(FaultTarget::Discovery),
        _ => {}
    }
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        ["", "ims", "oneroster", "v1p1", "users" | "students" | "teachers", id, "classes"]
            if !id.is_empty() =>
        {
            Some(FaultTarget::Classes)
        }
        ["", "v2", "oneroster", "my", "classes", id, "teachers"] if !id.is_empty() => {
            Some(FaultTarget::Teachers)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_requests_by_grant() {
        let form = |text: &str| Params::parse(text.as_bytes());
        assert_eq!(
            token_targets(Some(&form("grant_type=refresh_token&refresh_token=x"))),
            [FaultTarget::Refresh, FaultTarget::Token]
        );
        assert_eq!(
            token_targets(Some(&form("grant_type=authorization_code"))),
            [FaultTarget::Token]
        );
        let repeated = form("grant_type=refresh_token&grant_type=refresh_token");
        assert_eq!(token_targets(Some(&repeated)), [FaultTarget::Token]);
        assert_eq!(token_targets(None), [FaultTarget::Token]);
    }

    #[test]
    fn targets() {
        assert_eq!(
            target_for(&Method::POST, "/oauth2/v2/token"),
            Some(FaultTarget::Token)
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/token"), None);
        assert_eq!(
            target_for(&Method::POST, "/oauth2/v2/revoke"),
            Some(FaultTarget::Revocation)
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/logout"), None);
        assert_eq!(
            target_for(&Method::GET, "/v2/my/info"),
            Some(FaultTarget::Profile)
        );
        assert_eq!(
            target_for(&Method::GET, "/ims/oneroster/v1p1/teachers/x%2Fy/classes"),
            Some(FaultTarget::Classes)
        );
        assert_eq!(
            target_for(&Method::GET, "/ims/oneroster/v1p1/users//classes"),
            None
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/auth"), None);
        assert_eq!(
            target_for(&Method::GET, "/v2/oneroster/my/classes"),
            Some(FaultTarget::Classes)
        );
        assert_eq!(
            target_for(&Method::GET, "/v2/oneroster/my/classes/33333/teachers"),
            Some(FaultTarget::Teachers)
        );
        assert_eq!(
            target_for(&Method::GET, "/v2/oneroster/my/classes//teachers"),
            None
        );
        assert_eq!(
            target_for(&Method::GET, "/oauth2/v2/jwks"),
            Some(FaultTarget::Jwks)
        );
        assert_eq!(
            target_for(&Method::GET, "/.well-known/openid-configuration"),
            Some(FaultTarget::Discovery)
        );
    }
}
