//! DPoP (RFC 9449), the servers' side, behind the [`DpopFeatures`] switches (all off: the
//! sandbox knows nothing of DPoP, as ClassLink).

mod features;
mod memory;

pub use features::DpopFeatures;

pub(crate) use memory::DpopMemory;
