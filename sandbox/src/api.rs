//! The resource APIs: nodeapi's `/v2/my/info`, `/v2/my/profileinfo`, `/v2/oneroster/my/classes`
//! and `…/my/classes/{classSourcedId}/teachers`, and OneRoster 1.1 `getClassesForUser` (and its
//! students/teachers variants). All need a live bearer token, or a DPoP-bound one that
//! [`crate::dpop::resource`]'s middleware has accepted with its proof.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};

use crate::dpop::resource::DpopAuthorized;
use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::http::params::Params;
use crate::http::respond;
use crate::seed::SeedUser;
use crate::state::shared::Shared;
use crate::state::store::TokenGrant;

/// OneRoster's default page size, which is also the most this sandbox returns at once.
const MAX_LIMIT: usize = 100;

/// Why a request is not served (kept small; turned into a response at the edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    TokenInUrl,
    Unauthorized,
    Forbidden(&'static str),
}

impl Refusal {
    fn response(self) -> Response {
        match self {
            Refusal::TokenInUrl => respond::message(
                StatusCode::BAD_REQUEST,
                "Send the access token in the Authorization header, never in the URL",
            ),
            Refusal::Unauthorized => respond::unauthorized(),
            Refusal::Forbidden(reason) => respond::forbidden(reason),
        }
    }
}

/// What a request authenticates with: its headers, and the DPoP-bound token the DPoP
/// middleware accepted, if any.
struct Credentials<'a> {
    headers: &'a HeaderMap,
    dpop: Option<Extension<DpopAuthorized>>,
}

/// The live grant behind `Authorization: Bearer <token>` (or an accepted `DPoP <token>`).
fn authenticate(
    shared: &Shared,
    credentials: &Credentials,
    uri: &Uri,
) -> Result<TokenGrant, Refusal> {
    // RFC 6750 allows a query token, but it leaks into logs and Referer: refuse it loudly.
    if Params::from_query(uri.query()).contains("access_token") {
        return Err(Refusal::TokenInUrl);
    }
    let bearer = || {
        credentials
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("Bearer").then_some(token)
            })
            .filter(|t| !t.is_empty() && !t.contains(' '))
    };
    let token = match &credentials.dpop {
        Some(Extension(DpopAuthorized(token))) => Some(token.as_str()),
        None => bearer(),
    }
    .ok_or(Refusal::Unauthorized)?;
    let now = shared.clock.now_ms();
    let store = shared.store();
    match store.tokens.get(token) {
        Some(grant) if now < grant.expires_at_ms => Ok(grant.clone()),
        _ => Err(Refusal::Unauthorized),
    }
}

/// The token's user together with a scope check (403 without any of `scopes`).
fn user_for<'a>(
    shared: &'a Shared,
    credentials: &Credentials,
    uri: &Uri,
    scopes: &[&str],
    reason: &'static str,
) -> Result<&'a SeedUser, Refusal> {
    let grant = authenticate(shared, credentials, uri)?;
    if !grant.has_any_scope(scopes) {
        return Err(Refusal::Forbidden(reason));
    }
    shared
        .config
        .seed
        .user(&grant.login)
        .ok_or(Refusal::Unauthorized)
}

/// The token's user, for the OneRoster routes (scope `oneroster` or `full`).
fn roster_user<'a>(
    shared: &'a Shared,
    credentials: &Credentials,
    uri: &Uri,
) -> Result<&'a SeedUser, Refusal> {
    user_for(
        shared,
        credentials,
        uri,
        &["oneroster", "full"],
        "scope oneroster required",
    )
}

/// `GET /v2/my/info`: the seed's object, verbatim.
pub(crate) async fn my_info(
    State(shared): State<Arc<Shared>>,
    dpop: Option<Extension<DpopAuthorized>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let credentials = Credentials {
        headers: &headers,
        dpop,
    };
    match user_for(
        &shared,
        &credentials,
        &uri,
        &["profile", "full"],
        "scope profile required",
    ) {
        Ok(user) => respond::json(StatusCode::OK, &user.info),
        Err(refusal) => refusal.response(),
    }
}

/// `GET /v2/my/profileinfo`: OIDC-style claims derived from the info object.
pub(crate) async fn profile_info(
    State(shared): State<Arc<Shared>>,
    dpop: Option<Extension<DpopAuthorized>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let credentials = Credentials {
        headers: &headers,
        dpop,
    };
    let scopes = ["profile", "openid", "full"];
    let user = match user_for(
        &shared,
        &credentials,
        &uri,
        &scopes,
        "scope profile or openid required",
    ) {
        Ok(user) => user,
        Err(refusal) => return refusal.response(),
    };
    let claims = json!({
        "sub": user.subject(),
        "name": user.display_name(),
        "given_name": user.info_str("FirstName"),
        "family_name": user.info_str("LastName"),
        "email": user.info_str("Email"),
        "email_verified": !user.info_str("Email").is_empty(),
        "preferred_username": user.info_str("LoginId"),
        "locale": user.info_str("Language"),
        "profile": user.role(),
        "address": { "locality": user.info_str("Tenant"), "region": user.info_str("StateName") },
    });
    respond::json(StatusCode::OK, &claims)
}

/// `limit`, `offset` and ascending/descending order of one classes request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Page {
    limit: usize,
    offset: usize,
    descending: bool,
}

fn page_of(params: &Params) -> Result<Page, &'static str> {
    let number = |name: &str| -> Result<Option<usize>, &'static str> {
        match params.single(name) {
            Err(_) => Err("a paging parameter is repeated"),
            Ok(None) => Ok(None),
            Ok(Some(text)) => text
                .parse::<usize>()
                .map(Some)
                .map_err(|_| "limit and offset must be non-negative integers"),
        }
    };
    let limit = match number("limit")? {
        None => MAX_LIMIT,
        Some(0) => return Err("limit must be at least 1"),
        Some(n) => n.min(MAX_LIMIT),
    };
    let offset = number("offset")?.unwrap_or(0);
    match params.single("sort") {
        Ok(None) | Ok(Some("sourcedId")) => {}
        _ => return Err("sort supports only sourcedId"),
    }
    let descending = match params.single("orderBy") {
        Ok(None) | Ok(Some("asc")) => false,
        Ok(Some("desc")) => true,
        _ => return Err("orderBy must be asc or desc"),
    };
    Ok(Page {
        limit,
        offset,
        descending,
    })
}

/// `GET /ims/oneroster/v1p1/{users|students|teachers}/{id}/classes`.
pub(crate) async fn classes(
    State(shared): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
    dpop: Option<Extension<DpopAuthorized>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let credentials = Credentials {
        headers: &headers,
        dpop,
    };
    // Bad percent-encoding cannot name anyone: 404 like any unknown id.
    let Ok(Path((collection, id))) = path else {
        return respond::not_found();
    };
    let required_role = match collection.as_str() {
        "users" => None,
        "students" => Some("Student"),
        "teachers" => Some("Teacher"),
        _ => return respond::not_found(),
    };
    let me = match roster_user(&shared, &credentials, &uri) {
        Ok(user) => user,
        Err(refusal) => return refusal.response(),
    };
    let Some(owner) = shared.config.seed.user_by_sourced_id(&id) else {
        return respond::not_found();
    };
    if owner.login != me.login {
        return respond::forbidden("the token's user has another SourcedId");
    }
    if required_role.is_some_and(|role| owner.role() != role) {
        return respond::not_found();
    }
    classes_page(&shared, owner, &uri)
}

/// `GET /v2/oneroster/my/classes`: nodeapi's classes of the token's own user.
pub(crate) async fn my_classes(
    State(shared): State<Arc<Shared>>,
    dpop: Option<Extension<DpopAuthorized>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let credentials = Credentials {
        headers: &headers,
        dpop,
    };
    match roster_user(&shared, &credentials, &uri) {
        Ok(me) => classes_page(&shared, me, &uri),
        Err(refusal) => refusal.response(),
    }
}

/// `GET /v2/oneroster/my/classes/{classSourcedId}/teachers`: the teachers of one of the token's
/// user's classes (404 for any other class).
pub(crate) async fn my_class_teachers(
    State(shared): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    dpop: Option<Extension<DpopAuthorized>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let credentials = Credentials {
        headers: &headers,
        dpop,
    };
    let Ok(Path(class_id)) = path else {
        return respond::not_found();
    };
    let me = match roster_user(&shared, &credentials, &uri) {
        Ok(user) => user,
        Err(refusal) => return refusal.response(),
    };
    if !me.classes.iter().any(|c| sourced_id(c) == class_id) {
        return respond::not_found();
    }
    let teachers = shared.config.seed.class_teachers(&class_id);
    paged("teachers", teachers.iter().collect(), &uri, false)
}

/// One page of `owner`'s classes; a `bare_array` fault drops the `classes` wrapper once.
fn classes_page(shared: &Shared, owner: &SeedUser, uri: &Uri) -> Response {
    let bare = shared
        .take_fault(FaultTarget::Classes, |kind| *kind == FaultKind::BareArray)
        .is_some();
    paged("classes", owner.classes.iter().collect(), uri, bare)
}

/// OneRoster paging over `items` (ordered by `sourcedId`): `{key: [page]}` (or the bare page)
/// with `x-total-count` and `x-count`; 400 for bad paging parameters.
fn paged(key: &str, mut all: Vec<&Value>, uri: &Uri, bare_array: bool) -> Response {
    let page = match page_of(&Params::from_query(uri.query())) {
        Ok(page) => page,
        Err(why) => return respond::message(StatusCode::BAD_REQUEST, why),
    };
    all.sort_by(|a, b| sourced_id(a).cmp(sourced_id(b)));
    if page.descending {
        all.reverse();
    }
    let selected: Vec<&Value> = all
        .iter()
        .skip(page.offset)
        .take(page.limit)
        .copied()
        .collect();
    let body = if bare_array {
        json!(selected)
    } else {
        json!({ key: selected })
    };
    let mut response = respond::json(StatusCode::OK, &body);
    let headers = response.headers_mut();
    headers.insert("x-total-count", HeaderValue::from(all.len()));
    headers.insert("x-count", HeaderValue::from(selected.len()));
    response
}

fn sourced_id(class: &Value) -> &str {
    class.get("sourcedId").and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_parameters() {
        let page = |q: &str| page_of(&Params::parse(q.as_bytes()));
        assert_eq!(
            page(""),
            Ok(Page {
                limit: 100,
                offset: 0,
                descending: false
            })
        );
        assert_eq!(
            page("limit=500&offset=7&sort=sourcedId&orderBy=desc"),
            Ok(Page {
                limit: 100,
                offset: 7,
                descending: true
            })
        );
        assert!(page("limit=abc").is_err());
        assert!(page("limit=-1").is_err());
        assert!(page("limit=0").is_err());
        assert!(page("offset=x").is_err());
        assert!(page("limit=1&limit=2").is_err());
        assert!(page("sort=title").is_err());
        assert!(page("orderBy=up").is_err());
    }
}
