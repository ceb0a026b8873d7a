//! What every server of the sandbox speaks: the shared response builders ([`respond`]),
//! strict query and form parsing ([`params`]), URL helpers ([`urls`]), the CORS policy ([`cors`]) and the
//! caching of the documents a browser may keep ([`conditional`]).

pub(crate) mod conditional;
pub(crate) mod cors;
pub(crate) mod params;
pub(crate) mod respond;
pub(crate) mod urls;
