//! Tests of the control surface.

mod admin;
mod faults;
