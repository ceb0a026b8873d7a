//! Fault injection: a switch for each way a provider can misbehave. [`fault`] says what a
//! fault is and which fit where, [`targets`] which requests a target covers, [`middleware`]
//! applies the kinds that replace or bend a whole answer with [`answers`]; the handlers take
//! the kinds that bend their own (an id_token claim, a stale JWKS, a bare array).

pub(crate) mod answers;
pub(crate) mod fault;
pub(crate) mod middleware;
pub(crate) mod targets;
