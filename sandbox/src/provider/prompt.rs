//! The authorization request's `prompt` (OpenID Connect Core §3.1.2.1): a space-separated
//! list saying whether the user may, or must, see the provider's pages.

/// What the request asks of the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prompt {
    /// `none`: answer at once from the provider session, or with an error; never a page.
    None,
    /// `login`, `consent` or `select_account`: always the sign-in page.
    Interactive,
    /// No prompt (or only values this provider does not know, which §3.1.2.1 says to ignore):
    /// the page, unless `sso` answers from the provider session.
    Default,
}

/// Reads `prompt`; `Err` is the description of §3.1.2.1's one refusal: `none` with any other
/// value (`invalid_request`).
pub(crate) fn parse(value: Option<&str>) -> Result<Prompt, &'static str> {
    let values: Vec<&str> = value
        .unwrap_or_default()
        .split(' ')
        .filter(|v| !v.is_empty())
        .collect();
    if values.contains(&"none") {
        return if values.len() == 1 {
            Ok(Prompt::None)
        } else {
            Err("prompt=none cannot be combined with other values")
        };
    }
    let interactive = values
        .iter()
        .any(|v| matches!(*v, "login" | "consent" | "select_account"));
    Ok(if interactive {
        Prompt::Interactive
    } else {
        Prompt::Default
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(parse(None), Ok(Prompt::Default));
        assert_eq!(parse(Some("none")), Ok(Prompt::None));
        assert_eq!(parse(Some("login")), Ok(Prompt::Interactive));
        assert_eq!(
            parse(Some("consent select_account")),
            Ok(Prompt::Interactive)
        );
        assert_eq!(parse(Some("select_account")), Ok(Prompt::Interactive));
        assert_eq!(parse(Some("whatever")), Ok(Prompt::Default));
        assert_eq!(parse(Some("whatever login")), Ok(Prompt::Interactive));
        assert!(parse(Some("none login")).is_err());
        assert!(parse(Some("none whatever")).is_err());
        assert!(parse(Some("none none")).is_err());
    }
}
