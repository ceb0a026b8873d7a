//! The addresses in the configuration: the app's origins, and the upstream URLs the
//! companion may call (https, or http on loopback for local tests and demos).

use url::{Host, Url};

/// Whether `url` is on this machine: `localhost`, 127.0.0.0/8 or `[::1]`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// An app origin as a browser sends it in `Origin`: `https://host[:port]`, nothing more.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let url = Url::parse(text).map_err(|e| format!("{text:?} is not an origin ({e})"))?;
    let origin = url.origin().ascii_serialization();
    if url.scheme() != "https" && !(url.scheme() == "http" && is_loopback(&url)) {
        return Err(format!(
            "{text:?}: an app origin must be https (http only for localhost, 127.0.0.1 or [::1])"
        ));
    }
    if origin != text {
        return Err(format!(
            "{text:?} is not an origin: write {origin} (scheme, host and port; no path, not even \"/\", no query)"
        ));
    }
    Ok(origin)
}

/// An upstream URL: https (http only on loopback), no user name or password, no fragment.
pub fn parse_upstream(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{text:?} is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(format!(
                "{text:?} must be https (http only for localhost, 127.0.0.1 or [::1])"
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{text:?} must not carry a user name or password"));
    }
    if url.fragment().is_some() {
        return Err(format!("{text:?} must not have a fragment"));
    }
    if url.as_str() != text {
        return Err(format!(
            "{text:?} is not written as it is meant: write {} (every upstream address is compared exactly)",
            url.as_str()
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_origins() {
        assert_eq!(
            parse_origin("https://portal.example").unwrap(),
            "https://portal.example"
        );
        assert_eq!(
            parse_origin("https://portal.example:8443").unwrap(),
            "https://portal.example:8443"
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            parse_origin("http://localhost:3000").unwrap(),
            "http://localhost:3000"
        );
        for bad in [
            "https://portal.example/",
            "https://portal.example/portal/",
            "https://portal.example?x=1",
            "https://PORTAL.example",
            "https://portal.example:443",
            "http://portal.example",
            "portal.example",
            "*",
            "null",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad} was taken as an origin");
        }
    }

    #[test]
    fn upstreams_are_https_except_on_loopback() {
        assert!(parse_upstream("https://launchpad.classlink.com/oauth2/v2/token").is_ok());
        assert!(parse_upstream("http://127.0.0.1:9000/token").is_ok());
        assert!(parse_upstream("http://[::1]:9000/token").is_ok());
        for bad in [
            "http://launchpad.classlink.com/oauth2/v2/token",
            "https://user:pw@launchpad.classlink.com/token",
            "https://launchpad.classlink.com/token#x",
            "https://launchpad.classlink.com/a/../token",
            "ftp://launchpad.classlink.com/",
            "not a url",
        ] {
            assert!(
                parse_upstream(bad).is_err(),
                "{bad} was taken as an upstream"
            );
        }
    }
}
