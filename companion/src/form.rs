//! The token request's form, read strictly: exactly the parameters the app sends
//! (RFC 6749 §4.1.3 with RFC 7636's `code_verifier`; §6 for a refresh), each once, none
//! empty, and never a client credential. The one place that knows the app's request shape,
//! so it can later read it through the shared protocol crate's types.

use std::collections::HashSet;

/// A token request the companion may forward: its grant, and the values it checks against
/// the configuration. The body itself is forwarded as the app sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenGrant {
    AuthorizationCode {
        client_id: String,
        redirect_uri: String,
    },
    RefreshToken {
        client_id: String,
    },
}

impl TokenGrant {
    pub fn client_id(&self) -> &str {
        match self {
            TokenGrant::AuthorizationCode { client_id, .. }
            | TokenGrant::RefreshToken { client_id } => client_id,
        }
    }
}

/// Why a form is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRefusal {
    /// Not UTF-8 text.
    NotText,
    /// `client_secret`, `client_assertion` or `client_assertion_type` from the browser: the
    /// credentials are the companion's to add.
    ClientCredentials,
    Repeated(&'static str),
    /// A parameter the app does not send (its name is not repeated back).
    Unexpected,
    Missing(&'static str),
    Empty(&'static str),
    /// No `grant_type`, or one other than `authorization_code` and `refresh_token`.
    UnsupportedGrantType,
}

const CODE_GRANT: [&str; 5] = [
    "grant_type",
    "code",
    "redirect_uri",
    "client_id",
    "code_verifier",
];
const REFRESH_GRANT: [&str; 3] = ["grant_type", "refresh_token", "client_id"];
const CLIENT_CREDENTIALS: [&str; 3] =
    ["client_secret", "client_assertion", "client_assertion_type"];

/// Reads a token request's body.
pub fn parse_token_form(body: &[u8]) -> Result<TokenGrant, FormRefusal> {
    std::str::from_utf8(body).map_err(|_| FormRefusal::NotText)?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    if pairs
        .iter()
        .any(|(name, _)| CLIENT_CREDENTIALS.contains(&name.as_str()))
    {
        return Err(FormRefusal::ClientCredentials);
    }
    let expected: &[&'static str] = match value(&pairs, "grant_type")? {
        Some("authorization_code") => &CODE_GRANT,
        Some("refresh_token") => &REFRESH_GRANT,
        _ => return Err(FormRefusal::UnsupportedGrantType),
    };
    if pairs
        .iter()
        .any(|(name, _)| !expected.contains(&name.as_str()))
    {
        return Err(FormRefusal::Unexpected);
    }
    let mut seen = HashSet::new();
    for (name, _) in &pairs {
        if !seen.insert(name.as_str()) {
            let name = expected
                .iter()
                .find(|e| **e == name)
                .copied()
                .unwrap_or("grant_type");
            return Err(FormRefusal::Repeated(name));
        }
    }
    for name in expected {
        match value(&pairs, name)? {
            None => return Err(FormRefusal::Missing(name)),
            Some("") => return Err(FormRefusal::Empty(name)),
            Some(_) => {}
        }
    }
    let get = |name| {
        value(&pairs, name)
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string()
    };
    Ok(if expected == CODE_GRANT {
        TokenGrant::AuthorizationCode {
            client_id: get("client_id"),
            redirect_uri: get("redirect_uri"),
        }
    } else {
        TokenGrant::RefreshToken {
            client_id: get("client_id"),
        }
    })
}

/// The one value of `name`, if any; a second one is refused.
fn value<'a>(
    pairs: &'a [(String, String)],
    name: &'static str,
) -> Result<Option<&'a str>, FormRefusal> {
    let mut values = pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str());
    let first = values.next();
    match values.next() {
        Some(_) => Err(FormRefusal::Repeated(name)),
        None => Ok(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the app's `token_request_body` writes (src/auth/token.rs).
    const APP_CODE_BODY: &str = "grant_type=authorization_code&code=c0de&redirect_uri=https%3A%2F%2Fportal.example%2F&client_id=portal&code_verifier=v3r1f1er";
    /// What the app's `refresh_request_body` writes (src/auth/refresh.rs).
    const APP_REFRESH_BODY: &str =
        "grant_type=refresh_token&refresh_token=r%2B1%2F%3D&client_id=portal";

    #[test]
    fn the_apps_two_requests_are_read() {
        assert_eq!(
            parse_token_form(APP_CODE_BODY.as_bytes()),
            Ok(TokenGrant::AuthorizationCode {
                client_id: "portal".into(),
                redirect_uri: "https://portal.example/".into(),
            })
        );
        assert_eq!(
            parse_token_form(APP_REFRESH_BODY.as_bytes()),
            Ok(TokenGrant::RefreshToken {
                client_id: "portal".into()
            })
        );
    }

    #[test]
    fn every_deviation_is_refused() {
        let cases: &[(&str, FormRefusal)] = &[
            ("grant_type=client_credentials&client_id=portal", FormRefusal::UnsupportedGrantType),
            ("grant_type=password&username=a&password=b&client_id=portal", FormRefusal::UnsupportedGrantType),
            ("code=c&client_id=portal", FormRefusal::UnsupportedGrantType),
            ("", FormRefusal::UnsupportedGrantType),
            (
                "grant_type=authorization_code&grant_type=refresh_token&code=c",
                FormRefusal::Repeated("grant_type"),
            ),
            (
                "grant_type=authorization_code&code=a&code=b&redirect_uri=r&client_id=p&code_verifier=v",
                FormRefusal::Repeated("code"),
            ),
            (
                "grant_type=authorization_code&code=a&redirect_uri=r&client_id=p&code_verifier=v&scope=admin",
                FormRefusal::Unexpected,
            ),
            (
                "grant_type=refresh_token&refresh_token=r&client_id=p&scope=full",
                FormRefusal::Unexpected,
            ),
            (
                "grant_type=authorization_code&code=a&redirect_uri=r&client_id=p",
                FormRefusal::Missing("code_verifier"),
            ),
            (
                "grant_type=authorization_code&code=&redirect_uri=r&client_id=p&code_verifier=v",
                FormRefusal::Empty("code"),
            ),
            ("grant_type=refresh_token&client_id=p", FormRefusal::Missing("refresh_token")),
            (
                "grant_type=authorization_code&code=a&redirect_uri=r&client_id=p&code_verifier=v&client_secret=x",
                FormRefusal::ClientCredentials,
            ),
            (
                "grant_type=refresh_token&refresh_token=r&client_id=p&client_assertion_type=x&client_assertion=y",
                FormRefusal::ClientCredentials,
            ),
        ];
        for (body, refusal) in cases {
            assert_eq!(
                parse_token_form(body.as_bytes()).as_ref(),
                Err(refusal),
                "{body}"
            );
        }
        assert_eq!(
            parse_token_form(b"grant_type=\xff"),
            Err(FormRefusal::NotText)
        );
    }
}
