//! nodeapi's `GET /v2/oneroster/my/classes/{classSourcedId}/teachers`: the teachers of one of
//! the token's user's classes, paged like the classes.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use crate::api::access::{roster_user, Credentials};
use crate::api::paging::{paged, sourced_id};
use crate::http::respond;
use crate::state::shared::Shared;

/// `GET /v2/oneroster/my/classes/{classSourcedId}/teachers`: the teachers of one of the token's
/// user's classes (404 for any other class).
pub(crate) async fn my_class_teachers(
    State(shared): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    credentials: Credentials,
    uri: Uri,
) -> Response {
    let Ok(Path(class_id)) = path else {
        return respond::not_found();
    };
    let me = match roster_user(&shared, &credentials) {
        Ok(user) => user,
        Err(refusal) => return refusal.response(),
    };
    if !me.classes.iter().any(|c| sourced_id(c) == class_id) {
        return respond::not_found();
    }
    let teachers = shared.config.seed.class_teachers(&class_id);
    paged("teachers", teachers.iter().collect(), &uri, false)
}
