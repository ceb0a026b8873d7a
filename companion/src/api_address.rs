//! The API pass-through's address rules: a companion path under one allowlisted prefix's
//! mount becomes that prefix's upstream URL plus the rest of the path, and nothing else does.
//! Never an open proxy: the rest of the path may only hold plain segments (letters, digits,
//! `-._~` and percent-escapes that decode to neither `/` nor `\`), no `.` or `..` segment
//! however spelled, no empty segment; the query only `name=value` pairs of plain
//! characters, so no URL can ride in it. The URL built is then parsed again and must be
//! exactly the string built, on the prefix's origin and under its path.

use url::Url;

use crate::config::ApiPrefix;
use crate::refusal::{Reason, Refusal};

/// Where a pass-through request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTarget<'a> {
    pub prefix: &'a ApiPrefix,
    pub url: Url,
}

/// The upstream URL for the companion path `path` and query `query`, or the refusal.
pub fn resolve<'a>(
    prefixes: &'a [ApiPrefix],
    path: &str,
    query: Option<&str>,
) -> Result<ApiTarget<'a>, Refusal> {
    let not_allowed = || {
        Refusal::new(
            Reason::PathNotAllowed,
            "this path is not under an API prefix the companion passes through",
        )
    };
    let prefix = prefixes
        .iter()
        .filter(|prefix| path.starts_with(&prefix.mount))
        .max_by_key(|prefix| prefix.mount.len())
        .ok_or_else(not_allowed)?;
    let rest = &path[prefix.mount.len()..];
    if !plain_path(rest) {
        return Err(not_allowed());
    }
    let mut built = format!("{}{rest}", prefix.upstream);
    match query {
        None => {}
        Some(query) if plain_query(query) => {
            built.push('?');
            built.push_str(query);
        }
        Some(_) => {
            return Err(Refusal::new(
                Reason::QueryNotAllowed,
                "the query may only hold name=value pairs of letters, digits and -._~",
            ))
        }
    }
    let url = Url::parse(&built).map_err(|_| not_allowed())?;
    let same_place = url.as_str() == built
        && url.origin() == prefix.upstream.origin()
        && url.path().starts_with(prefix.upstream.path())
        && url.username().is_empty()
        && url.password().is_none()
        && url.fragment().is_none();
    if !same_place {
        return Err(not_allowed());
    }
    Ok(ApiTarget { prefix, url })
}

fn plain_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Segments of plain bytes and percent-escapes; no empty, `.` or `..` segment (escaped or
/// not); no escape of `/`, `\` or a control character.
fn plain_path(rest: &str) -> bool {
    if rest.is_empty() {
        return true;
    }
    rest.split('/').all(|segment| {
        let Some(decoded) = decode_segment(segment) else {
            return false;
        };
        !decoded.is_empty()
            && decoded != b"."
            && decoded != b".."
            && !decoded
                .iter()
                .any(|b| matches!(b, b'/' | b'\\') || b.is_ascii_control())
    })
}

/// The bytes a segment stands for, or `None` if it holds a byte that is neither plain nor a
/// well-formed escape.
fn decode_segment(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let text = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(text, 16).ok()?);
                i += 3;
            }
            byte if plain_byte(byte) => {
                out.push(byte);
                i += 1;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// `name=value` pairs joined by `&`, every character plain (no `%`, `:`, `/`).
fn plain_query(query: &str) -> bool {
    query.split('&').all(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        !name.is_empty() && name.bytes().all(plain_byte) && value.bytes().all(plain_byte)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes() -> Vec<ApiPrefix> {
        [
            "https://nodeapi.classlink.com/v2/",
            "https://oneroster.district.example/ims/oneroster/v1p1/",
        ]
        .iter()
        .map(|u| {
            let upstream = Url::parse(u).unwrap();
            let mount = format!("/api/{}{}", upstream.host_str().unwrap(), upstream.path());
            ApiPrefix { upstream, mount }
        })
        .collect()
    }

    fn target(path: &str, query: Option<&str>) -> Result<String, Reason> {
        let prefixes = prefixes();
        resolve(&prefixes, path, query)
            .map(|t| t.url.to_string())
            .map_err(|r| r.reason)
    }

    #[test]
    fn the_apps_requests_are_passed_to_their_prefix() {
        assert_eq!(
            target("/api/nodeapi.classlink.com/v2/my/info", None).unwrap(),
            "https://nodeapi.classlink.com/v2/my/info"
        );
        assert_eq!(
            target(
                "/api/nodeapi.classlink.com/v2/oneroster/my/classes",
                Some("limit=100&offset=0&sort=sourcedId&orderBy=asc")
            )
            .unwrap(),
            "https://nodeapi.classlink.com/v2/oneroster/my/classes?limit=100&offset=0&sort=sourcedId&orderBy=asc"
        );
        // The app escapes every `.` of an id (src/urls.rs), and any byte but letters,
        // digits and -_~.
        assert_eq!(
            target(
                "/api/oneroster.district.example/ims/oneroster/v1p1/users/7%2E1%20a/classes",
                None
            )
            .unwrap(),
            "https://oneroster.district.example/ims/oneroster/v1p1/users/7%2E1%20a/classes"
        );
    }

    #[test]
    fn every_way_out_is_refused() {
        let refused_paths = [
            // another host, another path, a sibling of the prefix
            "/api/evil.example/v2/my/info",
            "/api/nodeapi.classlink.com/v3/my/info",
            "/api/nodeapi.classlink.com/v2",
            "/api/nodeapi.classlink.com/v2x/my/info",
            "/api/nodeapi.classlink.com.evil.example/v2/my/info",
            "/token/../api/evil.example/",
            // dot segments, plain and escaped
            "/api/nodeapi.classlink.com/v2/../../evil",
            "/api/nodeapi.classlink.com/v2/my/../../v3/x",
            "/api/nodeapi.classlink.com/v2/./my/info",
            "/api/nodeapi.classlink.com/v2/%2e%2e/v3",
            "/api/nodeapi.classlink.com/v2/%2E%2E/v3",
            "/api/nodeapi.classlink.com/v2/.%2e/v3",
            "/api/nodeapi.classlink.com/v2/%2e/my/info",
            // encoded slash and backslash, a raw backslash
            "/api/nodeapi.classlink.com/v2/my%2F..%2F..%2Fv3",
            "/api/nodeapi.classlink.com/v2/my%2finfo",
            "/api/nodeapi.classlink.com/v2/my%5C..%5Cv3",
            "/api/nodeapi.classlink.com/v2/..\\..\\v3",
            "/api/nodeapi.classlink.com/v2/my\\info",
            // userinfo tricks
            "/api/nodeapi.classlink.com@evil.example/v2/my/info",
            "/api/nodeapi.classlink.com/v2/@evil.example/x",
            "/api/nodeapi.classlink.com/v2/my/info@evil.example",
            // double slashes, a scheme-relative URL in the path
            "/api/nodeapi.classlink.com/v2//evil.example/x",
            "/api/nodeapi.classlink.com/v2/my//info",
            "/api/nodeapi.classlink.com/v2/https://evil.example/",
            // broken escapes, controls, non-ASCII, a fragment
            "/api/nodeapi.classlink.com/v2/my/%zz",
            "/api/nodeapi.classlink.com/v2/my/%2",
            "/api/nodeapi.classlink.com/v2/my/%00info",
            "/api/nodeapi.classlink.com/v2/my/%0Ainfo",
            "/api/nodeapi.classlink.com/v2/my/inf\u{f6}",
            "/api/nodeapi.classlink.com/v2/my/info#x",
            "/api/",
            "/",
        ];
        for path in refused_paths {
            assert_eq!(target(path, None), Err(Reason::PathNotAllowed), "{path}");
        }
        let refused_queries = [
            "url=https://evil.example/",
            "url=https%3A%2F%2Fevil.example%2F",
            "next=//evil.example",
            "a=1&&b=2",
            "=x",
            "a=b=c",
            "a=%2e%2e",
            "@evil.example",
        ];
        for query in refused_queries {
            assert_eq!(
                target("/api/nodeapi.classlink.com/v2/my/info", Some(query)),
                Err(Reason::QueryNotAllowed),
                "{query}"
            );
        }
    }
}
