//! Bound refresh tokens (RFC 9449 §5): exchanged only with a proof of their key, and what
//! they give stays bound to it.

use crate::RefreshOutcome;

use super::*;

#[tokio::test]
async fn a_bound_refresh_token_needs_a_proof_of_its_key() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let thief = DpopTestKey::generate();
    let first = bound_tokens(&h, &key).await;
    let refresh_1 = field(&first, "refresh_token");

    assert_eq!(
        token_error(refresh(&h, &refresh_1, &[]).await, "invalid_dpop_proof").await,
        "refresh token is DPoP-bound: a DPoP proof of its key is required"
    );
    assert_eq!(
        token_error(
            refresh(&h, &refresh_1, &[&token_proof(&thief, None)]).await,
            "invalid_grant"
        )
        .await,
        "refresh token is bound to another DPoP key"
    );
    token_error(
        refresh(&h, &refresh_1, &["e30.e30=.AA"]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert_eq!(
        verdicts(&h)[1..],
        [
            "invalid_grant: refresh token is bound to another DPoP key".to_string(),
            "invalid_dpop_proof: proof parts must be base64url without padding".to_string(),
        ]
    );

    // None of that spent it; the key's own proof does.
    let response = refresh(&h, &refresh_1, &[&token_proof(&key, None)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = json(response).await;
    assert_eq!(second["token_type"], "DPoP");
    let (access_2, refresh_2) = (
        field(&second, "access_token"),
        field(&second, "refresh_token"),
    );
    assert_eq!(h.shared.store().token_binding(&access_2), Some(key.jkt()));
    assert_eq!(
        h.shared.store().refresh_tokens[&refresh_2].jkt,
        Some(key.jkt())
    );
    assert_eq!(
        dpop_get(&h, INFO, &access_2, &key).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        outcomes(&h),
        [
            RefreshOutcome::Refused,
            RefreshOutcome::Refused,
            RefreshOutcome::Rotated
        ],
        "a proof refused before the grant is not a refresh attempt"
    );
}

#[tokio::test]
async fn an_unbound_refresh_token_refreshed_with_a_proof_gives_bound_tokens() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let first = json(exchange(&h, &code(&h).await, &[]).await).await;
    assert_eq!(first["token_type"], "Bearer");
    let refresh_1 = field(&first, "refresh_token");
    let second = json(refresh(&h, &refresh_1, &[&token_proof(&key, None)]).await).await;
    assert_eq!(second["token_type"], "DPoP");
    let refresh_2 = field(&second, "refresh_token");
    // From now on it is bound.
    assert_eq!(
        token_error(refresh(&h, &refresh_2, &[]).await, "invalid_dpop_proof").await,
        "refresh token is DPoP-bound: a DPoP proof of its key is required"
    );
    // An unbound one refreshed without a proof stays Bearer.
    let other = json(exchange(&h, &code(&h).await, &[]).await).await;
    let plain = json(refresh(&h, &field(&other, "refresh_token"), &[]).await).await;
    assert_eq!(plain["token_type"], "Bearer");
}

#[tokio::test]
async fn reuse_of_a_bound_refresh_token_still_revokes_its_family() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let thief = DpopTestKey::generate();
    let first = bound_tokens(&h, &key).await;
    let refresh_1 = field(&first, "refresh_token");
    let second = json(refresh(&h, &refresh_1, &[&token_proof(&key, None)]).await).await;
    // A spent token is reuse, whoever presents it and with whatever key.
    token_error(
        refresh(&h, &refresh_1, &[&token_proof(&thief, None)]).await,
        "invalid_grant",
    )
    .await;
    let access_2 = field(&second, "access_token");
    api_challenge(dpop_get(&h, INFO, &access_2, &key).await, "invalid_token").await;
    assert_eq!(outcomes(&h)[1], RefreshOutcome::Reused);
}
