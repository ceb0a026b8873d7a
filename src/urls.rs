//! Small, strict URL helpers that the protocol code needs natively (so they are unit-tested
//! without a browser): validating configured endpoints, appending query parameters, and
//! percent-encoding a path segment.
//!
//! A full URL parser (the `url` crate with IDNA tables) would cost more wasm than the whole
//! OAuth layer, and configured endpoints only need the narrow shape `scheme://host[:port]/path[?query]`.

use std::fmt;

/// Why a string is not an acceptable endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    NotAbsolute,
    InsecureScheme,
    UnsupportedScheme,
    HasCredentials,
    HasFragment,
    BadHost,
    BadPort,
    BadCharacter,
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlProblem::NotAbsolute => "is not an absolute URL (it must start with https://)",
            UrlProblem::InsecureScheme => {
                "must use https:// (http:// is allowed only for localhost and 127.0.0.1)"
            }
            UrlProblem::UnsupportedScheme => "must be an https:// URL",
            UrlProblem::HasCredentials => "must not contain a user name or password",
            UrlProblem::HasFragment => "must not contain a #fragment",
            UrlProblem::BadHost => "has no valid host name",
            UrlProblem::BadPort => "has an invalid port",
            UrlProblem::BadCharacter => {
                "contains spaces or characters that are not allowed in a URL"
            }
        })
    }
}

/// An endpoint URL that passed validation, split into the parts the app needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// `https` or (for loopback development only) `http`.
    pub scheme: String,
    /// Lower-cased host, IPv6 addresses keep their brackets.
    pub host: String,
    pub port: Option<u16>,
    /// Everything from the first `/` after the authority, query included (may be empty).
    pub path_and_query: String,
}

impl HttpUrl {
    /// `scheme://host[:port]`, the unit a browser uses for CORS and CSP `connect-src`.
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{}", self.scheme, self.host, port),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// The query part after `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.path_and_query.split_once('?').map(|(_, q)| q)
    }
}

/// Hosts for which plain `http://` is tolerated: only the developer's own machine.
fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1" || host == "[::1]"
}

/// Parses and validates an absolute endpoint URL: https only (http for loopback), no
/// credentials, no fragment, no whitespace or control characters.
pub fn parse_endpoint(input: &str) -> Result<HttpUrl, UrlProblem> {
    if input.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '\\' | '^' | '`' | '{' | '|' | '}')
    }) {
        // `{` and `}` are allowed only in the classes template, which substitutes them first.
        return Err(UrlProblem::BadCharacter);
    }
    let (scheme, rest) = input.split_once("://").ok_or(UrlProblem::NotAbsolute)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return Err(UrlProblem::NotAbsolute);
    }
    if scheme != "https" && scheme != "http" {
        return Err(UrlProblem::UnsupportedScheme);
    }
    if rest.contains('#') {
        return Err(UrlProblem::HasFragment);
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(UrlProblem::HasCredentials);
    }
    let (host, port) = split_host_port(authority)?;
    if scheme == "http" && !is_loopback_host(&host) {
        return Err(UrlProblem::InsecureScheme);
    }
    let path_and_query = if tail.starts_with('?') {
        format!("/{tail}")
    } else {
        tail.to_string()
    };
    Ok(HttpUrl {
        scheme,
        host,
        port,
        path_and_query,
    })
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), UrlProblem> {
    let (host, port) = if let Some(after_bracket) = authority.strip_prefix('[') {
        let close = after_bracket.find(']').ok_or(UrlProblem::BadHost)?;
        let inside = &after_bracket[..close];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(UrlProblem::BadHost);
        }
        let after = &after_bracket[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(UrlProblem::BadHost),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_ascii_lowercase(), Some(p)),
            None => (authority.to_ascii_lowercase(), None),
        }
    };
    let valid_name = !host.is_empty()
        && (host.starts_with('[')
            || host.split('.').all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }));
    if !valid_name {
        return Err(UrlProblem::BadHost);
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()) => {
            Some(p.parse::<u16>().map_err(|_| UrlProblem::BadPort)?)
        }
        Some(_) => return Err(UrlProblem::BadPort),
    };
    Ok((host, port))
}

/// Appends `params` to `base` as `application/x-www-form-urlencoded` query pairs, keeping
/// any query the base already has. The base must have no fragment (endpoints are validated).
pub fn append_query<'a>(
    base: &str,
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let encoded = crate::form::serialize(params);
    if encoded.is_empty() {
        return base.to_string();
    }
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{base}{separator}{encoded}")
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so an identifier can be
/// placed in one path segment without changing the path's structure (`/`, `?`, `#`, `..`).
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            // `.` is encoded too: a SourcedId of ".." must not climb the path.
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `href` without its query and fragment: the page's own address, used as the default
/// redirect URI so no CDN rewrite rule is needed.
pub fn without_query_and_fragment(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// The folder of a page's URL (up to and including the last `/`), against which a relative
/// file name such as `config.json` resolves.
pub fn directory_of(url: &str) -> &str {
    &url[..url.rfind('/').map_or(url.len(), |i| i + 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http() {
        let url = parse_endpoint("https://Launchpad.ClassLink.com/oauth2/v2/auth").unwrap();
        assert_eq!(url.origin(), "https://launchpad.classlink.com");
        assert_eq!(url.path_and_query, "/oauth2/v2/auth");
        assert_eq!(
            parse_endpoint("http://127.0.0.1:8081/x").unwrap().origin(),
            "http://127.0.0.1:8081"
        );
        assert_eq!(
            parse_endpoint("http://localhost:8081")
                .unwrap()
                .path_and_query,
            ""
        );
        assert_eq!(
            parse_endpoint("http://[::1]:9/a?b=c").unwrap().query(),
            Some("b=c")
        );
        assert_eq!(
            parse_endpoint("https://h.example?x=1")
                .unwrap()
                .path_and_query,
            "/?x=1"
        );
    }

    #[test]
    fn rejects_unsafe_or_malformed_endpoints() {
        let cases = [
            (
                "http://launchpad.classlink.com/a",
                UrlProblem::InsecureScheme,
            ),
            ("http://localhost.evil.com/a", UrlProblem::InsecureScheme),
            ("javascript:alert(1)", UrlProblem::NotAbsolute),
            ("ftp://x.example/a", UrlProblem::UnsupportedScheme),
            ("//x.example/a", UrlProblem::NotAbsolute),
            ("https://user:pw@x.example/", UrlProblem::HasCredentials),
            ("https://x.example/a#frag", UrlProblem::HasFragment),
            ("https://x.example:99999/", UrlProblem::BadPort),
            ("https://x.example:/", UrlProblem::BadPort),
            ("https:///path", UrlProblem::BadHost),
            ("https://a..b/", UrlProblem::BadHost),
            ("https://x.example/a b", UrlProblem::BadCharacter),
            ("https://x.example/\n", UrlProblem::BadCharacter),
            ("https://x.example/<script>", UrlProblem::BadCharacter),
        ];
        for (input, problem) in cases {
            assert_eq!(parse_endpoint(input), Err(problem), "{input}");
        }
    }

    #[test]
    fn append_query_encodes_and_keeps_existing_query() {
        assert_eq!(
            append_query(
                "https://a.example/auth",
                [("scope", "profile oneroster"), ("x", "a&b=c/é")]
            ),
            "https://a.example/auth?scope=profile+oneroster&x=a%26b%3Dc%2F%C3%A9"
        );
        assert_eq!(
            append_query("https://a.example/auth?t=1", [("k", "v")]),
            "https://a.example/auth?t=1&k=v"
        );
        assert_eq!(
            append_query("https://a.example/auth?", [("k", "v")]),
            "https://a.example/auth?k=v"
        );
        assert_eq!(
            append_query("https://a.example/auth", []),
            "https://a.example/auth"
        );
    }

    #[test]
    fn path_segment_encoding_cannot_change_the_path() {
        assert_eq!(encode_path_segment("4801508017"), "4801508017");
        assert_eq!(encode_path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("José 1"), "Jos%C3%A9%201");
    }

    #[test]
    fn strips_query_and_fragment() {
        assert_eq!(
            without_query_and_fragment("https://d.example/portal/?code=1#x"),
            "https://d.example/portal/"
        );
        assert_eq!(
            without_query_and_fragment("https://d.example/portal/#x"),
            "https://d.example/portal/"
        );
        assert_eq!(
            without_query_and_fragment("https://d.example/"),
            "https://d.example/"
        );
    }

    #[test]
    fn the_directory_of_a_page() {
        assert_eq!(
            directory_of("https://d.example/portal/"),
            "https://d.example/portal/"
        );
        assert_eq!(
            directory_of("https://d.example/portal/check/index.html"),
            "https://d.example/portal/check/"
        );
    }
}
