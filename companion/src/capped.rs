//! Reads a body to its end, but never more than a cap: the one loop both directions use (the
//! browser's request, the provider's answer). Written out rather than with http-body-util's
//! `Limited`, whose boxed error keeps the servers' handler futures from being proved `Send`.

use bytes::{Bytes, BytesMut};
use http_body::Body;
use http_body_util::BodyExt;

/// Why a body was not read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CappedError {
    /// More than the cap.
    TooLarge,
    /// The body failed (the connection broke).
    Broken,
}

/// The whole body, at most `cap` bytes of it.
pub async fn read_capped<B>(mut body: B, cap: usize) -> Result<Bytes, CappedError>
where
    B: Body<Data = Bytes> + Unpin,
{
    let mut out = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| CappedError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > cap {
                return Err(CappedError::TooLarge);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out.freeze())
}
