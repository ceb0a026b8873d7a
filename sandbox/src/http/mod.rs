//! What every server of the sandbox speaks: the shared response builders ([`respond`]),
//! strict query and form parsing ([`params`]), URL helpers ([`urls`]) and the CORS policy
//! ([`cors`]).

pub(crate) mod cors;
pub(crate) mod params;
pub(crate) mod respond;
pub(crate) mod urls;
