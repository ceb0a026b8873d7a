//! The secrets of a sign-in (the PKCE verifier, the nonce, the tokens) are never printed:
//! each one's `Debug` says only its type and `[redacted]`, so a log line or a panic message
//! cannot carry one. One macro writes that `Debug` for all of them.

/// Implements `Debug` as `Name([redacted])` for each named type.
macro_rules! redacted_debug {
    ($($name:ident),+ $(,)?) => {$(
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    )+};
}

pub(crate) use redacted_debug;
