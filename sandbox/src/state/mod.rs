//! The sandbox's memory: [`shared::Shared`] (what every handler gets) over the configuration
//! fixed at start ([`config`]), everything that changes while serving ([`store`]) and an
//! adjustable [`clock`]. The types of the faults, records and switches it keeps are their
//! rooms' own; those rooms' middlewares and handlers depend on this one, never the other way
//! round.

pub(crate) mod clock;
pub(crate) mod config;
pub(crate) mod shared;
pub(crate) mod store;
