//! What the companion sends upstream beyond the app's own headers, and how it reads the
//! app's: a header the app sends once must come once.

use http::header::{ACCEPT, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::refusal::{Reason, Refusal};

/// The `User-Agent` of every upstream request.
const AGENT: &str = concat!("classlink-companion/", env!("CARGO_PKG_VERSION"));

/// The headers every upstream request starts with: JSON wanted, and who is asking. Nothing
/// from the browser is copied but what each route passes on by name.
pub fn base_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(USER_AGENT, HeaderValue::from_static(AGENT));
    headers
}

/// The one value of `name`, if any; a repeated header is refused.
pub fn single<'a>(
    headers: &'a HeaderMap,
    name: &HeaderName,
) -> Result<Option<&'a HeaderValue>, Refusal> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    match values.next() {
        None => Ok(first),
        Some(_) => Err(Refusal::new(
            Reason::HeaderRepeated,
            format!("the {name} header may be sent once"),
        )),
    }
}
