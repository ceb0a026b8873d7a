//! The self-check as plain text, for "Copy report": the same lines as the screen, in the
//! page's language, so a district can paste it into a ticket to ClassLink or its host.

use super::line::{Advice, CheckId, CheckLine, Verdict};
use super::texts::CheckTexts as Texts;

/// The report: a title, the page it was run from, then each line with its facts.
pub fn plain_text(t: &Texts, page: &str, lines: &[CheckLine]) -> String {
    let mut out = format!("{}\n{page}\n", t.check_title);
    for line in lines {
        out.push_str(&format!(
            "\n[{}] {}\n",
            verdict_word(t, line.verdict),
            check_title(t, line.id)
        ));
        for advice in &line.advice {
            out.push_str(&format!("  {}\n", advice_text(t, *advice)));
        }
        for fact in &line.facts {
            out.push_str(&format!("  - {fact}\n"));
        }
    }
    out
}

pub fn verdict_word(t: &Texts, verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Passed => t.check_passed,
        Verdict::Failed => t.check_failed,
        Verdict::Unknown => t.check_unknown,
    }
}

pub fn check_title(t: &Texts, id: CheckId) -> &'static str {
    match id {
        CheckId::Config => t.check_config,
        CheckId::Discovery => t.check_discovery,
        CheckId::RedirectUri => t.check_redirect_uri,
        CheckId::Token => t.check_token,
        CheckId::Profile => t.check_profile,
        CheckId::Classes => t.check_classes,
        CheckId::SignOut => t.check_sign_out,
        CheckId::Host => t.check_host,
    }
}

pub fn advice_text(t: &Texts, advice: Advice) -> &'static str {
    match advice {
        Advice::ConfigValid => t.advice_config_valid,
        Advice::ConfigInvalid => t.advice_config_invalid,
        Advice::DiscoveryRead => t.advice_discovery_read,
        Advice::DiscoveryNotNeeded => t.advice_discovery_not_needed,
        Advice::DiscoveryFailed => t.advice_discovery_failed,
        Advice::RegisterRedirectUri => t.advice_register_redirect_uri,
        Advice::TokenAccepted => t.advice_token_accepted,
        Advice::SecretRequired => t.advice_secret_required,
        Advice::DeployCompanion => t.advice_deploy_companion,
        Advice::CompanionAccepted => t.advice_companion_accepted,
        Advice::CompanionSecretRefused => t.advice_companion_secret_refused,
        Advice::CompanionRefused => t.advice_companion_refused,
        Advice::CorsRefused => t.advice_cors_refused,
        Advice::Unreachable => t.advice_unreachable,
        Advice::NoAnswerInTime => t.advice_no_answer_in_time,
        Advice::UnexpectedAnswer => t.advice_unexpected_answer,
        Advice::ApiAnswers => t.advice_api_answers,
        Advice::CompanionPassThrough => t.advice_companion_pass_through,
        Advice::HostHeadersGood => t.advice_host_good,
        Advice::CspBlocks => t.advice_csp_blocks,
        Advice::NoFrameProtection => t.advice_no_frame_protection,
        Advice::NoHsts => t.advice_no_hsts,
        Advice::NoNosniff => t.advice_no_nosniff,
        Advice::PageCached => t.advice_page_cached,
        Advice::ConfigCached => t.advice_config_cached,
        Advice::AssetsNotCached => t.advice_assets_not_cached,
        Advice::SharedOrigin => t.advice_shared_origin,
        Advice::ProviderSignOut => t.advice_provider_sign_out,
        Advice::LogoutUrlOffered => t.advice_logout_url_offered,
        Advice::NoLogoutUrl => t.advice_no_logout_url,
        Advice::NotChecked => t.advice_not_checked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_report_has_every_line_its_advice_and_facts() {
        let lines = [
            CheckLine::new(
                CheckId::RedirectUri,
                Verdict::Passed,
                Advice::RegisterRedirectUri,
            )
            .fact("https://portal.district.example/"),
            CheckLine::new(CheckId::Token, Verdict::Failed, Advice::SecretRequired),
        ];
        let t = Texts::of(Lang::En);
        let text = plain_text(t, "https://portal.district.example/?check", &lines);
        assert!(text.starts_with(t.check_title));
        assert!(text.contains("[passed]") || text.contains(&format!("[{}]", t.check_passed)));
        assert!(text.contains(&format!("[{}] {}", t.check_failed, t.check_token)));
        assert!(text.contains(t.advice_secret_required));
        assert!(text.contains("  - https://portal.district.example/\n"));
    }
}
