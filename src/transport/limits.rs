//! Every time and size limit of the app's requests, in one place. docs/security.md states
//! each as it is written here, and a sandbox test proves each by its outcome.
//!
//! A deadline covers the whole request: its answer, its body, and (under DPoP) its one repeat
//! with a server's nonce. A size cap is generous (many times the largest answer seen from
//! ClassLink or another provider), so it never stops an honest answer; it stops a broken or
//! hostile server from filling the student's memory, and the reading stops at the cap rather
//! than at the deadline.

/// What a request asks for: it names the document in messages, and sets its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// `config.json` beside index.html.
    Config,
    /// The provider's OpenID discovery document.
    Discovery,
    /// The provider's signing keys (`jwks_uri`).
    Jwks,
    /// The token endpoint's answer: a code exchange or a refresh (never repeated, except
    /// once with a DPoP nonce).
    TokenAnswer,
    /// A revocation (RFC 7009): sent, never read.
    Revocation,
    /// One attempt at the profile API.
    Profile,
    /// One attempt at one page of the classes.
    ClassesPage,
    /// One class's teachers.
    Teachers,
    /// One of the self-check's probes of the token endpoint or an API.
    Probe,
    /// One of the self-check's requests for this page's own files: their headers only, the
    /// body is never read.
    HostHeaders,
}

/// 1 KiB.
const KB: usize = 1024;

impl Document {
    /// How long a request for it may take, body and DPoP nonce repeat included.
    pub fn deadline_ms(self) -> f64 {
        match self {
            // A code is single use: the one request gets more time than a GET that is retried.
            Document::TokenAnswer => 20_000.0,
            Document::Revocation => 5_000.0,
            Document::Config
            | Document::Discovery
            | Document::Jwks
            | Document::Profile
            | Document::ClassesPage
            | Document::Teachers
            | Document::Probe
            | Document::HostHeaders => 15_000.0,
        }
    }

    /// The most of its body the app reads; past it, none of it is used. Zero: the body is
    /// not read at all.
    pub fn cap_bytes(self) -> usize {
        match self {
            // ClassLink's whole configuration is one key; the longest is a few hundred bytes.
            Document::Config => 64 * KB,
            // ClassLink's is 3 KB, the largest providers' under 10 KB.
            Document::Discovery => 256 * KB,
            // A handful of keys, under 2 KB each.
            Document::Jwks => 256 * KB,
            // Tokens and an id_token: a few KB.
            Document::TokenAnswer => 64 * KB,
            Document::Revocation => 16 * KB,
            // A profile is about 2 KB.
            Document::Profile => 256 * KB,
            // 100 classes (the page size), about 1 KB each.
            Document::ClassesPage => 4096 * KB,
            // A few teachers, under 1 KB each.
            Document::Teachers => 1024 * KB,
            // An OAuth error or a 401's JSON.
            Document::Probe => 64 * KB,
            Document::HostHeaders => 0,
        }
    }

    /// Its name in an English sentence (configuration page, self-check, docs).
    pub fn name(self) -> &'static str {
        match self {
            Document::Config => "config.json",
            Document::Discovery => "the provider's discovery document",
            Document::Jwks => "the provider's signing keys (jwks_uri)",
            Document::TokenAnswer => "the token endpoint's answer",
            Document::Revocation => "the revocation endpoint's answer",
            Document::Profile => "the profile",
            Document::ClassesPage => "a page of classes",
            Document::Teachers => "a class's teachers",
            Document::Probe => "the probe's answer",
            Document::HostHeaders => "this page's file",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// index.html's config.json prefetch reads as the app does: the same cap and deadline.
    #[test]
    fn the_config_prefetch_script_keeps_the_apps_limits() {
        let index = include_str!("../../index.html");
        let cap = format!("CONFIG_CAP = {}", Document::Config.cap_bytes());
        let deadline = format!("CONFIG_DEADLINE_MS = {}", Document::Config.deadline_ms());
        assert!(index.contains(&cap), "index.html lacks {cap}");
        assert!(index.contains(&deadline), "index.html lacks {deadline}");
    }

    const ALL: [Document; 10] = [
        Document::Config,
        Document::Discovery,
        Document::Jwks,
        Document::TokenAnswer,
        Document::Revocation,
        Document::Profile,
        Document::ClassesPage,
        Document::Teachers,
        Document::Probe,
        Document::HostHeaders,
    ];

    #[test]
    fn every_document_has_a_deadline_a_cap_and_a_name() {
        for document in ALL {
            assert!(document.deadline_ms() >= 5_000.0, "{document:?}");
            assert!(document.deadline_ms() <= 20_000.0, "{document:?}");
            assert!(!document.name().is_empty());
        }
        // The limits docs/security.md states.
        assert_eq!(Document::TokenAnswer.deadline_ms(), 20_000.0);
        assert_eq!(Document::Profile.deadline_ms(), 15_000.0);
        assert_eq!(Document::Config.cap_bytes(), 65_536);
        assert_eq!(Document::HostHeaders.cap_bytes(), 0);
    }
}
