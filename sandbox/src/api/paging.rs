//! OneRoster paging (`limit`, `offset`, `sort=sourcedId`, `orderBy`) over a list ordered by
//! `sourcedId`, with `x-total-count` and `x-count`.

use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};

use crate::http::params::Params;
use crate::http::respond;

/// OneRoster's default page size, which is also the most this sandbox returns at once.
const MAX_LIMIT: usize = 100;

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

/// OneRoster paging over `items` (ordered by `sourcedId`): `{key: [page]}` (or the bare page)
/// with `x-total-count` and `x-count`; 400 for bad paging parameters.
pub(crate) fn paged(key: &str, mut all: Vec<&Value>, uri: &Uri, bare_array: bool) -> Response {
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

pub(crate) fn sourced_id(class: &Value) -> &str {
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
