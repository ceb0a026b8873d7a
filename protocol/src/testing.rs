//! Stand-ins for this crate's own tests: the operating system's randomness behind the
//! randomness port, and a runner for futures whose stand-ins answer at once.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::random::{RandomUnavailable, Randomness};

/// The operating system's generator.
pub(crate) struct SystemRandom;

impl Randomness for SystemRandom {
    fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
        getrandom::fill(bytes).map_err(|_| RandomUnavailable)
    }
}

/// Runs a future whose stand-ins answer at once.
pub(crate) fn run<T>(future: impl Future<Output = T>) -> T {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the stand-ins never wait"),
    }
}
