//! Tests of the two listeners: over real sockets with `start`, and the app listener's own
//! fault targets.

mod app_files;
mod listeners;
