//! The session's clock on the signed-in screen: a refresh shortly before the token runs out
//! where there is a refresh token; otherwise (or when that refresh fails) a polite notice a
//! few minutes before, with "Stay signed in"; and the end of the session at expiry. Every
//! timer is set again after a refresh, and dies with the screen; a refresh that lands after
//! the screen is gone touches nothing of it (the `try_` accessors).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::announcer::{use_announcer, Announcer};
use super::language::{use_language, Language};
use crate::app::controller::{use_controller, SessionController};
use crate::app::keeper::SessionKeeper;
use crate::app::screen::Notice;
use crate::browser::clock::now_ms;
use crate::browser::timer::Timeout;

/// The timers, and the notice when it is due.
#[component]
pub fn SessionClock(
    /// The session whose expiry the clock follows.
    keeper: SessionKeeper,
) -> impl IntoView {
    let controller = use_controller();
    let language = use_language();
    let announcer = use_announcer();
    let ending = RwSignal::new(false);
    let timers = StoredValue::new_local(Vec::<Timeout>::new());
    let version = keeper.version.clone();
    Effect::new(move || {
        version.track();
        ending.set(false);
        let said = Said {
            ending,
            language,
            announcer,
        };
        timers.set_value(schedule(controller, &keeper, said));
    });

    let notice = move || {
        ending.get().then(|| {
            view! {
                <aside class="expiry-notice" data-testid="expiry-notice" tabindex="-1"
                    aria-labelledby="expiry-notice-text">
                    <p id="expiry-notice-text">{language.text(|t| t.session_ending)}</p>
                    <button class="button primary" type="button" data-testid="stay-signed-in"
                        on:click=move |_| controller.stay_signed_in()>
                        {language.text(|t| t.stay_signed_in)}
                    </button>
                </aside>
            }
        })
    };
    view! { {notice} }
}

/// How the notice is shown and spoken.
#[derive(Clone, Copy)]
struct Said {
    ending: RwSignal<bool>,
    language: Language,
    announcer: Announcer,
}

impl Said {
    fn show(self) {
        // `try_set` hands the value back when the screen (and the signal) is gone.
        if self.ending.try_set(true).is_some() {
            return;
        }
        self.announcer
            .say(self.language.now().texts().session_ending);
    }
}

/// The timers for the session as it is now.
fn schedule(controller: SessionController, keeper: &SessionKeeper, said: Said) -> Vec<Timeout> {
    let session = keeper.session();
    let now = now_ms();
    let end = {
        let keeper = keeper.clone();
        Timeout::new(session.expires_at_ms - now, move || {
            controller.end_session_of(&keeper, Notice::SessionExpired)
        })
    };
    let before_end = if keeper.can_refresh() {
        let keeper = keeper.clone();
        Timeout::new(session.refresh_at_ms() - now, move || {
            spawn_local(async move {
                if keeper.refresh().await.is_err() {
                    said.show();
                }
            })
        })
    } else {
        Timeout::new(session.notice_at_ms() - now, move || said.show())
    };
    vec![end, before_end]
}
