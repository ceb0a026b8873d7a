//! The sandbox's few HTML pages. Every dynamic string goes through [`escape`]: the seed has a
//! user whose name contains `<script>`.

use std::fmt::Write;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::api::seed::SeedUser;

/// Escapes text for use in HTML element content and double- or single-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An HTML response that is never cached, framed, or given scripts to run.
pub(crate) fn page(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // No form-action directive: browsers apply it to the redirect that follows the POST.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem;color:#1d2733}\
h1{font-size:1.4rem}fieldset{border:1px solid #c5ced8;border-radius:6px;margin:1rem 0}\
label{display:inline-block;padding:.3rem 0}.muted{color:#5c6b7a;font-size:.9rem}\
.error{background:#fde8e8;border:1px solid #e39b9b;padding:.6rem;border-radius:6px}\
button{font-size:1rem;padding:.4rem 1.2rem;margin-right:.6rem}";

fn document(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\n<body><main>\n{main}</main></body></html>\n",
        title = escape(title),
    )
}

/// "DisplayName — Role, Building", the label of a user everywhere.
fn user_label(user: &SeedUser) -> String {
    format!(
        "{} — {}, {}",
        escape(user.display_name()),
        escape(user.role()),
        escape(user.info_str("Building"))
    )
}

/// What the sign-in page shows and carries.
pub(crate) struct SignIn<'a> {
    pub client_id: &'a str,
    pub scope: &'a str,
    pub redirect_uri: &'a str,
    /// The authorization request, re-sent (and re-validated) with the decision.
    pub hidden: &'a [(&'a str, &'a str)],
    pub users: &'a [SeedUser],
    /// The login to pre-select; the first user when `None`.
    pub selected: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// "ClassLink sandbox — sign in": one radio per user, Allow and Deny.
pub(crate) fn sign_in(view: &SignIn<'_>) -> String {
    let mut main = String::new();
    let _ = write!(
        main,
        "<h1>ClassLink sandbox — sign in</h1>\n\
         <p><strong>{}</strong> asks for: <code>{}</code></p>\n\
         <p class=\"muted\">You will be sent back to {}</p>\n",
        escape(view.client_id),
        escape(view.scope),
        escape(view.redirect_uri)
    );
    if let Some(error) = view.error {
        let _ = writeln!(
            main,
            "<p class=\"error\" role=\"alert\">{}</p>",
            escape(error)
        );
    }
    main.push_str("<form method=\"post\" action=\"/oauth2/v2/auth/decision\">\n");
    for (name, value) in view.hidden {
        let _ = writeln!(
            main,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        );
    }
    main.push_str("<fieldset><legend>Sign in as</legend>\n");
    let selected = view
        .selected
        .filter(|s| view.users.iter().any(|u| u.login == *s))
        .or_else(|| view.users.first().map(|u| u.login.as_str()));
    for user in view.users {
        let login = escape(&user.login);
        let checked = if Some(user.login.as_str()) == selected {
            " checked"
        } else {
            ""
        };
        let lock = if user.password.is_some() { " 🔒" } else { "" };
        let _ = writeln!(
            main,
            "<div><input type=\"radio\" name=\"login\" id=\"user-{login}\" value=\"{login}\"{checked}> \
             <label for=\"user-{login}\">{}{lock}</label></div>",
            user_label(user)
        );
    }
    main.push_str("</fieldset>\n");
    if view.users.iter().any(|u| u.password.is_some()) {
        main.push_str(
            "<p><label for=\"password\">Password (only for users marked 🔒)</label><br>\
             <input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"off\"></p>\n",
        );
    }
    main.push_str(
        "<p><button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></p>\n</form>\n",
    );
    document("ClassLink sandbox — sign in", &main)
}

/// An error page for requests that must not be redirected (RFC 6749 §4.1.2.1).
pub(crate) fn error_page(title: &str, detail: &str) -> String {
    let main = format!(
        "<h1>ClassLink sandbox — {}</h1>\n<p class=\"error\" role=\"alert\">{}</p>\n",
        escape(title),
        escape(detail)
    );
    document(&format!("ClassLink sandbox — {title}"), &main)
}

/// The end of an end-session request without a `post_logout_redirect_uri`.
pub(crate) fn signed_out() -> String {
    document(
        "ClassLink sandbox — signed out",
        "<h1>You have signed out of the sandbox</h1>\n\
         <p class=\"muted\">The next sign-in will ask who you are again.</p>\n",
    )
}

/// The imitation LaunchPad: one tile link per user; `links[i]` belongs to `users[i]`.
pub(crate) fn launchpad(users: &[SeedUser], links: &[String], redirect_uri: &str) -> String {
    let mut main = String::from("<h1>ClassLink sandbox — LaunchPad</h1>\n");
    let _ = writeln!(
        main,
        "<p class=\"muted\">Clicking a tile sends a code without state or PKCE to {}, as \
         LaunchPad does. The app must drop it and start its own sign-in.</p>\n<ul>",
        escape(redirect_uri)
    );
    for (user, link) in users.iter().zip(links) {
        let _ = writeln!(
            main,
            "<li><a id=\"launch-{}\" href=\"{}\">{}</a></li>",
            escape(&user.login),
            escape(link),
            user_label(user)
        );
    }
    main.push_str("</ul>\n");
    document("ClassLink sandbox — LaunchPad", &main)
}

/// The root page: what this server is and where to start.
pub(crate) fn index(issuer: &str, client_id: &str, redirect_uris: &[String]) -> String {
    let mut main = format!(
        "<h1>ClassLink sandbox</h1>\n<p>A strict local imitation of ClassLink for <code>{}</code> \
         (issuer <code>{}</code>).</p>\n<p><a href=\"/launchpad\">LaunchPad</a></p>\n\
         <p>Registered redirect URIs:</p>\n<ul>",
        escape(client_id),
        escape(issuer)
    );
    for uri in redirect_uris {
        let _ = write!(main, "<li><code>{}</code></li>", escape(uri));
    }
    main.push_str("</ul>\n");
    document("ClassLink sandbox", &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("Zoë 李"), "Zoë 李");
    }
}
