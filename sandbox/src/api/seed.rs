//! The seed: the registered client and the users the sign-in page offers, with their
//! `/v2/my/info` objects and OneRoster classes stored verbatim (quirks included).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Value};

/// The seed shipped with the crate (`sandbox/seed.json`).
const DEFAULT_SEED: &str = include_str!("../../seed.json");

/// The data the sandbox serves. Load it with [`Seed::default_seed`] or [`Seed::from_path`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    issuer: Option<String>,
    client: SeedClient,
    users: Vec<SeedUser>,
    /// Teachers of the users' classes (besides the seed's own Teacher users, who teach their
    /// classes). A class nobody teaches gets a generated teacher (see [`Seed::class_teachers`]).
    #[serde(default)]
    teachers: Vec<SeedTeacher>,
}

/// A teacher who is not a seed user: a OneRoster user object served verbatim, and the class
/// `sourcedId`s they teach.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedTeacher {
    classes: Vec<String>,
    user: Value,
}

/// Names for generated teachers (classes of a custom seed that names none).
const GENERATED_TEACHERS: [(&str, &str); 8] = [
    ("Maria", "Lopez"),
    ("James", "Carter"),
    ("Olivia", "Nguyen"),
    ("Robert", "Okonkwo"),
    ("Emily", "Schmidt"),
    ("Daniel", "Kim"),
    ("Sofia", "Rossi"),
    ("Michael", "Brennan"),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedClient {
    client_id: String,
    redirect_uris: Vec<String>,
}

/// One user of the sign-in page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeedUser {
    pub login: String,
    /// `None`: choosing the user is enough; otherwise the sign-in page asks for it.
    #[serde(default)]
    pub password: Option<String>,
    /// The `/v2/my/info` object, served verbatim.
    pub info: Value,
    #[serde(default)]
    pub classes: Vec<Value>,
}

impl SeedUser {
    /// A string field of `info`, or "" (the seed is validated to have the important ones).
    pub fn info_str(&self, key: &str) -> &str {
        self.info.get(key).and_then(Value::as_str).unwrap_or("")
    }

    pub fn display_name(&self) -> &str {
        self.info_str("DisplayName")
    }

    pub fn sourced_id(&self) -> &str {
        self.info_str("SourcedId")
    }

    pub fn role(&self) -> &str {
        self.info_str("Role")
    }

    /// The distinct `school.sourcedId`s of the user's classes, in class order (the id_token's
    /// `classLink_org_sourcedids`).
    pub fn org_sourced_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for class in &self.classes {
            let id = class.pointer("/school/sourcedId").and_then(Value::as_str);
            if let Some(id) = id.filter(|id| !ids.iter().any(|x| x == id)) {
                ids.push(id.to_string());
            }
        }
        ids
    }

    /// The user as a OneRoster teacher object (for the classes they teach).
    fn as_oneroster_teacher(&self) -> Value {
        let org = match self.info.get("OrgId") {
            Some(Value::Array(ids)) => ids.first().and_then(Value::as_str).unwrap_or(""),
            Some(Value::String(id)) => id.as_str(),
            _ => "",
        };
        teacher_object(
            self.sourced_id(),
            self.info_str("FirstName"),
            self.info_str("LastName"),
            self.info_str("Email"),
            self.info_str("LoginId"),
            org,
        )
    }

    /// ClassLink's numeric `UserId` as the OIDC `sub`, falling back to the login.
    pub fn subject(&self) -> String {
        match self.info.get("UserId") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => self.login.clone(),
        }
    }
}

/// Why a seed could not be used.
#[derive(Debug)]
pub enum SeedError {
    Io(PathBuf, std::io::Error),
    Json(serde_json::Error),
    Invalid(String),
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedError::Io(path, err) => write!(f, "cannot read seed {}: {err}", path.display()),
            SeedError::Json(err) => write!(f, "seed is not valid: {err}"),
            SeedError::Invalid(why) => write!(f, "seed is not valid: {why}"),
        }
    }
}

impl std::error::Error for SeedError {}

impl Seed {
    /// The seed embedded in the crate. It is validated by the crate's tests, so a failure here
    /// is a build defect, not an input error.
    pub fn default_seed() -> Seed {
        match Seed::from_json(DEFAULT_SEED) {
            Ok(seed) => seed,
            Err(err) => panic!("the embedded sandbox/seed.json is broken: {err}"),
        }
    }

    /// Reads and validates a seed file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| SeedError::Io(path.to_path_buf(), e))?;
        Seed::from_json(&text)
    }

    /// Parses and validates seed JSON.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let seed: Seed = serde_json::from_str(text).map_err(SeedError::Json)?;
        seed.validate()?;
        Ok(seed)
    }

    pub fn client_id(&self) -> &str {
        &self.client.client_id
    }

    /// The client's redirect URIs as written in the seed.
    pub fn redirect_uris(&self) -> &[String] {
        &self.client.redirect_uris
    }

    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// Logins in seed order (the sign-in page's order; the first is pre-selected).
    pub fn user_logins(&self) -> Vec<String> {
        self.users.iter().map(|u| u.login.clone()).collect()
    }

    /// The user's `/v2/my/info` object.
    pub fn user_info(&self, login: &str) -> Option<&Value> {
        self.user(login).map(|u| &u.info)
    }

    /// The user's classes in seed order; empty for an unknown login.
    pub fn user_classes(&self, login: &str) -> &[Value] {
        self.user(login)
            .map(|u| u.classes.as_slice())
            .unwrap_or(&[])
    }

    pub(crate) fn users(&self) -> &[SeedUser] {
        &self.users
    }

    pub(crate) fn user(&self, login: &str) -> Option<&SeedUser> {
        self.users.iter().find(|u| u.login == login)
    }

    /// The OneRoster teachers of class `class_id`: the seed's Teacher users who have the class,
    /// then the seed's `teachers` who teach it; if that finds nobody, one generated teacher
    /// (two for about one class in six), chosen by the class id so it never changes.
    pub(crate) fn class_teachers(&self, class_id: &str) -> Vec<Value> {
        let has_class = |classes: &[Value]| {
            classes
                .iter()
                .any(|c| c.get("sourcedId").and_then(Value::as_str) == Some(class_id))
        };
        let mut teachers: Vec<Value> = self
            .users
            .iter()
            .filter(|u| {
                u.role() == "Teacher" && !u.sourced_id().is_empty() && has_class(&u.classes)
            })
            .map(SeedUser::as_oneroster_teacher)
            .collect();
        teachers.extend(
            self.teachers
                .iter()
                .filter(|t| t.classes.iter().any(|c| c == class_id))
                .map(|t| t.user.clone()),
        );
        if teachers.is_empty() {
            let hash = class_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            let count = if hash % 6 == 0 { 2 } else { 1 };
            for i in 0..count {
                let index = (hash as usize + i * 3) % GENERATED_TEACHERS.len();
                let (given, family) = GENERATED_TEACHERS[index];
                let login = format!("{}{}", &given[..1], family).to_lowercase();
                teachers.push(teacher_object(
                    &format!("T-GEN-{}", index + 1),
                    given,
                    family,
                    &format!("{login}@demo.local"),
                    &login,
                    "",
                ));
            }
        }
        teachers
    }

    /// The user whose (non-empty) OneRoster `SourcedId` is `id`.
    pub(crate) fn user_by_sourced_id(&self, id: &str) -> Option<&SeedUser> {
        if id.is_empty() {
            return None;
        }
        self.users.iter().find(|u| u.sourced_id() == id)
    }

    /// Rejects seeds the handlers could not serve sensibly, with a message naming the problem.
    fn validate(&self) -> Result<(), SeedError> {
        let invalid = |why: String| Err(SeedError::Invalid(why));
        if self.client.client_id.is_empty() {
            return invalid("client.client_id is empty".into());
        }
        if self.users.is_empty() {
            return invalid("there are no users".into());
        }
        let mut logins = HashSet::new();
        let mut sourced_ids = HashSet::new();
        for user in &self.users {
            let login = &user.login;
            // Logins end up in element ids and URLs; keep them plain.
            if login.is_empty()
                || !login
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                return invalid(format!("login {login:?} must be [A-Za-z0-9._-]+"));
            }
            if !logins.insert(login.as_str()) {
                return invalid(format!("login {login:?} appears twice"));
            }
            let Some(info) = user.info.as_object() else {
                return invalid(format!("{login}: info must be an object"));
            };
            for key in ["DisplayName", "SourcedId", "Role"] {
                if !info.get(key).is_some_and(Value::is_string) {
                    return invalid(format!("{login}: info.{key} must be a string"));
                }
            }
            let sourced_id = user.sourced_id();
            if !sourced_id.is_empty() && !sourced_ids.insert(sourced_id) {
                return invalid(format!("{login}: SourcedId {sourced_id:?} is not unique"));
            }
            if sourced_id.is_empty() && !user.classes.is_empty() {
                return invalid(format!(
                    "{login}: classes without a SourcedId are unreachable"
                ));
            }
            let mut class_ids = HashSet::new();
            for class in &user.classes {
                match class.get("sourcedId").and_then(Value::as_str) {
                    Some(id) if class_ids.insert(id) => {}
                    Some(id) => return invalid(format!("{login}: class {id:?} appears twice")),
                    None => return invalid(format!("{login}: a class has no string sourcedId")),
                }
            }
        }
        for teacher in &self.teachers {
            if !teacher.user.get("sourcedId").is_some_and(Value::is_string) {
                return invalid("a teacher's user has no string sourcedId".into());
            }
        }
        Ok(())
    }
}

/// A OneRoster 1.1 user object with role `teacher`.
fn teacher_object(
    sourced_id: &str,
    given: &str,
    family: &str,
    email: &str,
    username: &str,
    org: &str,
) -> Value {
    let orgs: Vec<Value> = if org.is_empty() {
        Vec::new()
    } else {
        vec![json!({
            "href": format!("https://demo-district.oneroster.example/ims/oneroster/v1p1/orgs/{org}"),
            "sourcedId": org,
            "type": "org",
        })]
    };
    json!({
        "sourcedId": sourced_id,
        "status": "active",
        "dateLastModified": "2025-08-18T14:02:11.000Z",
        "username": username,
        "userIds": [],
        "enabledUser": "true",
        "givenName": given,
        "familyName": family,
        "middleName": "",
        "role": "teacher",
        "identifier": "",
        "email": email,
        "sms": "",
        "phone": "",
        "agents": [],
        "orgs": orgs,
        "grades": [],
    })
}
