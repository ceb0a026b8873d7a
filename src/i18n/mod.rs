//! Every user-visible string, one catalogue per language. A catalogue is a struct, so a
//! language missing a key does not compile.
//!
//! Which language to speak is decided by [`resolve`]: the student's own choice (the
//! switcher, remembered in localStorage), else the profile's `Language`, else the browser's
//! `navigator.languages`, else English. The decisions are pure and tested natively; the
//! browser reads and writes live in [`choice`] and [`dates`].

pub mod choice;
pub mod dates;
mod en;
mod es;
mod lists;

pub use en::EN;
pub use es::ES;

/// Languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }

    /// The BCP 47 tag, for `<html lang>`, `Intl` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The language a tag such as `es`, `es-MX`, `ES_419` or ClassLink's `Spanish` names,
    /// if the app speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let is = |names: &[&str]| names.iter().any(|n| primary.eq_ignore_ascii_case(n));
        if is(&["en", "eng", "english"]) {
            Some(Lang::En)
        } else if is(&["es", "spa", "spanish", "español", "espanol"]) || tag == "Español" {
            Some(Lang::Es)
        } else {
            None
        }
    }
}

/// The first of the browser's preferred languages the app speaks.
pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
    tags.into_iter().find_map(Lang::from_tag)
}

/// The language to show: the student's choice, else the profile's, else the browser's,
/// else English.
pub fn resolve(chosen: Option<Lang>, profile: Option<&str>, browser: Option<Lang>) -> Lang {
    chosen
        .or_else(|| profile.and_then(Lang::from_tag))
        .or(browser)
        .unwrap_or(Lang::En)
}

/// Declares the catalogue struct, and lists its plain strings by key for the tests that
/// check every language is complete.
macro_rules! catalogue {
    (
        plain { $($key:ident),* $(,)? }
        formatted { $($fkey:ident : $ty:ty),* $(,)? }
    ) => {
        /// The catalogue. Plain strings are `&'static str`; strings with values are functions.
        pub struct Texts {
            $(pub $key: &'static str,)*
            $(pub $fkey: $ty,)*
        }

        impl Texts {
            /// Every plain string with its key.
            pub fn plain(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key)),*]
            }
        }
    };
}

catalogue! {
    plain {
        language_name, language_label, skip_to_content,
        app_name, tagline, sign_in, sign_in_again, try_again, sign_out, loading, signing_in,
        redirecting, notice_signed_out, provider_session_open, sign_out_of_provider,
        notice_session_expired, notice_stale_callback,
        notice_expired_sign_in, welcome_back, notice_resume_failed, session_ending,
        stay_signed_in,
        check_link,
        dashboard_heading, profile_heading, label_role, label_school, label_district,
        label_email, label_last_access, loading_profile,
        classes_heading, label_class_code, label_room, label_period, label_subjects,
        label_grades, label_term, homeroom, untitled_class, loading_classes, classes_empty,
        no_oneroster, filter_label, filter_hint, label_teacher, label_teachers,
        config_error_title, config_error_help,
        sign_in_failed_title, access_denied, provider_said, malformed_callback,
        issuer_mismatch, launchpad_loop, storage_unavailable, storage_full, no_randomness,
        navigation_failed, token_not_json, token_missing, token_unreachable, token_timed_out,
        token_too_large,
        id_token_clock, id_token_keys_unavailable, id_token_no_crypto, token_downgraded,
        dpop_unavailable, api_no_proof,
        profile_failed_title, classes_failed_title, api_forbidden, api_not_found,
        api_rate_limited, api_unreachable, api_timed_out, api_malformed, api_too_large,
    }
    formatted {
        signed_in_as: fn(&str) -> String,
        class_count: fn(usize) -> String,
        filter_count: fn(usize, usize) -> String,
        filter_none: fn(&str) -> String,
        name_list: fn(&[String]) -> String,
        more_names: fn(usize) -> String,
        provider_error: fn(&str) -> String,
        token_rejected: fn(&str) -> String,
        token_http: fn(u16) -> String,
        token_type: fn(&str) -> String,
        token_characters: fn(&str) -> String,
        id_token_rejected: fn(&str) -> String,
        api_server: fn(u16) -> String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words that are the same in every language: names and codes.
    const SAME_EVERYWHERE: &[&str] = &[];

    #[test]
    fn every_key_has_text_in_every_language() {
        let english = EN.plain();
        for lang in Lang::ALL {
            let texts = lang.texts().plain();
            assert_eq!(texts.len(), english.len());
            for ((key, text), (en_key, en_text)) in texts.iter().zip(&english) {
                assert_eq!(key, en_key);
                assert!(!text.trim().is_empty(), "{lang:?}.{key} is empty");
                if lang != Lang::En && !SAME_EVERYWHERE.contains(key) {
                    assert_ne!(text, en_text, "{lang:?}.{key} is still English");
                }
            }
        }
    }

    #[test]
    fn every_formatted_key_uses_its_values_in_every_language() {
        for lang in Lang::ALL {
            let t = lang.texts();
            for (key, text) in [
                ("signed_in_as", (t.signed_in_as)("Zoë")),
                ("filter_none", (t.filter_none)("xyz")),
                ("provider_error", (t.provider_error)("server_error")),
                ("token_rejected", (t.token_rejected)("invalid_grant")),
                ("token_type", (t.token_type)("mac")),
                ("token_characters", (t.token_characters)("refresh_token")),
            ] {
                let value = [
                    "Zoë",
                    "xyz",
                    "server_error",
                    "invalid_grant",
                    "mac",
                    "refresh_token",
                ];
                assert!(
                    value.iter().any(|v| text.contains(v)),
                    "{lang:?}.{key}: {text}"
                );
            }
            assert!((t.token_http)(502).contains("502"));
            assert!((t.api_server)(503).contains("503"));
            assert!((t.class_count)(7).contains('7'));
            assert!(!(t.class_count)(1).contains("1 classes"));
            let names = ["Ana".to_string(), "Luis".to_string()];
            let list = (t.name_list)(&names);
            assert!(list.contains("Ana") && list.contains("Luis"), "{list}");
            assert!((t.more_names)(5).contains('5'));
            let shown = (t.filter_count)(12, 230);
            assert!(shown.contains("12") && shown.contains("230"), "{shown}");
        }
        assert_eq!((EN.class_count)(3), "3 classes");
        assert_eq!((ES.class_count)(1), "1 clase");
        assert_eq!((ES.class_count)(3), "3 clases");
    }

    #[test]
    fn tags_name_languages() {
        for (tag, lang) in [
            ("en", Some(Lang::En)),
            ("en-US", Some(Lang::En)),
            ("EN_gb", Some(Lang::En)),
            ("es", Some(Lang::Es)),
            ("es-419", Some(Lang::Es)),
            ("es_MX", Some(Lang::Es)),
            (" ES ", Some(Lang::Es)),
            ("Spanish", Some(Lang::Es)),
            ("Español", Some(Lang::Es)),
            ("English", Some(Lang::En)),
            ("fr-CA", None),
            ("", None),
            ("e", None),
            ("esperanto", None),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag:?}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
        }
    }

    #[test]
    fn the_first_spoken_browser_language_wins() {
        assert_eq!(from_preferences(["fr-FR", "es-MX", "en"]), Some(Lang::Es));
        assert_eq!(from_preferences(["en-US", "es"]), Some(Lang::En));
        assert_eq!(from_preferences(["fr", "de"]), None);
        assert_eq!(from_preferences([]), None);
    }

    #[test]
    fn the_choice_beats_the_profile_which_beats_the_browser() {
        let es = Some(Lang::Es);
        assert_eq!(resolve(Some(Lang::En), Some("es"), es), Lang::En);
        assert_eq!(resolve(None, Some("es"), Some(Lang::En)), Lang::Es);
        assert_eq!(resolve(None, Some("en"), es), Lang::En);
        // A profile language the app does not speak falls through to the browser's.
        assert_eq!(resolve(None, Some("fr"), es), Lang::Es);
        assert_eq!(resolve(None, Some(""), es), Lang::Es);
        assert_eq!(resolve(None, None, None), Lang::En);
    }
}
