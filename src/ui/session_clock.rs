//! The session's clock on the signed-in screen: a refresh shortly before the token runs out
//! where there is a refresh token; otherwise (or when that refresh fails) a polite notice a
//! few minutes before, with "Stay signed in"; and the end of the session at expiry. Every
//! timer is set again after a refresh, and dies with the screen.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::keeper::SessionKeeper;
use crate::app::portal::{use_portal, Portal};
use crate::app::screen::Notice;
use crate::browser::clock::now_ms;
use crate::browser::timer::Timeout;

/// The timers, and the notice when it is due.
#[component]
pub fn SessionClock(
    /// The session whose expiry the clock follows.
    keeper: SessionKeeper,
) -> impl IntoView {
    let portal = use_portal();
    let ending = RwSignal::new(false);
    let timers = StoredValue::new_local(Vec::<Timeout>::new());
    let version = keeper.version.clone();
    Effect::new(move || {
        version.track();
        ending.set(false);
        timers.set_value(schedule(portal, &keeper, ending));
    });

    let notice = move || {
        ending.get().then(|| {
            view! {
                <aside class="expiry-notice" data-testid="expiry-notice" tabindex="-1"
                    aria-labelledby="expiry-notice-text">
                    <p id="expiry-notice-text">{portal.text(|t| t.session_ending)}</p>
                    <button class="button primary" type="button" data-testid="stay-signed-in"
                        on:click=move |_| portal.stay_signed_in()>
                        {portal.text(|t| t.stay_signed_in)}
                    </button>
                </aside>
            }
        })
    };
    view! { {notice} }
}

/// The timers for the session as it is now.
fn schedule(portal: Portal, keeper: &SessionKeeper, ending: RwSignal<bool>) -> Vec<Timeout> {
    let session = keeper.session();
    let now = now_ms();
    let show_notice = move || {
        // `try_set` hands the value back when the screen (and the signal) is gone.
        if ending.try_set(true).is_some() {
            return;
        }
        portal.announce(portal.texts().session_ending);
    };
    let end = Timeout::new(session.expires_at_ms - now, move || {
        portal.end_session(Notice::SessionExpired)
    });
    let before_end = if keeper.can_refresh() {
        let keeper = keeper.clone();
        Timeout::new(session.refresh_at_ms() - now, move || {
            spawn_local(async move {
                if keeper.refresh().await.is_err() {
                    show_notice();
                }
            })
        })
    } else {
        Timeout::new(session.notice_at_ms() - now, show_notice)
    };
    vec![end, before_end]
}
