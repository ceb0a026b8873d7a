//! The classes routes: OneRoster 1.1 `getClassesForUser` (and its students/teachers variants)
//! and nodeapi's `GET /v2/oneroster/my/classes`, both paged ([`super::paging`]).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use crate::api::access::{roster_user, Credentials};
use crate::api::paging::paged;
use crate::api::seed::SeedUser;
use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::http::respond;
use crate::state::shared::Shared;

/// `GET /ims/oneroster/v1p1/{users|students|teachers}/{id}/classes`.
pub(crate) async fn classes(
    State(shared): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
    credentials: Credentials,
    uri: Uri,
) -> Response {
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
    let me = match roster_user(&shared, &credentials) {
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
    credentials: Credentials,
    uri: Uri,
) -> Response {
    match roster_user(&shared, &credentials) {
        Ok(me) => classes_page(&shared, me, &uri),
        Err(refusal) => refusal.response(),
    }
}

/// One page of `owner`'s classes; a `bare_array` fault drops the `classes` wrapper once.
fn classes_page(shared: &Shared, owner: &SeedUser, uri: &Uri) -> Response {
    let bare = shared
        .take_fault(FaultTarget::Classes, |kind| *kind == FaultKind::BareArray)
        .is_some();
    paged("classes", owner.classes.iter().collect(), uri, bare)
}
