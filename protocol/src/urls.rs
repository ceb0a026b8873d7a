//! Small, strict URL helpers the protocol needs: validating an endpoint (written by a person
//! or read from a discovery document), appending query parameters, and an address without
//! its query.
//!
//! A full URL parser (the `url` crate with IDNA tables) would cost more WebAssembly than the
//! whole protocol, and endpoints only need the narrow shape
//! `scheme://host[:port]/path[?query]`.

use std::fmt;

use crate::form::FormCodec;

/// Why a string is not an acceptable endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not `scheme://…`.
    NotAbsolute,
    /// `http://` to a host other than this machine's own.
    InsecureScheme,
    /// A scheme other than `https` and `http`.
    UnsupportedScheme,
    /// A user name or password before the host.
    HasCredentials,
    /// A `#fragment`.
    HasFragment,
    /// No host, or not a valid host name or IP literal.
    BadHost,
    /// A port that is empty, not a number, or above 65535.
    BadPort,
    /// Whitespace, a control character, or a character a URL may not hold as it is.
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

/// An endpoint URL that passed validation, split into the parts a client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// `https` or (for loopback development only) `http`.
    pub scheme: String,
    /// Lower-cased host, IPv6 addresses keep their brackets.
    pub host: String,
    /// The port, when one is written.
    pub port: Option<u16>,
    /// Everything from the first `/` after the authority, query included (may be empty).
    pub path_and_query: String,
}

impl HttpUrl {
    /// `scheme://host[:port]`, the unit a browser uses for CORS and CSP `connect-src`.
    #[inline]
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{}", self.scheme, self.host, port),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// The query part after `?`, if any.
    #[inline]
    pub fn query(&self) -> Option<&str> {
        self.path_and_query.split_once('?').map(|(_, q)| q)
    }
}

/// Hosts for which plain `http://` is tolerated: only the developer's own machine.
#[inline]
fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1" || host == "[::1]"
}

/// Parses and validates an absolute endpoint URL: https only (http for loopback), no
/// credentials, no fragment, no whitespace or control characters.
#[inline]
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

#[inline]
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
#[inline]
pub fn append_query<'a>(
    form: &impl FormCodec,
    base: &str,
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let encoded = form.serialize(params);
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

/// `href` without its query and fragment: a page's own address (a redirect URI is one), or a
/// request's address as a DPoP proof names it.
#[inline]
pub fn without_query_and_fragment(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;

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
                &StandardForm,
                "https://a.example/auth",
                [("scope", "profile oneroster"), ("x", "a&b=c/é")]
            ),
            "https://a.example/auth?scope=profile+oneroster&x=a%26b%3Dc%2F%C3%A9"
        );
        assert_eq!(
            append_query(&StandardForm, "https://a.example/auth?t=1", [("k", "v")]),
            "https://a.example/auth?t=1&k=v"
        );
        assert_eq!(
            append_query(&StandardForm, "https://a.example/auth?", [("k", "v")]),
            "https://a.example/auth?k=v"
        );
        assert_eq!(
            append_query(&StandardForm, "https://a.example/auth", []),
            "https://a.example/auth"
        );
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
}
