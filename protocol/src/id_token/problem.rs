//! Why an id_token was refused: one variant per reason, so the application can say which
//! (the messages are the application's, not this crate's).

/// Why the provider's key set could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysFailure {
    /// No answer: offline, DNS, TLS, or (in a browser) a CORS refusal, which browsers make
    /// indistinguishable on purpose.
    Network,
    /// No complete answer before the deadline.
    TimedOut,
    /// A status other than 2xx.
    Http(u16),
    /// A 2xx answer that is not a JSON object with a `keys` array.
    NotJson,
}

/// Why an id_token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdTokenProblem {
    /// Not a compact JWS (three base64url parts, no padding), a header or payload that is
    /// not a JSON object, a `crit` header (an extension this crate would have to understand),
    /// an explicitly typed other kind of JWT (`typ` such as `at+jwt`), or claims of the
    /// wrong JSON type.
    Malformed,
    /// `alg` is `none`, an HMAC algorithm (`HS*`, a shared secret a public client cannot
    /// hold), or anything else but RS256 and ES256.
    UnsupportedAlgorithm,
    /// The token's `alg` is not the algorithm of the key it names.
    AlgorithmMismatch,
    /// No usable key in the provider's set matches the token (even after fetching the set
    /// again): an unknown `kid`, several candidates, or an RSA key under 2048 bits.
    UnknownKey,
    /// The key set could not be fetched or read.
    KeysUnavailable(KeysFailure),
    /// The platform cannot check signatures (in a browser: no WebCrypto, as `crypto.subtle`
    /// exists only in secure contexts, i.e. https or localhost).
    SignatureCheckUnavailable,
    /// The signature does not verify with the chosen key (or the platform refused the key).
    BadSignature,
    /// `iss` is not the configured issuer.
    WrongIssuer,
    /// `aud` does not contain this client's id.
    WrongAudience,
    /// `azp` is present and is not this client's id.
    WrongAuthorizedParty,
    /// `exp` is in the past (beyond the allowed clock skew).
    Expired,
    /// `iat` is in the future (beyond the allowed clock skew).
    IssuedInFuture,
    /// `nbf` is in the future (beyond the allowed clock skew).
    NotYetValid,
    /// The sign-in sent a nonce and the token carries none.
    MissingNonce,
    /// The token's nonce is not the one this sign-in sent: it was issued for another.
    WrongNonce,
    /// A claim this crate requires is absent (or empty): `iss`, `sub`, `aud`, `exp`, `iat`,
    /// or `azp` when the token has several audiences.
    MissingClaim(&'static str),
}
