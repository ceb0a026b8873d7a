//! The self-check screen (`?check`): one line per check with its verdict in words (not only
//! a colour), what to do, and the facts found; and the same as plain text to copy.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::portal::use_portal;
use crate::app::self_check;
use crate::browser::location;
use crate::check::report::{advice_text, check_title, plain_text, verdict_word};
use crate::check::CheckLine;

/// The diagnostics screen.
#[component]
pub fn SelfCheckScreen() -> impl IntoView {
    let portal = use_portal();
    let lines = RwSignal::new(Vec::<CheckLine>::new());
    let done = RwSignal::new(false);
    spawn_local(async move {
        self_check::run(lines).await;
        done.try_set(true);
        portal.announce(portal.texts().check_title);
    });
    let page = StoredValue::new(
        location::current()
            .map(|p| format!("{}?{}", p.page_url(), p.query))
            .unwrap_or_default(),
    );
    let report = move || page.with_value(|page| plain_text(portal.texts(), page, &lines.get()));
    let copy = move |_| {
        let text = report();
        if let Some(window) = web_sys::window() {
            // A refused clipboard leaves the report below to copy by hand.
            let _ = window.navigator().clipboard().write_text(&text);
        }
        portal.announce(portal.texts().check_copied);
    };

    let line_views = move || {
        let t = portal.texts();
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
            <h1>{portal.text(|t| t.check_title)}</h1>
            <p>{portal.text(|t| t.check_intro)}</p>
            <ul class="check-list">{line_views}</ul>
            {move || (!done.get()).then(|| view! { <p class="loading" data-testid="check-running">{portal.text(|t| t.check_running)}</p> })}
            <button class="button primary" type="button" data-testid="check-copy" on:click=copy>
                {portal.text(|t| t.check_copy)}
            </button>
            <details class="check-report">
                <summary>{portal.text(|t| t.check_copy)}</summary>
                <pre data-testid="check-report">{report}</pre>
            </details>
        </section>
    }
}
