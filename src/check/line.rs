//! One line of the self-check: what was checked, the verdict, the facts found, and what to do.

/// The three answers a check can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Failed,
    /// Not answerable from here (e.g. an opaque answer): says what to check by hand.
    Unknown,
}

impl Verdict {
    /// For `data-verdict`, and the plain-text report.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::Unknown => "unknown",
        }
    }
}

/// What was checked; the order is the screen's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckId {
    Config,
    Discovery,
    RedirectUri,
    Token,
    Profile,
    Classes,
    /// What sign-out can end on a shared device.
    SignOut,
    Host,
}

impl CheckId {
    /// For `data-testid="check-…"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Config => "config",
            CheckId::Discovery => "discovery",
            CheckId::RedirectUri => "redirect-uri",
            CheckId::Token => "token",
            CheckId::Profile => "profile",
            CheckId::Classes => "classes",
            CheckId::SignOut => "sign-out",
            CheckId::Host => "host",
        }
    }
}

/// What to do about a finding; the words are in the catalogues (`crate::i18n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    ConfigValid,
    ConfigInvalid,
    DiscoveryRead,
    DiscoveryNotNeeded,
    DiscoveryFailed,
    RegisterRedirectUri,
    TokenAccepted,
    SecretRequired,
    /// After a wanted secret or a CORS refusal at the token endpoint: the companion, and
    /// where the deployment guide describes it.
    DeployCompanion,
    /// The token endpoint is the companion, and the provider accepted the secret it adds.
    CompanionAccepted,
    /// The companion answers, but the provider refused its client id or secret.
    CompanionSecretRefused,
    /// The companion refused the probe itself (its reason is in the facts).
    CompanionRefused,
    CorsRefused,
    Unreachable,
    NoAnswerInTime,
    UnexpectedAnswer,
    ApiAnswers,
    /// After a CORS refusal at an API: the companion's pass-through.
    CompanionPassThrough,
    HostHeadersGood,
    CspBlocks,
    NoFrameProtection,
    NoHsts,
    NoNosniff,
    PageCached,
    ConfigCached,
    AssetsNotCached,
    /// The page shares its origin (storage, BroadcastChannel) with other sites.
    SharedOrigin,
    /// The provider ends its own session at sign-out.
    ProviderSignOut,
    /// No end-session, and `logout_url` set: the signed-out screen offers it.
    LogoutUrlOffered,
    /// No end-session, and no `logout_url`: the provider's session outlives sign-out.
    NoLogoutUrl,
    NotChecked,
}

/// A finished check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLine {
    pub id: CheckId,
    pub verdict: Verdict,
    /// What to do (the first) and every other problem found.
    pub advice: Vec<Advice>,
    /// The facts: URLs, statuses, values in use. Shown as text, never translated.
    pub facts: Vec<String>,
}

impl CheckLine {
    pub fn new(id: CheckId, verdict: Verdict, advice: Advice) -> CheckLine {
        CheckLine {
            id,
            verdict,
            advice: vec![advice],
            facts: Vec::new(),
        }
    }

    /// A line whose advice is `advice`, in order (the first says what to do).
    pub fn advised(id: CheckId, verdict: Verdict, advice: &[Advice]) -> CheckLine {
        CheckLine {
            id,
            verdict,
            advice: advice.to_vec(),
            facts: Vec::new(),
        }
    }

    pub fn fact(mut self, fact: impl Into<String>) -> CheckLine {
        self.facts.push(fact.into());
        self
    }
}
