//! The self-check screen (`?check`): one line per check with its verdict in words (not only
//! a colour), what to do, and the facts found; and the same as plain text to copy.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use super::report::{advice_text, check_title, plain_text, verdict_word};
use super::run;
use super::texts::CheckTexts;
use super::CheckLine;
use crate::browser::location;
use crate::i18n::choice::set_document_language;
use crate::ui::announcer::{use_announcer, Announcer, LiveRegion};
use crate::ui::header::AppHeader;
use crate::ui::language::{use_language, Language};

/// The diagnostics screen.
#[component]
pub fn SelfCheckScreen() -> impl IntoView {
    let language = use_language();
    let announcer = use_announcer();
    // The self-check's own catalogue, in the page's language (reactive).
    let texts = move || CheckTexts::of(language.get());
    let text = move |pick: fn(&'static CheckTexts) -> &'static str| move || pick(texts());
    let lines = RwSignal::new(Vec::<CheckLine>::new());
    let done = RwSignal::new(false);
    // The run stops with the screen.
    spawn_local_scoped_with_cancellation(async move {
        run::run(lines).await;
        done.try_set(true);
        announcer.say(CheckTexts::of(language.now()).check_title);
    });
    let page = StoredValue::new(
        location::current()
            .map(|p| format!("{}?{}", p.page_url(), p.query))
            .unwrap_or_default(),
    );
    let report = move || page.with_value(|page| plain_text(texts(), page, &lines.get()));
    let copy = move |_| {
        let text = report();
        if let Some(window) = web_sys::window() {
            // A refused clipboard leaves the report below to copy by hand.
            let _ = window.navigator().clipboard().write_text(&text);
        }
        announcer.say(CheckTexts::of(language.now()).check_copied);
    };

    let line_views = move || {
        let t = texts();
        lines
            .get()
            .into_iter()
            .map(|line| {
                let verdict = line.verdict.as_str();
                view! {
                    <li class=format!("check-line {verdict}") data-testid=format!("check-{}", line.id.as_str())
                        data-verdict=verdict>
                        <h2>
                            <span class="verdict">{verdict_word(t, line.verdict)}</span>
                            " "
                            {check_title(t, line.id)}
                        </h2>
                        {line.advice.iter().map(|a| view! { <p class="advice">{advice_text(t, *a)}</p> }).collect_view()}
                        <ul class="facts">
                            {line.facts.into_iter().map(|fact| view! { <li><code>{fact}</code></li> }).collect_view()}
                        </ul>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="self-check" data-testid="self-check" aria-busy=move || (!done.get()).to_string()>
            <h1>{text(|t| t.check_title)}</h1>
            <p>{text(|t| t.check_intro)}</p>
            <ul class="check-list">{line_views}</ul>
            {move || (!done.get()).then(|| view! { <p class="loading" data-testid="check-running">{text(|t| t.check_running)}</p> })}
            <button class="button primary" type="button" data-testid="check-copy" on:click=copy>
                {text(|t| t.check_copy)}
            </button>
            <details class="check-report">
                <summary>{text(|t| t.check_copy)}</summary>
                <pre data-testid="check-report">{report}</pre>
            </details>
        </section>
    }
}

/// The self-check page's root (check/index.html, `src/check_main.rs`): the app's header, its
/// language switcher and live region around the diagnostics, without the app itself.
#[component]
pub fn SelfCheckApp() -> impl IntoView {
    let language = Language::provide();
    Announcer::provide();
    Effect::new(move || set_document_language(language.get()));
    view! {
        <AppHeader/>
        <main id="main" class="app-main"><SelfCheckScreen/></main>
        <LiveRegion/>
    }
}
