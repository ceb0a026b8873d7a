//! The app's own URL helpers, beside the protocol's strict endpoint parser
//! (`oauth_public_client::urls`): filling an id into a path, the folder of a page, and a query
//! appended through the browser's encoder.

use oauth_public_client::urls;

use crate::form::PlatformForm;

/// Appends `params` to `base` as query pairs (encoded by [`PlatformForm`]), keeping any
/// query the base already has.
pub fn append_query<'a>(
    base: &str,
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    urls::append_query(&PlatformForm, base, params)
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so an identifier can be
/// placed in one path segment without changing the path's structure (`/`, `?`, `#`, `..`).
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            // `.` is encoded too: a SourcedId of ".." must not climb the path.
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The folder of a page's URL (up to and including the last `/`), against which a relative
/// file name such as `config.json` resolves.
pub fn directory_of(url: &str) -> &str {
    &url[..url.rfind('/').map_or(url.len(), |i| i + 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segment_encoding_cannot_change_the_path() {
        assert_eq!(encode_path_segment("4801508017"), "4801508017");
        assert_eq!(encode_path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("José 1"), "Jos%C3%A9%201");
    }

    #[test]
    fn the_directory_of_a_page() {
        assert_eq!(
            directory_of("https://d.example/portal/"),
            "https://d.example/portal/"
        );
        assert_eq!(
            directory_of("https://d.example/portal/check/index.html"),
            "https://d.example/portal/check/"
        );
    }
}
