//! The tokens a grant is about to issue: fresh random secrets, bent by a
//! `header_unsafe_token` fault when one is armed, so the answer's `access_token` (or
//! `refresh_token`) holds characters no `Authorization` header can carry. The bent token is
//! the one issued and kept live: only the client's refusal stands between it and an API
//! request.

use crate::control::faults::fault::{take, Fault, FaultKind, FaultTarget, TokenField};
use crate::random::random_secret;

/// What one grant issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FreshTokens {
    pub access_token: String,
    /// With the `refresh_tokens` switch on.
    pub refresh_token: Option<String>,
}

/// Makes the access token (and, with `refresh`, a refresh token) and applies the oldest
/// `header_unsafe_token` fault armed on `targets` for a token this answer carries. Called with
/// the store locked, in the step that issues them, so the fault is spent only on an answer
/// that carries its token.
pub(crate) fn fresh_tokens(
    faults: &mut Vec<Fault>,
    targets: &[FaultTarget],
    refresh: bool,
) -> Result<FreshTokens, getrandom::Error> {
    let mut fresh = FreshTokens {
        access_token: random_secret()?,
        refresh_token: refresh.then(random_secret).transpose()?,
    };
    let fault = take(faults, targets, |kind| match kind {
        FaultKind::HeaderUnsafeToken { field, .. } => *field == TokenField::AccessToken || refresh,
        _ => false,
    });
    if let Some(FaultKind::HeaderUnsafeToken { field, text }) = fault {
        let token = match field {
            TokenField::AccessToken => Some(&mut fresh.access_token),
            TokenField::RefreshToken => fresh.refresh_token.as_mut(),
        };
        if let Some(token) = token {
            *token = with_inside(token, &text);
        }
    }
    Ok(fresh)
}

/// `token` with `text` in its middle (the secrets are ASCII, so any middle is a boundary).
fn with_inside(token: &str, text: &str) -> String {
    let (head, tail) = token.split_at(token.len() / 2);
    format!("{head}{text}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsafe_token(field: TokenField, text: &str) -> Fault {
        Fault::times(
            FaultTarget::Token,
            FaultKind::HeaderUnsafeToken {
                field,
                text: text.into(),
            },
            1,
        )
    }

    #[test]
    fn the_fault_bends_the_token_it_names_once() {
        let token = [FaultTarget::Token];
        let plain = fresh_tokens(&mut Vec::new(), &token, true).expect("random");
        assert_eq!(plain.access_token.len(), 43);
        assert_eq!(plain.refresh_token.as_ref().map(String::len), Some(43));

        let mut faults = vec![unsafe_token(TokenField::AccessToken, "€")];
        let bent = fresh_tokens(&mut faults, &token, false).expect("random");
        assert!(bent.access_token.contains('€'));
        assert_eq!(bent.access_token.chars().count(), 44);
        assert!(faults.is_empty());

        // A refresh token fault waits for an answer that has one.
        let mut faults = vec![unsafe_token(TokenField::RefreshToken, " ")];
        let without = fresh_tokens(&mut faults, &token, false).expect("random");
        assert!(!without.access_token.contains(' '));
        assert_eq!(faults.len(), 1);
        let with = fresh_tokens(&mut faults, &token, true).expect("random");
        assert!(with.refresh_token.expect("refresh").contains(' '));
        assert!(!with.access_token.contains(' '));
        assert!(faults.is_empty());
    }
}
