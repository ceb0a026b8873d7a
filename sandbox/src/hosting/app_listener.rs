//! `--serve-app`: the built app's static files on a second listener, plus a generated
//! `config.json` pointing the app at this sandbox — the one-command demo. The `config_json`
//! and `app_wasm` faults bend those files' answers, as a host or a school's web filter can.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use tower_http::services::ServeDir;

use crate::control::faults::fault::FaultTarget;
use crate::control::faults::middleware::apply;
use crate::control::options::{AppConfig, ServeApp};
use crate::http::respond;
use crate::state::config::Config;
use crate::state::shared::Shared;

/// [`ServeApp`] checked and normalized before anything binds.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub dir: PathBuf,
    pub port: u16,
    /// Starts and ends with `/`.
    pub path: String,
    pub public_host: String,
    pub config: AppConfig,
}

impl Prepared {
    pub fn new(app: &ServeApp) -> io::Result<Prepared> {
        let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
        if !app.dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("app directory {} does not exist", app.dir.display()),
            ));
        }
        let mut path = app.path.clone();
        if !path.starts_with('/') || path.contains(['?', '#', '\\']) || path.contains("//") {
            return Err(invalid(format!(
                "app path {path:?} must be an absolute URL path like /portal/"
            )));
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        let host = &app.public_host;
        if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
            return Err(invalid(format!("public host {host:?} is not a host name")));
        }
        Ok(Prepared {
            dir: app.dir.clone(),
            port: app.port,
            path,
            public_host: host.clone(),
            config: app.config.clone(),
        })
    }
}

#[derive(Clone)]
struct AppFiles {
    files: ServeDir,
    path: String,
    /// `None`: config.json is missing (404).
    config_json: Option<String>,
}

/// The app listener: everything goes through [`serve`].
pub(crate) fn router(app: Prepared, shared: Arc<Shared>, api_origin: String) -> Router {
    let config_json = match app.config {
        AppConfig::Generated => Some(generated_config(&shared.config, &api_origin).to_string()),
        AppConfig::GeneratedWith(overrides) => {
            let mut config = generated_config(&shared.config, &api_origin);
            for (key, value) in overrides {
                match value {
                    Value::Null => {
                        config.as_object_mut().map(|c| c.remove(&key));
                    }
                    Value::String(text) => {
                        config[key] = Value::String(
                            text.replace("{origin}", &api_origin)
                                .replace("{authority}", authority(&api_origin)),
                        );
                    }
                    value => config[key] = value,
                }
            }
            Some(config.to_string())
        }
        AppConfig::Verbatim(text) => Some(text),
        AppConfig::Missing => None,
    };
    let faults = AppFaults {
        shared,
        path: app.path.clone(),
    };
    let files = AppFiles {
        files: ServeDir::new(&app.dir),
        path: app.path,
        config_json,
    };
    Router::new()
        .fallback(serve)
        .with_state(Arc::new(files))
        .layer(from_fn_with_state(Arc::new(faults), app_faults))
}

/// What the app listener's fault layer needs: the armed faults, and where the app lives.
struct AppFaults {
    shared: Arc<Shared>,
    /// Starts and ends with `/`.
    path: String,
}

/// The fault target of a request for one of the app's files: its `config.json`, or a `.wasm`.
fn app_target(method: &Method, path: &str, app_path: &str) -> Option<FaultTarget> {
    if *method != Method::GET && *method != Method::HEAD {
        return None;
    }
    let rest = path.strip_prefix(app_path)?;
    if rest == "config.json" {
        Some(FaultTarget::ConfigJson)
    } else if rest.ends_with(".wasm") {
        Some(FaultTarget::AppWasm)
    } else {
        None
    }
}

/// Applies the oldest armed `config_json` or `app_wasm` fault to a request for that file.
async fn app_faults(
    State(faults): State<Arc<AppFaults>>,
    request: Request,
    next: Next,
) -> Response {
    match app_target(request.method(), request.uri().path(), &faults.path) {
        Some(target) => apply(&faults.shared, target, &[target], request, next).await,
        None => next.run(request).await,
    }
}

/// The host and port of an origin (`127.0.0.1:40123`): what a proxy's path names, as the
/// companion's pass-through does (`/api/127.0.0.1:40123/v2/`).
fn authority(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, rest)| rest)
}

/// The app's `config.json` for this sandbox: no scope (the app's default, `openid profile
/// oneroster`), the nodeapi routes, and the issuer whose discovery document names the OAuth
/// endpoints. A custom issuer is not where discovery is served, so then the authorization and
/// token endpoints and the JWKS are written out.
pub(crate) fn generated_config(config: &Config, api_origin: &str) -> Value {
    let mut generated = json!({
        "client_id": config.client_id,
        "issuer": config.issuer,
        "profile_endpoint": format!("{api_origin}/v2/my/info"),
        "classes_endpoint": format!("{api_origin}/v2/oneroster/my/classes"),
        "teachers_endpoint": format!("{api_origin}/v2/oneroster/my/classes/{{classSourcedId}}/teachers"),
    });
    if config.issuer != api_origin {
        generated["authorization_endpoint"] = json!(format!("{api_origin}/oauth2/v2/auth"));
        generated["token_endpoint"] = json!(format!("{api_origin}/oauth2/v2/token"));
        generated["jwks_uri"] = json!(format!("{api_origin}/oauth2/v2/jwks"));
    }
    generated
}

fn no_cache(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

/// Routes one request under the app path: `config.json` is generated, the rest are files
/// (`index.html` for the directory), anything outside the app path is 404.
async fn serve(State(app): State<Arc<AppFiles>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = request.uri().path().to_string();
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    if app.path != "/" && path == app.path.trim_end_matches('/') {
        // Without the slash, the app's relative URLs would resolve one level too high.
        let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
        if let Ok(location) = HeaderValue::from_str(&format!("{}{query}", app.path)) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let Some(rest) = path.strip_prefix(app.path.as_str()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if rest == "config.json" {
        let Some(config_json) = app.config_json.clone() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let mut response = respond::raw_json(StatusCode::OK, config_json);
        no_cache(&mut response);
        return response;
    }
    let is_index = rest.is_empty() || rest.ends_with('/') || rest.ends_with("index.html");
    let Ok(inner_uri) = format!("/{rest}{query}").parse::<Uri>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = inner_uri;
    let mut files = app.files.clone();
    let mut response = match files.try_call(Request::from_parts(parts, body)).await {
        Ok(response) => response.map(Body::new),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if is_index && response.status().is_success() {
        no_cache(&mut response);
    }
    response
}
