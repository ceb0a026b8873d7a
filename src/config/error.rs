//! What can be wrong with the configuration, and the sentence that tells the person who
//! deployed the app which key to fix and how. Shown verbatim on the configuration error
//! page (for the district's staff, so in English like config.json itself).

use std::fmt;

use oauth_public_client::discovery::DocumentProblem;
use oauth_public_client::urls::UrlProblem;

use super::names::{CLASS_ID_PLACEHOLDER, KNOWN_KEYS, SOURCED_ID_PLACEHOLDER};

/// What is wrong with the configuration, and which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending key, `None` when the document as a whole is wrong.
    pub key: Option<String>,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// config.json could not be fetched (HTTP status, or 0 for a network failure).
    Unavailable {
        status: u16,
    },
    NotJson {
        detail: String,
    },
    NotAnObject,
    /// Valid JSON and an object, but not a usable one (a key given twice).
    Invalid {
        detail: String,
    },
    Missing,
    /// Required because the issuer is not ClassLink's, whose API the app knows.
    MissingForIssuer,
    NotAString,
    /// `teachers_endpoint`: a URL template, or `false`.
    NotAStringOrFalse,
    /// `dpop`: true or false.
    NotABoolean,
    Empty,
    UnknownKey,
    BadUrl(UrlProblem),
    BadScope,
    MissingPlaceholder(&'static str),
    PlaceholderOutsidePath(&'static str),
    ReservedQueryParameter(String),
    /// The issuer must be a plain URL: no query (OpenID Connect Discovery §3).
    IssuerWithQuery,
    /// `{issuer}/.well-known/openid-configuration` could not be used.
    Discovery {
        url: String,
        problem: DiscoveryProblem,
    },
}

/// Why the provider's discovery document could not be used: it could not be had, or it was
/// had and the protocol's check refused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscoveryProblem {
    /// No answer (0: network failure or CORS refusal), or an HTTP error status.
    Unavailable {
        status: u16,
    },
    TimedOut,
    Document(DocumentProblem),
}

impl ConfigError {
    /// A failure that may pass by itself (the network, a server error, a deadline): worth a
    /// "Try again". A wrong setting is not: the same page would fail the same way.
    pub fn may_pass(&self) -> bool {
        match &self.problem {
            ConfigProblem::Unavailable { status } => *status == 0 || *status >= 500,
            ConfigProblem::Discovery { problem, .. } => match problem {
                DiscoveryProblem::TimedOut => true,
                DiscoveryProblem::Unavailable { status } => *status == 0 || *status >= 500,
                DiscoveryProblem::Document(_) => false,
            },
            _ => false,
        }
    }
}

pub(super) fn error(key: &str, problem: ConfigProblem) -> ConfigError {
    ConfigError {
        key: Some(key.to_string()),
        problem,
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key.as_deref().unwrap_or("config.json");
        match &self.problem {
            ConfigProblem::Unavailable { status: 0 } => {
                write!(f, "config.json could not be loaded (network error)")
            }
            ConfigProblem::Unavailable { status } => {
                write!(f, "config.json could not be loaded (HTTP {status})")
            }
            ConfigProblem::NotJson { detail } => write!(f, "config.json is not valid JSON: {detail}"),
            ConfigProblem::NotAnObject => write!(f, "config.json must be a JSON object"),
            ConfigProblem::Invalid { detail } => write!(f, "config.json is not usable: {detail}"),
            ConfigProblem::Missing => write!(f, "\"{key}\" is required but missing"),
            ConfigProblem::MissingForIssuer => write!(
                f,
                "\"{key}\" is required when \"issuer\" is not ClassLink's (https://launchpad.classlink.com)"
            ),
            ConfigProblem::NotAString => write!(f, "\"{key}\" must be a string"),
            ConfigProblem::NotAStringOrFalse => write!(
                f,
                "\"{key}\" must be a URL containing {CLASS_ID_PLACEHOLDER}, or false to show no teachers"
            ),
            ConfigProblem::NotABoolean => write!(f, "\"{key}\" must be true or false"),
            ConfigProblem::Empty => write!(f, "\"{key}\" must not be empty"),
            ConfigProblem::UnknownKey => write!(
                f,
                "\"{key}\" is not a known setting (known: {})",
                KNOWN_KEYS.join(", ")
            ),
            ConfigProblem::BadUrl(problem) => write!(f, "\"{key}\" {problem}"),
            ConfigProblem::BadScope => write!(
                f,
                "\"{key}\" must be space-separated scope names such as \"openid profile oneroster\""
            ),
            ConfigProblem::MissingPlaceholder(placeholder) => {
                let what = if *placeholder == SOURCED_ID_PLACEHOLDER {
                    "the student's id goes (or no placeholder at all, for a list of the student's own classes)"
                } else {
                    "the class's id goes"
                };
                write!(
                    f,
                    "\"{key}\" must contain {placeholder} exactly once, where {what}"
                )
            }
            ConfigProblem::PlaceholderOutsidePath(placeholder) => {
                write!(f, "\"{key}\" must have {placeholder} in its path")
            }
            ConfigProblem::ReservedQueryParameter(name) => write!(
                f,
                "\"{key}\" must not already carry the \"{name}\" parameter: the app adds it"
            ),
            ConfigProblem::IssuerWithQuery => {
                write!(f, "\"{key}\" must not contain a query (\"?…\")")
            }
            ConfigProblem::Discovery { url, problem } => {
                write!(f, "the provider's discovery document ({url}) {problem}")
            }
        }
    }
}

impl fmt::Display for DiscoveryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscoveryProblem::Unavailable { status: 0 } => write!(
                f,
                "could not be loaded (network error, or the provider refused this origin)"
            ),
            DiscoveryProblem::Unavailable { status } => {
                write!(f, "could not be loaded (HTTP {status})")
            }
            DiscoveryProblem::TimedOut => write!(f, "did not answer in time"),
            DiscoveryProblem::Document(problem) => document_problem(f, problem),
        }
    }
}

/// What the protocol's check of the document found, and what to write in config.json.
fn document_problem(f: &mut fmt::Formatter<'_>, problem: &DocumentProblem) -> fmt::Result {
    match problem {
        DocumentProblem::NotJson { detail } => write!(f, "is not usable JSON: {detail}"),
        DocumentProblem::IssuerMismatch { found } => write!(
            f,
            "names the issuer \"{found}\", not the configured one: check \"issuer\""
        ),
        DocumentProblem::MissingEndpoint(key) => {
            write!(f, "has no \"{key}\": write it in config.json")
        }
        DocumentProblem::BadEndpoint { key, problem } => {
            write!(f, "gives a \"{key}\" that {problem}")
        }
        DocumentProblem::ReservedQueryParameter { key, name } => write!(
            f,
            "gives a \"{key}\" that already carries the \"{name}\" parameter"
        ),
        DocumentProblem::DpopWithoutEs256 => write!(
            f,
            "lists no ES256 in \"dpop_signing_alg_values_supported\", the one algorithm this app signs DPoP proofs with: remove \"dpop\": true from config.json"
        ),
    }
}
