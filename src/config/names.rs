//! The names config.json uses: its keys, and the placeholders of its URL templates. A leaf
//! module: the reader (`file`), the templates and the messages (`error`) all name them.

/// Every key config.json may hold.
pub const KNOWN_KEYS: [&str; 13] = [
    "client_id",
    "scope",
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "profile_endpoint",
    "classes_endpoint",
    "teachers_endpoint",
    "sourced_id_claim",
    "redirect_uri",
    "logout_url",
    "dpop",
];

/// The placeholder in a per-student `classes_endpoint`: the student's OneRoster id.
pub const SOURCED_ID_PLACEHOLDER: &str = "{sourcedId}";
/// The placeholder in `teachers_endpoint`: the class's OneRoster id.
pub const CLASS_ID_PLACEHOLDER: &str = "{classSourcedId}";
