//! Tests of what every server speaks.

mod cors;
