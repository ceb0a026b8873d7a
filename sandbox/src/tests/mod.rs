//! The sandbox's own tests, in the rooms of the code they test: router-level tests through
//! the whole middleware stack ([`harness`]), except `hosting/`, which binds real sockets
//! with `start`.

mod api;
mod control;
mod dpop;
mod harness;
mod hosting;
mod http;
mod journey;
mod provider;
