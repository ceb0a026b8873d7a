//! ClassLink's APIs: the models (parsed leniently, tested natively) and the browser client.

pub mod api_error;
pub mod body_error;
pub mod classes;
pub mod client;
pub mod collection;
pub mod fields;
pub mod paging;
pub mod profile;
pub mod retry;
pub mod teachers;
