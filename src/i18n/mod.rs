//! Every user-visible string, one catalogue per language. A catalogue is a struct, so a
//! language missing a key does not compile.

mod en;

pub use en::EN;

/// Languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
}

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
        }
    }
}

/// The catalogue. Plain strings are `&'static str`; strings with values are functions.
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub sign_in: &'static str,
    pub sign_in_again: &'static str,
    pub try_again: &'static str,
    pub sign_out: &'static str,
    pub loading: &'static str,
    pub signing_in: &'static str,
    pub redirecting: &'static str,
    pub notice_signed_out: &'static str,
    pub notice_session_expired: &'static str,
    pub notice_stale_callback: &'static str,
    pub notice_expired_sign_in: &'static str,
    pub signed_in_as: fn(&str) -> String,

    pub profile_heading: &'static str,
    pub label_role: &'static str,
    pub label_school: &'static str,
    pub label_district: &'static str,
    pub label_email: &'static str,
    pub loading_profile: &'static str,

    pub classes_heading: &'static str,
    pub class_count: fn(usize) -> String,
    pub label_class_code: &'static str,
    pub label_room: &'static str,
    pub label_period: &'static str,
    pub label_subjects: &'static str,
    pub label_grades: &'static str,
    pub label_term: &'static str,
    pub homeroom: &'static str,
    pub untitled_class: &'static str,
    pub loading_classes: &'static str,
    pub classes_empty: &'static str,
    pub no_oneroster: &'static str,

    pub config_error_title: &'static str,
    pub config_error_help: &'static str,

    pub sign_in_failed_title: &'static str,
    pub access_denied: &'static str,
    pub provider_error: fn(&str) -> String,
    pub provider_said: &'static str,
    pub malformed_callback: &'static str,
    pub issuer_mismatch: &'static str,
    pub launchpad_loop: &'static str,
    pub storage_unavailable: &'static str,
    pub storage_full: &'static str,
    pub no_randomness: &'static str,
    pub navigation_failed: &'static str,
    pub token_rejected: fn(&str) -> String,
    pub token_http: fn(u16) -> String,
    pub token_not_json: &'static str,
    pub token_missing: &'static str,
    pub token_type: fn(&str) -> String,
    pub token_unreachable: &'static str,
    pub token_timed_out: &'static str,

    pub profile_failed_title: &'static str,
    pub classes_failed_title: &'static str,
    pub api_forbidden: &'static str,
    pub api_not_found: &'static str,
    pub api_rate_limited: &'static str,
    pub api_server: fn(u16) -> String,
    pub api_unreachable: &'static str,
    pub api_timed_out: &'static str,
    pub api_malformed: &'static str,
}
