//! Which published key checks a token. The token names a key (`kid`) and an algorithm
//! (`alg`), but only the key decides the algorithm: a token whose `alg` differs from its
//! key's is refused, so a token can never choose how its own signature is checked.

use super::algorithm::Algorithm;
use super::jwk::{JwkSet, PublicKey};
use super::problem::IdTokenProblem;

/// The key for a token with header `kid` whose `alg` has been read as `alg`.
///
/// - With a `kid`: the one key with that id. None, or several (ambiguous), is
///   [`IdTokenProblem::UnknownKey`]: the caller may fetch the set again once, since the
///   provider may have rotated its keys. A key whose algorithm is not `alg` is
///   [`IdTokenProblem::AlgorithmMismatch`].
/// - Without: the only key for `alg`, if there is exactly one; otherwise `UnknownKey`.
#[inline]
pub fn choose_key<'k>(
    keys: &'k JwkSet,
    kid: Option<&str>,
    alg: Algorithm,
) -> Result<&'k PublicKey, IdTokenProblem> {
    let only = |mut candidates: Vec<&'k PublicKey>| match candidates.len() {
        1 => Ok(candidates.remove(0)),
        _ => Err(IdTokenProblem::UnknownKey),
    };
    let key = match kid {
        Some(kid) => only(
            keys.keys
                .iter()
                .filter(|key| key.kid.as_deref() == Some(kid))
                .collect(),
        )?,
        None => only(
            keys.keys
                .iter()
                .filter(|key| key.algorithm() == Some(alg))
                .collect(),
        )?,
    };
    if key.algorithm() == Some(alg) {
        Ok(key)
    } else {
        Err(IdTokenProblem::AlgorithmMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::super::jwk::tests::{ec_entry, rsa_entry, set};
    use super::*;
    use Algorithm::{Es256, Rs256};

    #[test]
    fn chooses_by_kid() {
        let keys = set(&[rsa_entry(r#","kid":"r1""#), ec_entry(r#","kid":"e1""#)]);
        assert_eq!(choose_key(&keys, Some("r1"), Rs256), Ok(&keys.keys[0]));
        assert_eq!(choose_key(&keys, Some("e1"), Es256), Ok(&keys.keys[1]));
    }

    #[test]
    fn the_key_decides_the_algorithm_not_the_token() {
        let keys = set(&[
            rsa_entry(r#","kid":"r1""#),
            ec_entry(r#","kid":"e1""#),
            rsa_entry(r#","kid":"ps","alg":"PS256""#),
        ]);
        let mismatch = Err(IdTokenProblem::AlgorithmMismatch);
        assert_eq!(choose_key(&keys, Some("r1"), Es256), mismatch);
        assert_eq!(choose_key(&keys, Some("e1"), Rs256), mismatch);
        assert_eq!(choose_key(&keys, Some("ps"), Rs256), mismatch);
    }

    #[test]
    fn an_unknown_or_ambiguous_kid_is_an_unknown_key() {
        let keys = set(&[
            rsa_entry(r#","kid":"r1""#),
            rsa_entry(r#","kid":"twice""#),
            ec_entry(r#","kid":"twice""#),
        ]);
        let unknown = Err(IdTokenProblem::UnknownKey);
        assert_eq!(choose_key(&keys, Some("r2"), Rs256), unknown);
        assert_eq!(choose_key(&keys, Some(""), Rs256), unknown);
        assert_eq!(choose_key(&keys, Some("twice"), Rs256), unknown);
        assert_eq!(choose_key(&JwkSet::default(), Some("r1"), Rs256), unknown);
    }

    #[test]
    fn without_a_kid_only_a_single_key_for_the_algorithm_will_do() {
        // RFC 7515 A.2 and A.3 carry no kid: each has exactly one key of its type here.
        let keys = set(&[rsa_entry(r#","kid":"r1""#), ec_entry("")]);
        assert_eq!(choose_key(&keys, None, Rs256), Ok(&keys.keys[0]));
        assert_eq!(choose_key(&keys, None, Es256), Ok(&keys.keys[1]));
        let two_rsa = set(&[rsa_entry(r#","kid":"a""#), rsa_entry(r#","kid":"b""#)]);
        assert_eq!(
            choose_key(&two_rsa, None, Rs256),
            Err(IdTokenProblem::UnknownKey)
        );
        assert_eq!(
            choose_key(&two_rsa, None, Es256),
            Err(IdTokenProblem::UnknownKey)
        );
    }
}
