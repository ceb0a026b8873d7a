//! The page's own host: the headers it sends with `index.html`, `config.json` and a hashed
//! asset, judged against what the app needs (a CSP header that lets it reach its endpoints)
//! and what a school deployment should have (frame protection, HSTS, nosniff, caching that
//! never serves a stale page or configuration).

use oauth_public_client::urls::parse_endpoint;

use super::line::{Advice, CheckId, CheckLine, Verdict};

/// The headers of one response that matter here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Served {
    pub csp: Option<String>,
    pub frame_options: Option<String>,
    pub hsts: Option<String>,
    pub nosniff: Option<String>,
    pub cache_control: Option<String>,
}

/// What the host sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostHeaders {
    /// The page's origin, e.g. `https://portal.district.example`.
    pub origin: String,
    pub page: Served,
    pub config: Option<Served>,
    /// A content-hashed file (the wasm), which may be cached for good.
    pub asset: Option<Served>,
}

/// A day: hashed assets cached for less are downloaded again needlessly.
const LONG_CACHE_S: u64 = 86_400;

/// The host's line: every finding, the facts, and passed only when there is none.
pub fn judge_host(headers: &HostHeaders, endpoints: &[String]) -> CheckLine {
    let page = &headers.page;
    let mut advice = Vec::new();
    let mut facts = Vec::new();
    if let Some(csp) = &page.csp {
        facts.push(format!("Content-Security-Policy: {csp}"));
        let blocked: Vec<&String> = endpoints
            .iter()
            .filter(|url| !csp_allows_connect(csp, &headers.origin, url))
            .collect();
        if !blocked.is_empty() {
            advice.push(Advice::CspBlocks);
            facts.extend(blocked.iter().map(|url| format!("blocked: {url}")));
        }
    }
    let frame_ancestors = page.csp.as_deref().is_some_and(|csp| {
        directives(csp).any(|(name, _)| name.eq_ignore_ascii_case("frame-ancestors"))
    });
    if !frame_ancestors && page.frame_options.is_none() {
        advice.push(Advice::NoFrameProtection);
    }
    if headers.origin.starts_with("https:") && page.hsts.is_none() {
        advice.push(Advice::NoHsts);
    }
    if !page
        .nosniff
        .as_deref()
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"))
    {
        advice.push(Advice::NoNosniff);
    }
    if !revalidates(page.cache_control.as_deref()) {
        advice.push(Advice::PageCached);
    }
    facts.push(format!(
        "index.html Cache-Control: {}",
        page.cache_control.as_deref().unwrap_or("(none)")
    ));
    if let Some(config) = &headers.config {
        if !revalidates(config.cache_control.as_deref()) {
            advice.push(Advice::ConfigCached);
        }
        facts.push(format!(
            "config.json Cache-Control: {}",
            config.cache_control.as_deref().unwrap_or("(none)")
        ));
    }
    if let Some(asset) = &headers.asset {
        if max_age(asset.cache_control.as_deref()).unwrap_or(0) < LONG_CACHE_S {
            advice.push(Advice::AssetsNotCached);
        }
        facts.push(format!(
            "wasm Cache-Control: {}",
            asset.cache_control.as_deref().unwrap_or("(none)")
        ));
    }
    let verdict = if advice.is_empty() {
        advice.push(Advice::HostHeadersGood);
        Verdict::Passed
    } else {
        Verdict::Failed
    };
    CheckLine {
        id: CheckId::Host,
        verdict,
        advice,
        facts,
    }
}

/// Hosts whose sites share one origin per owner: every other site of that owner (its user
/// site, its other projects) runs on the same origin as the app, with the same storage and
/// BroadcastChannel, so any of them could read a sign-in in flight or sign the student out.
const SHARED_HOSTS: [&str; 2] = [".github.io", ".gitlab.io"];

/// Adds to the host's line when the page is on a shared host: failed, with what to do (a
/// host name of the district's own).
pub fn judge_origin(mut line: CheckLine, page_url: &str) -> CheckLine {
    let host = parse_endpoint(page_url)
        .map(|url| url.host)
        .unwrap_or_default();
    if SHARED_HOSTS.iter().any(|shared| host.ends_with(shared)) {
        line.advice
            .retain(|advice| *advice != Advice::HostHeadersGood);
        line.advice.insert(0, Advice::SharedOrigin);
        line.verdict = Verdict::Failed;
        line.facts.push(format!("shared origin: {host}"));
    }
    line
}

/// `name value…` pairs of a policy.
fn directives(policy: &str) -> impl Iterator<Item = (&str, &str)> {
    policy.split(';').filter_map(|directive| {
        let directive = directive.trim();
        let (name, value) = directive
            .split_once(char::is_whitespace)
            .unwrap_or((directive, ""));
        (!name.is_empty()).then_some((name, value.trim()))
    })
}

/// Whether a policy lets the page fetch `url` (`connect-src`, else `default-src`; none of
/// either: allowed). Covers the source forms a host's policy uses: `*`, `'self'`, `'none'`,
/// schemes, and hosts with a scheme, a `*.` wildcard, a port and a path.
pub fn csp_allows_connect(policy: &str, page_origin: &str, url: &str) -> bool {
    let mut connect = None;
    let mut default = None;
    for (name, value) in directives(policy) {
        if name.eq_ignore_ascii_case("connect-src") && connect.is_none() {
            connect = Some(value);
        } else if name.eq_ignore_ascii_case("default-src") && default.is_none() {
            default = Some(value);
        }
    }
    let Some(sources) = connect.or(default) else {
        return true;
    };
    let Ok(target) = parse_endpoint(url) else {
        return false;
    };
    let target_origin = target.origin();
    let (scheme, rest) = target_origin.split_once("://").unwrap_or(("", ""));
    let path = target.path_and_query.split('?').next().unwrap_or("/");
    sources.split_whitespace().any(|source| {
        let source = source.to_ascii_lowercase();
        match source.as_str() {
            "*" => true,
            "'self'" => target_origin == page_origin,
            _ if source.ends_with(':') && !source.contains('/') => {
                // A scheme source; https: also allows wss:, http: allows https (CSP3).
                let wanted = &source[..source.len() - 1];
                wanted == scheme || (wanted == "http" && scheme == "https")
            }
            _ if source.starts_with('\'') => false,
            _ => host_source_matches(&source, scheme, rest, path),
        }
    })
}

fn host_source_matches(source: &str, scheme: &str, host_port: &str, path: &str) -> bool {
    let (source_scheme, rest) = match source.split_once("://") {
        Some((s, rest)) => (Some(s), rest),
        None => (None, source),
    };
    if let Some(s) = source_scheme {
        if s != scheme && !(s == "http" && scheme == "https") {
            return false;
        }
    }
    let (authority, source_path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (source_host, source_port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, Some(p)),
        _ => (host_port, None),
    };
    let host_ok = match source_host.strip_prefix("*.") {
        Some(suffix) => host.ends_with(&format!(".{suffix}")),
        None => source_host == host,
    };
    let default_port = if scheme == "https" { "443" } else { "80" };
    let port_ok = match source_port {
        Some("*") => true,
        Some(p) => p == port.unwrap_or(default_port),
        None => port.is_none() || port == Some(default_port),
    };
    let path_ok = source_path.is_empty()
        || source_path == "/"
        || if source_path.ends_with('/') {
            path.starts_with(source_path)
        } else {
            path == source_path
        };
    host_ok && port_ok && path_ok
}

/// `no-cache`, `no-store` or `max-age=0`: the browser asks again each time.
fn revalidates(cache_control: Option<&str>) -> bool {
    cache_control.is_some_and(|value| {
        let value = value.to_ascii_lowercase();
        value.contains("no-cache") || value.contains("no-store") || max_age(Some(&value)) == Some(0)
    })
}

fn max_age(cache_control: Option<&str>) -> Option<u64> {
    cache_control?.split(',').find_map(|part| {
        let (name, value) = part.trim().split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| value.trim().parse().ok())?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://portal.district.example";

    fn good() -> HostHeaders {
        HostHeaders {
            origin: ORIGIN.into(),
            page: Served {
                csp: Some(
                    "default-src 'none'; connect-src 'self' https:; frame-ancestors 'none'".into(),
                ),
                frame_options: None,
                hsts: Some("max-age=63072000".into()),
                nosniff: Some("nosniff".into()),
                cache_control: Some("no-cache".into()),
            },
            config: Some(Served {
                cache_control: Some("no-cache".into()),
                ..Served::default()
            }),
            asset: Some(Served {
                cache_control: Some("public, max-age=31536000, immutable".into()),
                ..Served::default()
            }),
        }
    }

    fn endpoints() -> Vec<String> {
        vec![
            "https://launchpad.classlink.com/oauth2/v2/token".into(),
            "https://nodeapi.classlink.com/v2/my/info".into(),
        ]
    }

    #[test]
    fn a_good_host_passes() {
        let line = judge_host(&good(), &endpoints());
        assert_eq!(line.verdict, Verdict::Passed);
        assert_eq!(line.advice, [Advice::HostHeadersGood]);
    }

    #[test]
    fn each_missing_header_is_a_finding() {
        let mut bare = good();
        bare.page = Served::default();
        bare.config = Some(Served::default());
        bare.asset = Some(Served {
            cache_control: Some("max-age=600".into()),
            ..Served::default()
        });
        let line = judge_host(&bare, &endpoints());
        assert_eq!(line.verdict, Verdict::Failed);
        assert_eq!(
            line.advice,
            [
                Advice::NoFrameProtection,
                Advice::NoHsts,
                Advice::NoNosniff,
                Advice::PageCached,
                Advice::ConfigCached,
                Advice::AssetsNotCached
            ]
        );
        // X-Frame-Options counts as frame protection; http needs no HSTS.
        bare.page.frame_options = Some("DENY".into());
        bare.origin = "http://127.0.0.1:8080".into();
        let line = judge_host(&bare, &endpoints());
        assert!(!line.advice.contains(&Advice::NoFrameProtection));
        assert!(!line.advice.contains(&Advice::NoHsts));
    }

    #[test]
    fn a_policy_that_blocks_an_endpoint_is_named() {
        let mut strict = good();
        strict.page.csp =
            Some("default-src 'self'; connect-src 'self' https://launchpad.classlink.com; frame-ancestors 'none'".into());
        let line = judge_host(&strict, &endpoints());
        assert_eq!(line.verdict, Verdict::Failed);
        assert_eq!(line.advice, [Advice::CspBlocks]);
        assert!(line
            .facts
            .contains(&"blocked: https://nodeapi.classlink.com/v2/my/info".to_string()));
    }

    #[test]
    fn a_page_on_a_shared_host_fails_with_what_to_do() {
        let good = judge_host(&good(), &endpoints());
        let shared = judge_origin(good.clone(), "https://district.github.io/portal/");
        assert_eq!(shared.verdict, Verdict::Failed);
        assert_eq!(shared.advice, [Advice::SharedOrigin]);
        assert!(shared
            .facts
            .contains(&"shared origin: district.github.io".to_string()));
        let own = judge_origin(good.clone(), "https://portal.district.example/");
        assert_eq!(own, good);
        // A custom domain in front of GitHub Pages is the district's own origin.
        let custom = judge_origin(good.clone(), "https://github.io.district.example/");
        assert_eq!(custom, good);
    }

    #[test]
    fn csp_source_forms() {
        let allows = |policy: &str, url: &str| csp_allows_connect(policy, ORIGIN, url);
        let api = "https://nodeapi.classlink.com/v2/my/info";
        assert!(
            allows("img-src 'self'", api),
            "no connect-src nor default-src"
        );
        assert!(!allows("default-src 'none'", api));
        assert!(allows("connect-src *", api));
        assert!(allows("connect-src https:", api));
        assert!(!allows(
            "connect-src http://nodeapi.classlink.com:8080",
            api
        ));
        assert!(allows("connect-src *.classlink.com", api));
        assert!(allows("connect-src https://nodeapi.classlink.com/v2/", api));
        assert!(!allows(
            "connect-src https://nodeapi.classlink.com/v3/",
            api
        ));
        assert!(allows(
            "connect-src https://nodeapi.classlink.com/v2/my/info",
            api
        ));
        assert!(allows(
            "connect-src 'self'",
            "https://portal.district.example/config.json"
        ));
        assert!(!allows("connect-src 'self'", api));
        assert!(allows(
            "connect-src http://127.0.0.1:*",
            "http://127.0.0.1:8081/v2/my/info"
        ));
    }
}
