//! The two listeners: the API listener ([`api_listener`]: every provider and API route inside
//! the middleware stack, the admin routes beside it) and, for the demo and the end-to-end
//! tests, the app listener ([`app_listener`]: the built app's files and its `config.json`).

pub(crate) mod api_listener;
pub(crate) mod app_listener;
