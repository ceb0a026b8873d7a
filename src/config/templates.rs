//! URL templates: an endpoint with one `{…}` placeholder in its path, filled in with an id
//! percent-encoded as a single path segment (so an id of `../x` cannot climb the path).

use oauth_public_client::urls::{parse_endpoint, HttpUrl};

use super::error::{error, ConfigError, ConfigProblem};
use super::names::SOURCED_ID_PLACEHOLDER;
use crate::urls::encode_path_segment;

/// Where the student's classes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassesSource {
    /// A list of the signed-in user's own classes, such as ClassLink's
    /// `/v2/oneroster/my/classes`: it needs no id, so it can be asked for at once.
    OwnClasses(String),
    /// A OneRoster `getClassesForUser` template with [`SOURCED_ID_PLACEHOLDER`]: it needs the
    /// student's OneRoster id (from a verified id_token, else the profile).
    PerStudent(String),
}

impl ClassesSource {
    /// Reads `classes_endpoint`: with the placeholder a per-student template, without it a
    /// plain URL. A brace without the exact placeholder is a misspelt one, refused.
    pub(super) fn from_setting(key: &str, url: String) -> Result<ClassesSource, ConfigError> {
        if url.contains(['{', '}']) {
            validate_template(key, &url, SOURCED_ID_PLACEHOLDER)?;
            Ok(ClassesSource::PerStudent(url))
        } else {
            parse_endpoint(&url).map_err(|p| error(key, ConfigProblem::BadUrl(p)))?;
            Ok(ClassesSource::OwnClasses(url))
        }
    }

    /// The URL to ask, if it can be asked yet: a per-student template needs the id.
    pub fn url_for(&self, sourced_id: Option<&str>) -> Option<String> {
        match self {
            ClassesSource::OwnClasses(url) => Some(url.clone()),
            ClassesSource::PerStudent(template) => sourced_id
                .filter(|id| !id.is_empty())
                .map(|id| fill(template, SOURCED_ID_PLACEHOLDER, id)),
        }
    }

    /// Whether the list needs the student's OneRoster id first.
    pub fn needs_sourced_id(&self) -> bool {
        matches!(self, ClassesSource::PerStudent(_))
    }

    pub fn template(&self) -> &str {
        match self {
            ClassesSource::OwnClasses(url) | ClassesSource::PerStudent(url) => url,
        }
    }
}

/// Replaces the placeholder with `id`, percent-encoded as one path segment.
pub fn fill(template: &str, placeholder: &str, id: &str) -> String {
    template.replacen(placeholder, &encode_path_segment(id), 1)
}

/// Checks a template: the placeholder exactly once, no other brace, and in the path.
pub(super) fn validate_template(
    key: &str,
    template: &str,
    placeholder: &'static str,
) -> Result<(), ConfigError> {
    // A marker no real URL contains stands in for the placeholder while the URL is checked.
    const MARKER: &str = "placeholder0marker0for0check";
    if template.matches(placeholder).count() != 1 {
        return Err(error(key, ConfigProblem::MissingPlaceholder(placeholder)));
    }
    let sample = template.replacen(placeholder, MARKER, 1);
    if sample.contains(['{', '}']) {
        return Err(error(key, ConfigProblem::MissingPlaceholder(placeholder)));
    }
    let url = parse_endpoint(&sample).map_err(|p| error(key, ConfigProblem::BadUrl(p)))?;
    let path = url.path_and_query.split('?').next().unwrap_or_default();
    if !path.contains(MARKER) {
        return Err(error(
            key,
            ConfigProblem::PlaceholderOutsidePath(placeholder),
        ));
    }
    Ok(())
}

/// The fixed part of a template as a URL: everything before the placeholder's path segment
/// (what a `connect-src` source may name, since CSP paths have no wildcards).
pub(super) fn fixed_prefix(template: &str) -> Option<HttpUrl> {
    let end = match template.find('{') {
        Some(brace) => template[..brace]
            .rfind('/')
            .map_or(brace, |slash| slash + 1),
        None => template.len(),
    };
    parse_endpoint(&template[..end]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::names::CLASS_ID_PLACEHOLDER;

    #[test]
    fn a_url_without_placeholder_lists_the_users_own_classes() {
        let source = ClassesSource::from_setting(
            "classes_endpoint",
            "https://nodeapi.classlink.com/v2/oneroster/my/classes".into(),
        )
        .unwrap();
        assert!(!source.needs_sourced_id());
        assert_eq!(
            source.url_for(None).as_deref(),
            Some("https://nodeapi.classlink.com/v2/oneroster/my/classes")
        );
    }

    #[test]
    fn a_template_waits_for_the_id_and_escapes_it() {
        let source = ClassesSource::from_setting(
            "classes_endpoint",
            "https://or.example/users/{sourcedId}/classes".into(),
        )
        .unwrap();
        assert!(source.needs_sourced_id());
        assert_eq!(source.url_for(None), None);
        assert_eq!(source.url_for(Some("")), None);
        assert_eq!(
            source.url_for(Some("../a b")).as_deref(),
            Some("https://or.example/users/%2E%2E%2Fa%20b/classes")
        );
    }

    #[test]
    fn a_misspelt_placeholder_is_refused_not_taken_for_a_url() {
        let problem = |url: &str| {
            ClassesSource::from_setting("classes_endpoint", url.into())
                .unwrap_err()
                .problem
        };
        for url in [
            "https://x.example/users/{sourcedid}/classes",
            "https://x.example/{sourcedId}/{sourcedId}",
            "https://x.example/{sourcedId}/{other}",
        ] {
            assert_eq!(
                problem(url),
                ConfigProblem::MissingPlaceholder(SOURCED_ID_PLACEHOLDER),
                "{url}"
            );
        }
        assert_eq!(
            problem("https://x.example/classes?user={sourcedId}"),
            ConfigProblem::PlaceholderOutsidePath(SOURCED_ID_PLACEHOLDER)
        );
        assert_eq!(
            validate_template("t", "https://{classSourcedId}.x/t", CLASS_ID_PLACEHOLDER)
                .unwrap_err()
                .problem,
            ConfigProblem::PlaceholderOutsidePath(CLASS_ID_PLACEHOLDER)
        );
    }

    #[test]
    fn the_fixed_prefix_ends_before_the_placeholder_segment() {
        let prefix =
            |t: &str| fixed_prefix(t).map(|u| format!("{}{}", u.origin(), u.path_and_query));
        assert_eq!(
            prefix("https://n.example/v2/oneroster/my/classes/{classSourcedId}/teachers")
                .as_deref(),
            Some("https://n.example/v2/oneroster/my/classes/")
        );
        assert_eq!(
            prefix("https://n.example/my/classes").as_deref(),
            Some("https://n.example/my/classes")
        );
    }
}
