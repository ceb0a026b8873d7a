//! URL helpers: appending query parameters to a redirect URI, and origins.

use std::net::IpAddr;

use axum::http::Uri;

/// `base` with `pairs` appended as properly encoded query parameters, keeping any query the
/// registered URI already has (RFC 6749 §3.1.2: "MUST retain the query component").
pub(crate) fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    let extra = serializer.finish();
    // Registered redirect URIs are checked to have no fragment; drop one defensively anyway.
    let base = base.split('#').next().unwrap_or(base);
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{base}{separator}{extra}")
}

/// The serialized origin (`scheme://host[:port]`) of an absolute http(s) URI, as a browser
/// would send it in `Origin`: lowercase scheme and host, default port omitted.
pub(crate) fn origin_of(uri: &str) -> Option<String> {
    let parsed: Uri = uri.parse().ok()?;
    let scheme = parsed.scheme_str()?.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = parsed.authority()?;
    if authority.as_str().contains('@') {
        return None;
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(match authority.port_u16() {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// The host to put in URLs for a bind address: loopback for "any", brackets for IPv6.
pub(crate) fn host_for(bind: IpAddr) -> String {
    match bind {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_with_the_right_separator() {
        assert_eq!(
            with_query("http://a/cb", &[("code", "x y")]),
            "http://a/cb?code=x+y"
        );
        assert_eq!(
            with_query("http://a/cb?tenant=1", &[("code", "a&b")]),
            "http://a/cb?tenant=1&code=a%26b"
        );
        assert_eq!(with_query("http://a/cb?", &[("e", "1")]), "http://a/cb?e=1");
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("http://LocalHost:8080/x?y"),
            Some("http://localhost:8080".into())
        );
        assert_eq!(
            origin_of("https://a.example:443/"),
            Some("https://a.example".into())
        );
        assert_eq!(
            origin_of("http://127.0.0.1:80"),
            Some("http://127.0.0.1".into())
        );
        assert_eq!(origin_of("http://[::1]:9/"), Some("http://[::1]:9".into()));
        assert_eq!(origin_of("ftp://a/"), None);
        assert_eq!(origin_of("/relative"), None);
        assert_eq!(origin_of("http://u:p@a/"), None);
    }

    #[test]
    fn hosts() {
        assert_eq!(host_for("0.0.0.0".parse().expect("ip")), "127.0.0.1");
        assert_eq!(host_for("::1".parse().expect("ip")), "[::1]");
        assert_eq!(host_for("10.1.2.3".parse().expect("ip")), "10.1.2.3");
    }
}
