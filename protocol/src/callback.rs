//! Reading what the authorization server sent back (RFC 6749 §4.1.2, RFC 9207 `iss`), and
//! the address bar without it.
//!
//! Anything ambiguous (a parameter twice, an empty value, protocol values in the fragment,
//! both a code and an error) is refused: no exchange happens on a callback we cannot read
//! one way only.

use crate::form::FormCodec;
use crate::oauth_error::OAuthErrorCode;
use crate::text::displayable;

/// Every query parameter the callback may carry; all are removed from the address bar.
const CALLBACK_PARAMETERS: [&str; 7] = [
    "code",
    "state",
    "iss",
    "error",
    "error_description",
    "error_uri",
    "session_state",
];
/// A callback parameter, or a token an implicit-flow server could put in a URL: neither is
/// left in the address bar, and neither is accepted from a fragment.
#[inline]
fn is_callback_key(key: &str) -> bool {
    CALLBACK_PARAMETERS.contains(&key) || key == "access_token" || key == "id_token"
}

/// Parameters whose value decides what the client does: each must appear at most once.
const SINGLE_VALUED: [&str; 4] = ["code", "state", "iss", "error"];
/// Longest error description shown, in characters.
const DESCRIPTION_LIMIT: usize = 300;

/// What the current address says about a sign-in in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// An ordinary page load.
    None,
    /// A code. `state` is `None` when the login started at the provider (ClassLink
    /// LaunchPad does that): a code nobody here asked for, never to be exchanged.
    Code {
        /// The authorization code.
        code: String,
        /// The `state`, as received (check it with `CsrfState::from_callback`).
        state: Option<String>,
        /// The issuer the provider names (RFC 9207); see [`issuer_matches`].
        iss: Option<String>,
    },
    /// The provider refused or failed (`error=...`).
    Error {
        /// The `error` code.
        code: OAuthErrorCode,
        /// `error_description`, cleaned and clipped: safe to show as text.
        description: Option<String>,
        /// The `state`, as received.
        state: Option<String>,
        /// The issuer the provider names (RFC 9207).
        iss: Option<String>,
    },
    /// A `state` alone: the provider's way back after ending its session (RP-Initiated
    /// Logout §3). Only the state this client sent makes it a sign-out; anything else is
    /// [`CallbackProblem::Incomplete`].
    StateOnly {
        /// The `state`, as received.
        state: String,
    },
    /// A callback that cannot be trusted as it is.
    Malformed(CallbackProblem),
}

/// Why a callback cannot be trusted as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackProblem {
    /// The named parameter appears more than once.
    Duplicate(&'static str),
    /// The named parameter is present but empty.
    Empty(&'static str),
    /// Protocol parameters arrived in the `#fragment` (an implicit-flow or injected response).
    InFragment,
    /// Both `code` and `error`.
    CodeAndError,
    /// A `state` or `iss` without a `code` or an `error`.
    Incomplete,
}

/// Parses the query (without `?`) and fragment (without `#`) of the current URL.
#[inline]
pub fn parse_callback(form: &impl FormCodec, query: &str, fragment: &str) -> Callback {
    if form.parse(fragment).iter().any(|(k, _)| is_callback_key(k)) {
        return Callback::Malformed(CallbackProblem::InFragment);
    }
    let pairs = form.parse(query);
    let single = |name: &'static str| -> Result<Option<String>, CallbackProblem> {
        let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let first = values.next();
        if values.next().is_some() {
            return Err(CallbackProblem::Duplicate(name));
        }
        match first {
            Some(v) if v.is_empty() => Err(CallbackProblem::Empty(name)),
            other => Ok(other.cloned()),
        }
    };
    let read = (|| {
        let mut values = SINGLE_VALUED.map(|_| None);
        for (slot, name) in values.iter_mut().zip(SINGLE_VALUED) {
            *slot = single(name)?;
        }
        Ok::<_, CallbackProblem>(values)
    })();
    let [code, state, iss, error] = match read {
        Ok(values) => values,
        Err(problem) => return Callback::Malformed(problem),
    };
    match (code, error) {
        (Some(_), Some(_)) => Callback::Malformed(CallbackProblem::CodeAndError),
        (Some(code), None) => Callback::Code { code, state, iss },
        (None, Some(error)) => {
            let description = pairs
                .iter()
                .find(|(k, _)| k == "error_description")
                .map(|(_, v)| displayable(v, DESCRIPTION_LIMIT))
                .filter(|d| !d.is_empty());
            Callback::Error {
                code: OAuthErrorCode::parse(&displayable(&error, 64)),
                description,
                state,
                iss,
            }
        }
        (None, None) => match (state, iss) {
            (Some(state), None) => Callback::StateOnly { state },
            (None, None) => Callback::None,
            _ => Callback::Malformed(CallbackProblem::Incomplete),
        },
    }
}

/// The address (path + remaining query + remaining fragment) to put in the address bar, or
/// `None` when `path?query#fragment` carries no callback parameter and can stay as it is.
/// `path` is the location's pathname.
#[inline]
pub fn address_without_callback(
    form: &impl FormCodec,
    path: &str,
    query: &str,
    fragment: &str,
) -> Option<String> {
    let query_pairs = form.parse(query);
    let query_hit = query_pairs.iter().any(|(k, _)| is_callback_key(k));
    let fragment_hit = form.parse(fragment).iter().any(|(k, _)| is_callback_key(k));
    if !query_hit && !fragment_hit {
        return None;
    }
    let mut cleaned = path.to_string();
    if query_hit {
        let kept = form.serialize(
            query_pairs
                .iter()
                .filter(|(k, _)| !is_callback_key(k))
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        if !kept.is_empty() {
            cleaned.push('?');
            cleaned.push_str(&kept);
        }
    } else if !query.is_empty() {
        cleaned.push('?');
        cleaned.push_str(query);
    }
    // A fragment that held protocol values is dropped whole: it is not ours to keep.
    if !fragment_hit && !fragment.is_empty() {
        cleaned.push('#');
        cleaned.push_str(fragment);
    }
    Some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;
    use CallbackProblem::*;

    fn parse_callback(query: &str, fragment: &str) -> Callback {
        super::parse_callback(&StandardForm, query, fragment)
    }

    fn address_without_callback(path: &str, query: &str, fragment: &str) -> Option<String> {
        super::address_without_callback(&StandardForm, path, query, fragment)
    }

    #[test]
    fn an_ordinary_load_is_not_a_callback() {
        assert_eq!(parse_callback("", ""), Callback::None);
        assert_eq!(parse_callback("lang=es", "top"), Callback::None);
    }

    #[test]
    fn reads_a_code_with_state_and_issuer() {
        assert_eq!(
            parse_callback("code=abc%2B1&state=xyz&iss=https%3A%2F%2Fidp.example", ""),
            Callback::Code {
                code: "abc+1".into(),
                state: Some("xyz".into()),
                iss: Some("https://idp.example".into())
            }
        );
    }

    #[test]
    fn a_launchpad_code_has_no_state() {
        assert_eq!(
            parse_callback("code=abc", ""),
            Callback::Code {
                code: "abc".into(),
                state: None,
                iss: None
            }
        );
    }

    #[test]
    fn reads_errors_with_clean_descriptions() {
        let long = format!(
            "error=access_denied&state=s&error_description={}",
            "<b>x</b>".repeat(2000)
        );
        match parse_callback(&long, "") {
            Callback::Error {
                code,
                description: Some(d),
                state,
                ..
            } => {
                assert_eq!(code, OAuthErrorCode::AccessDenied);
                assert_eq!(state.as_deref(), Some("s"));
                assert_eq!(d.chars().count(), DESCRIPTION_LIMIT + 1);
                assert!(d.starts_with("<b>x</b>"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse_callback("error=weird_new_code&error_description=", ""),
            Callback::Error {
                code: OAuthErrorCode::Extension("weird_new_code".into()),
                description: None,
                state: None,
                iss: None
            }
        );
    }

    #[test]
    fn a_state_alone_is_a_return_from_sign_out() {
        assert_eq!(
            parse_callback("state=s", ""),
            Callback::StateOnly { state: "s".into() }
        );
        assert_eq!(
            address_without_callback("/portal/", "state=s", ""),
            Some("/portal/".into())
        );
    }

    #[test]
    fn refuses_ambiguous_callbacks() {
        let cases = [
            ("code=a&code=b&state=s", "", Duplicate("code")),
            ("code=a&state=s&state=t", "", Duplicate("state")),
            ("code=a&state=s&iss=x&iss=y", "", Duplicate("iss")),
            ("code=&state=s", "", Empty("code")),
            ("code=a&state=", "", Empty("state")),
            ("", "code=a&state=s", InFragment),
            ("code=a&state=s", "access_token=t", InFragment),
            ("code=a&error=access_denied", "", CodeAndError),
            ("state=s&iss=x", "", Incomplete),
            ("iss=x", "", Incomplete),
        ];
        for (query, fragment, problem) in cases {
            assert_eq!(
                parse_callback(query, fragment),
                Callback::Malformed(problem),
                "{query} # {fragment}"
            );
        }
    }

    #[test]
    fn cleans_the_address_bar_but_keeps_other_parameters() {
        assert_eq!(address_without_callback("/portal/", "", ""), None);
        assert_eq!(address_without_callback("/portal/", "lang=es", "top"), None);
        assert_eq!(
            address_without_callback("/portal/", "code=a&state=s&iss=i", "").as_deref(),
            Some("/portal/")
        );
        assert_eq!(
            address_without_callback("/portal/", "lang=es&code=a&error_description=x", "top")
                .as_deref(),
            Some("/portal/?lang=es#top")
        );
        assert_eq!(
            address_without_callback("/", "x=1", "code=a&state=s").as_deref(),
            Some("/?x=1")
        );
    }
}

/// RFC 9207 §2.4: the `iss` a callback names must be the issuer the request went to,
/// compared as plain strings. Without `iss` the callback passes only when the provider has
/// not advertised sending it (ClassLink does not).
pub fn issuer_matches(issuer: &str, iss_required: bool, received: Option<&str>) -> bool {
    match received {
        Some(received) => received == issuer,
        None => !iss_required,
    }
}

#[cfg(test)]
mod issuer_tests {
    use super::issuer_matches;

    const LAUNCHPAD: &str = "https://launchpad.classlink.com";

    #[test]
    fn a_named_issuer_must_be_the_same_string() {
        assert!(issuer_matches(LAUNCHPAD, false, Some(LAUNCHPAD)));
        assert!(!issuer_matches(
            LAUNCHPAD,
            false,
            Some("https://launchpad.classlink.com/")
        ));
        assert!(!issuer_matches(
            LAUNCHPAD,
            false,
            Some("https://evil.example")
        ));
    }

    #[test]
    fn a_missing_issuer_passes_only_when_none_was_promised() {
        assert!(issuer_matches(LAUNCHPAD, false, None));
        assert!(!issuer_matches(LAUNCHPAD, true, None));
    }
}
