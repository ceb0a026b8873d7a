//! The student's profile from ClassLink's `/v2/my/info`.

use oauth_public_client::lenient::{OneOrMany, Scalar};
use oauth_public_client::urls::parse_endpoint;
use serde::Deserialize;

use super::body_error::BodyError;
use super::fields::{identifier, text, text_list};
use crate::casefold::uppercase;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// `Student`, `Teacher`, `Parent`, `Tenant Administrator`, …
    pub role: String,
    /// 4 = student, 3 = teacher.
    pub role_level: Option<i64>,
    pub building: String,
    pub tenant: String,
    pub image_path: String,
    /// A language tag such as `en` or `es`.
    pub language: String,
    /// The OneRoster id; empty when the district has no OneRoster.
    pub sourced_id: String,
    pub login_id: String,
    /// `OrgId` arrives as a string or an array of strings.
    pub org_ids: Vec<String>,
    /// `LastAccessTime`, an ISO 8601 instant such as `2015-11-12T19:25:32.000Z`.
    pub last_access: String,
}

/// The `/v2/my/info` document as sent: every field lenient, unknown ones ignored.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct ProfileDocument {
    display_name: Scalar,
    first_name: Scalar,
    last_name: Scalar,
    email: Scalar,
    role: Scalar,
    #[serde(rename = "Role_Level")]
    role_level: Scalar,
    building: Scalar,
    tenant: Scalar,
    image_path: Scalar,
    language: Scalar,
    sourced_id: Scalar,
    login_id: Scalar,
    org_id: OneOrMany<Scalar>,
    last_access_time: Scalar,
}

/// Reads a `/v2/my/info` body. Only a body that is not a JSON object fails; fields of the
/// wrong type read as empty.
pub fn parse_profile(body: &str) -> Result<Profile, BodyError> {
    let d: ProfileDocument = BodyError::read(body)?;
    Ok(Profile {
        display_name: text(&d.display_name),
        first_name: text(&d.first_name),
        last_name: text(&d.last_name),
        email: text(&d.email),
        role: text(&d.role),
        role_level: d.role_level.integer(),
        building: text(&d.building),
        tenant: text(&d.tenant),
        image_path: identifier(&d.image_path),
        language: text(&d.language),
        sourced_id: identifier(&d.sourced_id),
        login_id: text(&d.login_id),
        org_ids: text_list(&d.org_id),
        last_access: text(&d.last_access_time),
    })
}

impl Profile {
    /// The name to show: DisplayName, else first + last, else the login id.
    pub fn name(&self) -> String {
        if !self.display_name.is_empty() {
            return self.display_name.clone();
        }
        let joined = format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string();
        if !joined.is_empty() {
            return joined;
        }
        self.login_id.clone()
    }

    /// Up to two letters for the avatar when there is no usable photo.
    pub fn initials(&self) -> String {
        let from_parts: String = [&self.first_name, &self.last_name]
            .iter()
            .filter_map(|part| part.chars().find(|c| c.is_alphanumeric()))
            .collect();
        let initials = if from_parts.is_empty() {
            self.name()
                .split_whitespace()
                .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
                .take(2)
                .collect()
        } else {
            from_parts
        };
        uppercase(&initials)
    }

    /// Whether the district has OneRoster, and so classes to ask for.
    pub fn has_oneroster(&self) -> bool {
        !self.sourced_id.is_empty()
    }

    /// The photo URL, only when it is safe to load: an https URL, or an absolute path on the
    /// configured API host. Anything else (javascript:, data:, http, other schemes) is ignored.
    pub fn photo_url(&self, api_origin: Option<&str>) -> Option<String> {
        let path = self.image_path.as_str();
        let candidate = if path.starts_with('/') && !path.starts_with("//") {
            format!("{}{path}", api_origin?)
        } else if path
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
        {
            path.to_string()
        } else {
            return None;
        };
        let url = parse_endpoint(&candidate).ok()?;
        (url.scheme == "https" || Some(url.origin().as_str()) == api_origin).then_some(candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented sample from ClassLink's developer docs, verbatim.
    pub const DOCUMENTED: &str = r#"{ "UserId": 1516492, "TenantId": 2, "StateId": 2, "StateName": "New Jersey", "BuildingId": 1,
  "AuthenticationType": 2, "DisplayName": "Reading Student", "FirstName": "Reading",
  "LastName": "Student", "Email": "reading.student@demo.local", "LoginId": "4801508017",
  "ImagePath": "", "LanguageId": 1, "Language": "en", "DefaultTimeFormat": 0,
  "Profile": "Developer Student Profile", "ProfileId": 3280, "Tenant": "ClassLink Demo",
  "Building": "CL Demo Building1", "Role": "Student", "Role_Level": 4,
  "LastAccessTime": "2015-11-12T19:25:32.000Z", "OrgId": "", "SourcedId": "4801508017" }"#;

    #[test]
    fn reads_the_documented_sample() {
        let p = parse_profile(DOCUMENTED).unwrap();
        assert_eq!(p.name(), "Reading Student");
        assert_eq!(p.role, "Student");
        assert_eq!(p.role_level, Some(4));
        assert_eq!(p.building, "CL Demo Building1");
        assert_eq!(p.tenant, "ClassLink Demo");
        assert_eq!(p.email, "reading.student@demo.local");
        assert_eq!(p.sourced_id, "4801508017");
        assert_eq!(p.language, "en");
        assert_eq!(p.last_access, "2015-11-12T19:25:32.000Z");
        assert!(p.org_ids.is_empty());
        assert!(p.has_oneroster());
        assert_eq!(p.initials(), "RS");
        assert_eq!(p.photo_url(Some("https://nodeapi.classlink.com")), None);
    }

    #[test]
    fn accepts_every_quirk_seen_on_real_traffic() {
        let p = parse_profile(
            r#"{"DisplayName":null,"FirstName":"José","LastName":"Ñúñez","OrgId":["5678","91"],
                "or_email":"x@y","Role_Level":"3","Role":"Teacher","SourcedId":"","enabledUser":"true",
                "ImagePath":"/images/u/1.png","Email":42}"#,
        )
        .unwrap();
        assert_eq!(p.name(), "José Ñúñez");
        assert_eq!(p.initials(), "JÑ");
        assert_eq!(p.org_ids, vec!["5678", "91"]);
        assert_eq!(p.role_level, Some(3));
        assert_eq!(p.email, "42");
        assert!(!p.has_oneroster());
        assert_eq!(
            p.photo_url(Some("https://nodeapi.classlink.com"))
                .as_deref(),
            Some("https://nodeapi.classlink.com/images/u/1.png")
        );
        assert_eq!(
            parse_profile(r#"{"OrgId":"5678"}"#).unwrap().org_ids,
            vec!["5678"]
        );
    }

    #[test]
    fn falls_back_for_names() {
        let p = parse_profile(r#"{"LoginId":"4801508017"}"#).unwrap();
        assert_eq!(p.name(), "4801508017");
        assert_eq!(p.initials(), "4");
        let p = parse_profile(r#"{"DisplayName":"<script>alert(1)</script> Zoë"}"#).unwrap();
        assert_eq!(p.initials(), "SZ");
        assert_eq!(parse_profile("{}").unwrap().initials(), "");
    }

    #[test]
    fn only_safe_photo_urls_are_used() {
        let with_path = |path: &str| {
            parse_profile(&format!(
                r#"{{"ImagePath":{}}}"#,
                serde_json::Value::from(path)
            ))
            .unwrap()
        };
        let api = Some("https://nodeapi.classlink.com");
        assert_eq!(
            with_path("https://cdn.classlink.com/p.png")
                .photo_url(api)
                .as_deref(),
            Some("https://cdn.classlink.com/p.png")
        );
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "http://cdn.classlink.com/p.png",
            "//evil.example/p.png",
            "images/p.png",
            "https://x.example/a b.png",
            "/a\"onerror=\"x",
        ] {
            assert_eq!(with_path(bad).photo_url(api), None, "{bad}");
        }
        assert_eq!(with_path("/p.png").photo_url(None), None);
        // The local sandbox is http on loopback: a path on it is still the configured API host.
        assert_eq!(
            with_path("/p.png")
                .photo_url(Some("http://127.0.0.1:8081"))
                .as_deref(),
            Some("http://127.0.0.1:8081/p.png")
        );
    }

    #[test]
    fn refuses_bodies_that_are_not_an_object() {
        assert!(matches!(
            parse_profile("<html>"),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            parse_profile("[]"),
            Err(BodyError::UnexpectedShape { .. })
        ));
        assert!(matches!(
            parse_profile(r#"{"message":"Unauthorized""#),
            Err(BodyError::NotJson { .. })
        ));
    }
}
