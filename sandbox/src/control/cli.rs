//! The command line of the `classlink-sandbox` binary, parsed by hand (a handful of flags).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::confidential_client::ConfidentialClient;
use super::cors_off::CorsOff;
use super::options::{AppConfig, Options, ServeApp};
use super::session_features::SessionFeatures;
use crate::api::seed::Seed;
use crate::dpop::features::DpopFeatures;

/// `--help` text.
pub const USAGE: &str = "\
Usage: classlink-sandbox [FLAGS]

A strict local imitation of ClassLink's OAuth 2.0 and API servers.

Flags:
  --port N              API port (default 8081; 0 = ephemeral)
  --bind ADDR           address to listen on (default 127.0.0.1)
  --app-origin ORIGIN   allow this browser origin through CORS (repeatable)
  --redirect-uri URI    register this redirect URI for the seed's client (repeatable)
  --seed PATH           seed JSON (default: the built-in seed)
  --issuer URL          iss of callbacks and id tokens (default: the API origin)
  --latency-ms N        delay every response by N milliseconds
  --token-lifetime SECS access tokens expire after SECS and the token response says so
  --session-features LIST
                        provider-session switches, comma-separated, or all: sso (a live
                        sandbox session answers sign-ins at once), prompt_none, refresh_tokens,
                        revocation, end_session (advertised in discovery); default none
  --dpop-features LIST  DPoP (RFC 9449) switches, comma-separated, or all: enabled (bind
                        tokens to proof keys, advertised in discovery), token_nonce,
                        api_nonce (each server demands its nonce); default none
  --cors-off LIST       surfaces that serve no browsers (no CORS headers, preflights
                        included), comma-separated, or all: token (the token and revocation
                        endpoints), api (profile, classes, teachers); default none
  --client-secret S     register the client with this secret (a confidential client): the
                        token and revocation endpoints then require it
  --client-auth LIST    how it may be sent, comma-separated, or all: post (client_secret in
                        the form), basic (Authorization: Basic); default both
  --serve-app DIR       also serve the built app from DIR, with a generated config.json
  --app-port N          port for --serve-app (default 8080; 0 = ephemeral)
  --app-path P          URL path of the app (default /)
  --public-host H       host name the browser uses for both servers (default 127.0.0.1)
  --app-config KEY=VALUE
                        set KEY of the generated config.json to the string VALUE, where
                        {origin} stands for the API origin and {authority} for its host and
                        port (repeatable): e.g. token_endpoint=http://127.0.0.1:8082/token,
                        to send the app through a token-mediating companion
  -h, --help            show this help
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Box<Options>),
    Help,
}

/// Parses the arguments after the program name. `Err` is a message for the user (print it
/// with [`USAGE`] and exit 2).
pub fn parse_args<I, S>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut port: u16 = 8081;
    let mut bind: Option<IpAddr> = None;
    let mut app_origins = Vec::new();
    let mut redirect_uris = Vec::new();
    let mut seed_path: Option<PathBuf> = None;
    let mut issuer = None;
    let mut latency = Duration::ZERO;
    let mut token_lifetime = None;
    let mut session_features = SessionFeatures::default();
    let mut dpop_features = DpopFeatures::default();
    let mut cors_off = CorsOff::default();
    let mut client_secret: Option<String> = None;
    let mut client_auth: Option<String> = None;
    let mut serve_dir: Option<PathBuf> = None;
    let mut app_port: Option<u16> = None;
    let mut app_path: Option<String> = None;
    let mut public_host: Option<String> = None;
    let mut app_config = serde_json::Map::new();

    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg.clone(), None),
        };
        let known = [
            "--port",
            "--bind",
            "--app-origin",
            "--redirect-uri",
            "--seed",
            "--issuer",
            "--latency-ms",
            "--token-lifetime",
            "--session-features",
            "--dpop-features",
            "--cors-off",
            "--client-secret",
            "--client-auth",
            "--serve-app",
            "--app-port",
            "--app-path",
            "--public-host",
            "--app-config",
        ];
        if !known.contains(&flag.as_str()) {
            return Err(format!("unknown argument {arg:?}"));
        }
        let value = match inline {
            Some(value) => value,
            None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        match flag.as_str() {
            "--port" => port = number(&flag, &value)?,
            "--bind" => {
                bind = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--bind needs an IP address, not {value:?}"))?,
                )
            }
            "--app-origin" => app_origins.push(value),
            "--redirect-uri" => redirect_uris.push(value),
            "--seed" => seed_path = Some(PathBuf::from(value)),
            "--issuer" => issuer = Some(value),
            "--latency-ms" => latency = Duration::from_millis(number(&flag, &value)?),
            "--token-lifetime" => {
                let secs: u64 = number(&flag, &value)?;
                if secs == 0 {
                    return Err("--token-lifetime must be at least 1 second".into());
                }
                token_lifetime = Some(Duration::from_secs(secs));
            }
            "--session-features" => session_features = SessionFeatures::from_list(&value)?,
            "--dpop-features" => dpop_features = DpopFeatures::from_list(&value)?,
            "--cors-off" => cors_off = CorsOff::from_list(&value)?,
            "--client-secret" => client_secret = Some(value),
            "--client-auth" => client_auth = Some(value),
            "--serve-app" => serve_dir = Some(PathBuf::from(value)),
            "--app-port" => app_port = Some(number(&flag, &value)?),
            "--app-path" => app_path = Some(value),
            "--public-host" => public_host = Some(value),
            "--app-config" => {
                let (key, text) = value
                    .split_once('=')
                    .filter(|(key, _)| !key.is_empty())
                    .ok_or_else(|| format!("--app-config needs KEY=VALUE, not {value:?}"))?;
                app_config.insert(key.to_string(), serde_json::Value::String(text.into()));
            }
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }

    let seed = match seed_path {
        Some(path) => Seed::from_path(&path).map_err(|e| e.to_string())?,
        None => Seed::default_seed(),
    };
    let mut options = Options::new(seed);
    options.port = port;
    if let Some(bind) = bind {
        options.bind = bind;
    }
    options.app_origins = app_origins;
    options.redirect_uris = redirect_uris;
    options.issuer = issuer;
    options.latency = latency;
    options.token_lifetime = token_lifetime;
    options.session_features = session_features;
    options.dpop_features = dpop_features;
    options.cors_off = cors_off;
    options.confidential_client = match (client_secret, client_auth) {
        (Some(secret), methods) => {
            Some(ConfidentialClient::from_flags(secret, methods.as_deref())?)
        }
        (None, Some(_)) => return Err("--client-auth needs --client-secret".into()),
        (None, None) => None,
    };
    match serve_dir {
        Some(dir) => {
            let mut app = ServeApp::new(dir);
            if let Some(port) = app_port {
                app.port = port;
            }
            if let Some(path) = app_path {
                app.path = path;
            }
            if let Some(host) = public_host {
                app.public_host = host;
            }
            if !app_config.is_empty() {
                app.config = AppConfig::GeneratedWith(app_config);
            }
            options.serve_app = Some(app);
        }
        None if app_port.is_some()
            || app_path.is_some()
            || public_host.is_some()
            || !app_config.is_empty() =>
        {
            return Err(
                "--app-port, --app-path, --public-host and --app-config need --serve-app".into(),
            );
        }
        None => {}
    }
    Ok(Command::Run(Box::new(options)))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} needs a non-negative integer in range, not {value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        match parse_args(args.iter().copied()) {
            Ok(Command::Run(options)) => *options,
            other => panic!("expected options, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let o = run(&[]);
        assert_eq!(o.port, 8081);
        assert_eq!(o.bind.to_string(), "127.0.0.1");
        assert!(o.serve_app.is_none());
        assert!(o.token_lifetime.is_none());
        assert_eq!(o.session_features, SessionFeatures::default());
        assert_eq!(o.dpop_features, DpopFeatures::default());
        assert_eq!(o.cors_off, CorsOff::default());
    }

    #[test]
    fn confidential_client() {
        assert!(run(&[]).confidential_client.is_none());
        let both = run(&["--client-secret", "s3cret"])
            .confidential_client
            .expect("client");
        assert_eq!(
            (both.secret.as_str(), both.post, both.basic),
            ("s3cret", true, true)
        );
        let basic = run(&["--client-secret=s", "--client-auth", "basic"])
            .confidential_client
            .expect("client");
        assert!(basic.basic && !basic.post);
        for bad in [
            &["--client-auth", "post"][..],
            &["--client-secret", ""],
            &["--client-secret", "s", "--client-auth", "jwt"],
            &["--client-secret"],
        ] {
            assert!(parse_args(bad.iter().copied()).is_err(), "{bad:?}");
        }
        assert!(USAGE.contains("--client-secret S") && USAGE.contains("--client-auth LIST"));
    }

    #[test]
    fn cors_off() {
        assert_eq!(run(&["--cors-off", "all"]).cors_off, CorsOff::all());
        assert_eq!(
            run(&["--cors-off=api"]).cors_off,
            CorsOff {
                api: true,
                ..CorsOff::default()
            }
        );
        let err = parse_args(["--cors-off", "discovery"]).expect_err("unknown surface");
        assert!(err.contains("--cors-off: unknown feature"), "{err}");
        assert!(USAGE.contains("--cors-off LIST"));
    }

    #[test]
    fn dpop_features() {
        assert_eq!(
            run(&["--dpop-features", "all"]).dpop_features,
            DpopFeatures::all()
        );
        assert_eq!(
            run(&["--dpop-features=enabled,token_nonce"]).dpop_features,
            DpopFeatures {
                enabled: true,
                token_nonce: true,
                ..DpopFeatures::default()
            }
        );
        let err = parse_args(["--dpop-features", "enabled,nonce"]).expect_err("unknown name");
        assert!(
            err.contains("--dpop-features: unknown feature \"nonce\""),
            "{err}"
        );
        assert!(err.contains("enabled,token_nonce,api_nonce"), "{err}");
        assert!(parse_args(["--dpop-features"]).is_err());
        assert!(parse_args(["--dpop-features", ""]).is_err());
        // The two switch sets are independent.
        let o = run(&["--dpop-features", "enabled", "--session-features", "sso"]);
        assert!(o.dpop_features.enabled && o.session_features.sso);
        assert!(USAGE.contains("--dpop-features LIST"));
    }

    #[test]
    fn session_features() {
        assert_eq!(
            run(&["--session-features", "all"]).session_features,
            SessionFeatures::all()
        );
        assert_eq!(
            run(&["--session-features=sso,end_session"]).session_features,
            SessionFeatures {
                sso: true,
                end_session: true,
                ..SessionFeatures::default()
            }
        );
        let err = parse_args(["--session-features", "sso,logout"]).expect_err("unknown name");
        assert!(err.contains("unknown feature \"logout\""), "{err}");
        assert!(err.contains("sso,prompt_none,refresh_tokens,revocation,end_session"));
        assert!(parse_args(["--session-features"]).is_err());
        assert!(USAGE.contains("--session-features LIST"));
    }

    #[test]
    fn every_flag() {
        let o = run(&[
            "--port=0",
            "--bind",
            "0.0.0.0",
            "--app-origin",
            "http://a:1",
            "--app-origin=http://b:2",
            "--redirect-uri",
            "http://a:1/cb",
            "--latency-ms",
            "25",
            "--token-lifetime",
            "60",
            "--issuer",
            "https://launchpad.classlink.com",
            "--serve-app",
            "/tmp",
            "--app-port",
            "9090",
            "--app-path",
            "/portal/",
            "--public-host",
            "localhost",
            "--app-config",
            "token_endpoint=http://127.0.0.1:8082/token",
            "--app-config=profile_endpoint=http://127.0.0.1:8082/api/{authority}/v2/my/info",
        ]);
        assert_eq!(o.port, 0);
        assert_eq!(o.bind.to_string(), "0.0.0.0");
        assert_eq!(o.app_origins, ["http://a:1", "http://b:2"]);
        assert_eq!(o.redirect_uris, ["http://a:1/cb"]);
        assert_eq!(o.latency, Duration::from_millis(25));
        assert_eq!(o.token_lifetime, Some(Duration::from_secs(60)));
        assert_eq!(o.issuer.as_deref(), Some("https://launchpad.classlink.com"));
        let app = o.serve_app.expect("serve_app");
        assert_eq!(
            (app.port, app.path.as_str(), app.public_host.as_str()),
            (9090, "/portal/", "localhost")
        );
        let AppConfig::GeneratedWith(config) = app.config else {
            panic!("--app-config changes the generated config.json")
        };
        assert_eq!(config["token_endpoint"], "http://127.0.0.1:8082/token");
        assert_eq!(
            config["profile_endpoint"],
            "http://127.0.0.1:8082/api/{authority}/v2/my/info"
        );
    }

    #[test]
    fn errors_and_help() {
        assert!(matches!(parse_args(["--help"]), Ok(Command::Help)));
        for bad in [
            &["--nope"][..],
            &["--port"],
            &["--port", "70000"],
            &["--port", "-1"],
            &["--bind", "localhost"],
            &["--latency-ms", "x"],
            &["--token-lifetime", "0"],
            &["--session-features", ""],
            &["--app-port", "8080"],
            &["--app-config", "token_endpoint=x"],
            &["--serve-app", "/tmp", "--app-config", "no-equals-sign"],
            &["--serve-app", "/tmp", "--app-config", "=value"],
            &["--seed", "/definitely/not/here.json"],
            &["positional"],
        ] {
            assert!(
                parse_args(bad.iter().copied()).is_err(),
                "{bad:?} should fail"
            );
        }
    }
}
