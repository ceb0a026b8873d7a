//! Reading a response body with a running count: chunk by chunk from its `ReadableStream`,
//! so a body that never ends, or is larger than the document's cap, is cut at the cap (and
//! the stream cancelled), not at the deadline, and none of it is used.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader};

/// Why a body was not read to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFailure {
    /// More than the cap: reading stopped there.
    TooLarge,
    /// The stream failed (the connection dropped, or the request was aborted).
    Broken,
}

/// The body of `response` as text (UTF-8, a byte-order mark dropped, as `text()` reads it),
/// at most `cap` bytes. A cap of zero reads nothing and cancels the body.
pub async fn read_capped(response: &web_sys::Response, cap: usize) -> Result<String, BodyFailure> {
    // A Content-Length past the cap is refused before anything is read.
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.trim().parse::<usize>().ok());
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    if cap == 0 {
        settle_quietly(stream.cancel());
        return Ok(String::new());
    }
    if declared.is_some_and(|length| length > cap) {
        settle_quietly(stream.cancel());
        return Err(BodyFailure::TooLarge);
    }
    let bytes = read_stream(&stream, cap).await?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(invalid) => String::from_utf8_lossy(invalid.as_bytes()).into_owned(),
    };
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Every chunk of `stream`, as long as their total stays within `cap`.
async fn read_stream(stream: &ReadableStream, cap: usize) -> Result<Vec<u8>, BodyFailure> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| BodyFailure::Broken)?;
        let member = |name: &str| Reflect::get(&chunk, &JsValue::from_str(name)).ok();
        if member("done").and_then(|done| done.as_bool()) == Some(true) {
            return Ok(bytes);
        }
        let Some(value) = member("value").and_then(|v| v.dyn_into::<Uint8Array>().ok()) else {
            settle_quietly(reader.cancel());
            return Err(BodyFailure::Broken);
        };
        if bytes.len() + value.length() as usize > cap {
            // Stop the download: the rest is never wanted.
            settle_quietly(reader.cancel());
            return Err(BodyFailure::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
    }
}

/// Lets a promise whose outcome does not matter settle with a handler attached, so a
/// rejection is not reported as an uncaught error.
pub(crate) fn settle_quietly(promise: js_sys::Promise) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}
