//! What the DPoP side remembers between requests, one value in the store: the live switches.

use super::features::DpopFeatures;

#[derive(Debug, Default)]
pub(crate) struct DpopMemory {
    /// The live switches.
    pub features: DpopFeatures,
}
