//! The provider session: who signed in at the sandbox, remembered by a cookie on the
//! sandbox's own origin (`sandbox_idp`), as ClassLink remembers its users. Allow on the sign-in
//! page starts one; `prompt=none` and the `sso` switch read it; end-session and
//! [`Running::end_idp_sessions`](crate::Running::end_idp_sessions) end it. The cookie is
//! `HttpOnly` (no page script reads it) and `SameSite=Lax` (sent on the top-level navigation
//! to the authorization endpoint, which is all it is for).

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

use crate::state::shared::Shared;

/// The cookie's name.
pub(crate) const COOKIE: &str = "sandbox_idp";

/// The `sandbox_idp` value the request's `Cookie` headers carry, if any (RFC 6265 §5.4: pairs
/// separated by `; `, possibly over several headers).
pub(crate) fn cookie_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// The login of the live provider session the request names, if any.
pub(crate) fn login_of(shared: &Shared, headers: &HeaderMap) -> Option<String> {
    let secret = cookie_of(headers)?;
    shared.store().idp_sessions.get(&secret).cloned()
}

/// Starts a provider session for `login` (ending the one the browser had, if any) and sets
/// its cookie on `response`. The secret joins the leak-check list when any session switch is
/// on; with all off the list stays as it always was (one code, one token per sign-in).
pub(crate) fn start(shared: &Shared, headers: &HeaderMap, login: &str, response: &mut Response) {
    let Ok(secret) = crate::random::random_secret() else {
        // No randomness: no provider session, which only means the next sign-in asks again.
        return;
    };
    let previous = cookie_of(headers);
    let mut store = shared.store();
    if let Some(previous) = previous {
        store.idp_sessions.remove(&previous);
    }
    if store.session_features.any() {
        store.remember_issued(&secret);
    }
    store.idp_sessions.insert(secret.clone(), login.to_string());
    drop(store);
    let cookie = format!("{COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// Ends the provider session the request names (if any) and clears its cookie on `response`.
pub(crate) fn end(shared: &Shared, headers: &HeaderMap, response: &mut Response) {
    if let Some(secret) = cookie_of(headers) {
        shared.store().idp_sessions.remove(&secret);
    }
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("sandbox_idp=; Max-Age=0; Path=/"),
    );
}

/// Ends every provider session: the next sign-in asks again, `prompt=none` answers
/// `login_required`.
pub(crate) fn end_all(shared: &Shared) {
    shared.store().idp_sessions.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie_of(&headers), None);
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        assert_eq!(cookie_of(&headers), None);
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("x=y;sandbox_idp=s3cret; z=1"),
        );
        assert_eq!(cookie_of(&headers).as_deref(), Some("s3cret"));
        let mut empty = HeaderMap::new();
        empty.insert(header::COOKIE, HeaderValue::from_static("sandbox_idp="));
        assert_eq!(cookie_of(&empty), None);
        let mut prefixed = HeaderMap::new();
        prefixed.insert(header::COOKIE, HeaderValue::from_static("xsandbox_idp=1"));
        assert_eq!(cookie_of(&prefixed), None);
    }
}
