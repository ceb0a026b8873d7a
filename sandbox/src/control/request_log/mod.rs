//! The request log (`Running::requests`, `GET /__sandbox/requests`): what the app actually
//! sent. [`entry`] is one request, [`recorder`] the middleware that writes them.

pub(crate) mod entry;
pub(crate) mod recorder;
