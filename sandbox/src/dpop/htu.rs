//! Comparing a proof's `htu` with the URL the request was sent to (RFC 9449 §4.3 point 9):
//! both without query and fragment, normalised as RFC 3986 §6.2.2 (syntax: scheme and host
//! case, percent-encoding case, unreserved characters decoded, dot segments removed) and
//! §6.2.3 (scheme: a default port dropped, an empty path is `/`) ask. Path case stays
//! significant.

/// `url`'s normal form for comparison, or `None` when it is not an absolute http(s) URL.
pub(crate) fn normalise(url: &str) -> Option<String> {
    let url = url.split('#').next().unwrap_or(url);
    let url = url.split('?').next().unwrap_or(url);
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let (host, port) = split_host_port(authority)?;
    // An empty port is the default one (RFC 3986 §3.2.3), and "080" is 80.
    let port = match port.filter(|p| !p.is_empty()) {
        None => String::new(),
        Some(digits) => match digits.parse::<u32>().ok()? {
            n if n == default_port => String::new(),
            n => format!(":{n}"),
        },
    };
    let path = remove_dot_segments(&normalise_percent_encoding(path)?);
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path
    };
    Some(format!(
        "{scheme}://{}{port}{path}",
        host.to_ascii_lowercase()
    ))
}

/// Whether `htu` names `expected` (both as [`normalise`] sees them).
pub(crate) fn matches(htu: &str, expected: &str) -> bool {
    match (normalise(htu), normalise(expected)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `host[:port]` (an IPv6 host in brackets); no user information, a port of digits (maybe
/// none).
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() || port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some((host, port))
}

/// Percent-encodings in upper case, and those of unreserved characters decoded
/// (RFC 3986 §6.2.2.1, §6.2.2.2). `None` for a `%` not followed by two hex digits.
fn normalise_percent_encoding(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(char::from(bytes[i]));
            i += 1;
            continue;
        }
        let hex = path.get(i + 1..i + 3)?;
        let value = u8::from_str_radix(hex, 16).ok()?;
        if value.is_ascii_alphanumeric() || matches!(value, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(value));
        } else {
            out.push('%');
            out.push_str(&hex.to_ascii_uppercase());
        }
        i += 3;
    }
    Some(out)
}

/// RFC 3986 §5.2.4's algorithm.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path.to_string();
    let mut output = String::new();
    while !input.is_empty() {
        if let Some(rest) = input
            .strip_prefix("../")
            .or_else(|| input.strip_prefix("./"))
        {
            input = rest.to_string();
        } else if input.starts_with("/./") {
            input.replace_range(..3, "/");
        } else if input == "/." {
            input = "/".to_string();
        } else if input.starts_with("/../") || input == "/.." {
            let cut = if input == "/.." { 3 } else { 4 };
            input.replace_range(..cut, "/");
            let last = output.rfind('/').unwrap_or(0);
            output.truncate(last);
        } else if input == "." || input == ".." {
            input.clear();
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push_str(&input[..end]);
            input.replace_range(..end, "");
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_fragment_are_ignored() {
        let base = "http://sandbox.test:8081/v2/oneroster/my/classes";
        assert!(matches(&format!("{base}?limit=5"), base));
        assert!(matches(base, &format!("{base}?limit=5&offset=5")));
        assert!(matches(&format!("{base}#top"), base));
        assert!(matches(&format!("{base}?a=1#b"), &format!("{base}?c=2")));
    }

    #[test]
    fn scheme_host_and_port_are_normalised() {
        let base = "http://sandbox.test:8081/v2/my/info";
        assert!(matches("HTTP://Sandbox.TEST:8081/v2/my/info", base));
        assert!(matches("http://a.test:80/x", "http://a.test/x"));
        assert!(matches("https://a.test:443/x", "https://A.test/x"));
        assert!(matches("http://a.test:/x", "http://a.test/x"));
        assert!(matches("http://a.test:0080/x", "http://a.test/x"));
        assert!(matches("http://a.test", "http://a.test/"));
        assert!(matches("http://[::1]:8081/x", "http://[::1]:8081/x"));
        assert!(!matches("https://a.test/x", "http://a.test/x"));
        assert!(!matches("http://a.test:443/x", "https://a.test/x"));
        assert!(!matches("http://a.test:8082/x", "http://a.test:8081/x"));
        assert!(!matches("http://b.test/x", "http://a.test/x"));
    }

    #[test]
    fn paths_compare_after_syntax_normalisation_only() {
        assert!(matches(
            "http://a.test/v2/my/%69nfo",
            "http://a.test/v2/my/info"
        ));
        assert!(matches("http://a.test/%7euser", "http://a.test/~user"));
        assert!(matches("http://a.test/x%2fy", "http://a.test/x%2Fy"));
        assert!(matches("http://a.test/a/./b/../c", "http://a.test/a/c"));
        assert!(!matches("http://a.test/x%2Fy", "http://a.test/x/y"));
        assert!(!matches(
            "http://a.test/V2/my/info",
            "http://a.test/v2/my/info"
        ));
        assert!(!matches(
            "http://a.test/v2/my/info/",
            "http://a.test/v2/my/info"
        ));
    }

    #[test]
    fn not_an_http_url() {
        for bad in [
            "/v2/my/info",
            "sandbox.test/v2/my/info",
            "ftp://a.test/x",
            "http:///x",
            "http://user@a.test/x",
            "http://a.test:80a/x",
            "http://a.test/%zz",
            "http://[::1/x",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
            assert!(!matches(bad, bad), "{bad}");
        }
    }

    #[test]
    fn dot_segments() {
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
        assert_eq!(remove_dot_segments("/.."), "/");
        assert_eq!(remove_dot_segments("/a/.."), "/");
    }
}
