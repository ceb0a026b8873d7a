//! Why the app cannot start: config.json or the provider's discovery document got no usable
//! answer, or is not usable. Shown verbatim on the configuration error page (for the
//! district's staff, so in English like config.json itself), and on the self-check.

use std::fmt;

use crate::config::ConfigError;
use crate::transport::NoAnswer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// config.json got no usable answer.
    ConfigUnanswered(NoAnswer),
    /// The discovery document at `url` got no usable answer.
    DiscoveryUnanswered { url: String, why: NoAnswer },
    /// An answer came, and the configuration it makes is wrong: the key, and the problem.
    Config(ConfigError),
}

impl SetupError {
    /// A failure that may pass by itself (the network, a server error, a deadline): worth a
    /// "Try again". A wrong setting is not: the same page would fail the same way.
    pub fn may_pass(&self) -> bool {
        match self {
            SetupError::ConfigUnanswered(why) | SetupError::DiscoveryUnanswered { why, .. } => {
                why.may_pass()
            }
            SetupError::Config(error) => error.may_pass(),
        }
    }
}

impl From<ConfigError> for SetupError {
    fn from(error: ConfigError) -> Self {
        SetupError::Config(error)
    }
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::ConfigUnanswered(NoAnswer::Unreachable) => {
                write!(f, "config.json could not be loaded (network error)")
            }
            SetupError::ConfigUnanswered(why) => write!(f, "config.json {why}"),
            SetupError::DiscoveryUnanswered { url, why } => {
                write!(f, "the provider's discovery document ({url}) {why}")
            }
            SetupError::Config(error) => error.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answer_is_told_with_the_document_it_was_for() {
        assert_eq!(
            SetupError::ConfigUnanswered(NoAnswer::Status(404)).to_string(),
            "config.json could not be loaded (HTTP 404)"
        );
        assert_eq!(
            SetupError::ConfigUnanswered(NoAnswer::Unreachable).to_string(),
            "config.json could not be loaded (network error)"
        );
        let discovery = SetupError::DiscoveryUnanswered {
            url: "https://idp.example/.well-known/openid-configuration".into(),
            why: NoAnswer::TooLarge { cap_bytes: 262_144 },
        };
        assert!(discovery
            .to_string()
            .starts_with("the provider's discovery document (https://idp.example/"));
        assert!(discovery.to_string().contains("256 KB"), "{discovery}");
        assert!(!discovery.may_pass());
        assert!(SetupError::ConfigUnanswered(NoAnswer::TimedOut).may_pass());
    }
}
