//! Tests over real sockets: both listeners started with `start`.

mod listeners;
