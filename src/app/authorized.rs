//! The rule for an API call made with the session's token: a 401 is answered once, with a
//! refresh where there is a refresh token (unless another call already brought a new token),
//! then the same call again. A second 401 is final. Ending the session then is the
//! controller's (`super::controller::SessionController::call_api`).

use futures::future::LocalBoxFuture;

use super::keeper::SessionKeeper;
use crate::classlink::api_error::ApiError;
use crate::transport::authorized::Credential;

/// Calls the API through `call` with the session's current credential, by the rule above.
pub async fn with_one_refresh<T>(
    keeper: &SessionKeeper,
    call: impl Fn(Credential) -> LocalBoxFuture<'static, Result<T, ApiError>>,
) -> Result<T, ApiError> {
    // One loop with one await of the call (boxed): the call's code is compiled once, not
    // once per attempt (wasm size).
    let mut answered_401 = false;
    loop {
        let sent = keeper.credential();
        let sent_token = sent.token.clone();
        match call(sent).await {
            Err(ApiError::Unauthorized) if !answered_401 => {
                answered_401 = true;
                let rotated = keeper.token() != sent_token;
                if !rotated && keeper.refresh().await.is_err() {
                    return Err(ApiError::Unauthorized);
                }
            }
            other => return other,
        }
    }
}
