//! Tests of the resource APIs.

mod my_classes;
mod profile_and_classes;
mod seed;
