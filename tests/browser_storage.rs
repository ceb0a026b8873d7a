//! Pending sign-ins in the real browser's sessionStorage: saved, taken once, isolated per
//! state, pruned when stale. Runs in headless Chromium and Firefox.
#![cfg(target_arch = "wasm32")]

use classlink_portal::app::flow;
use classlink_portal::app::problem::SignInProblem;
use classlink_portal::browser::clock::now_ms;
use classlink_portal::browser::random::PlatformRandom;
use classlink_portal::browser::storage::pending::{self as pending_store, Taken};
use classlink_portal::browser::storage::tab_marks;
use classlink_portal::browser::storage::StorageFailure;
use classlink_portal::config::Config;
use classlink_portal::storage_keys::StorageKey;
use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::pending::{PendingLogin, PENDING_TTL_MS};
use oauth_public_client::pkce::CodeVerifier;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SANDBOX_CONFIG: &str = r#"{ "client_id": "demo-portal", "scope": "profile oneroster",
  "authorization_endpoint": "http://127.0.0.1:8081/oauth2/v2/auth",
  "token_endpoint": "http://127.0.0.1:8081/oauth2/v2/token",
  "profile_endpoint": "http://127.0.0.1:8081/v2/my/info",
  "classes_endpoint": "http://127.0.0.1:8081/ims/oneroster/v1p1/users/{sourcedId}/classes" }"#;

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

fn pending(seed: u8, created_at_ms: f64) -> PendingLogin {
    PendingLogin {
        verifier: CodeVerifier::from_bytes(&[seed; 32]),
        redirect_uri: format!("https://d.example/portal/{seed}"),
        created_at_ms,
        provider: Config::from_json(SANDBOX_CONFIG)
            .unwrap()
            .written_provider()
            .unwrap(),
        nonce: None,
        resuming: false,
    }
}

#[wasm_bindgen_test]
fn a_pending_sign_in_round_trips_and_is_single_use() {
    let now = now_ms();
    let state = CsrfState::new_random(&PlatformRandom).unwrap();
    let original = pending(1, now);
    pending_store::save(&state, &original, now).unwrap();
    let key = StorageKey::Pending(state.as_str()).as_string();
    assert!(session_storage().get_item(&key).unwrap().is_some());

    match pending_store::take(&state, now).unwrap() {
        Taken::Found(back) => {
            assert_eq!(back.verifier.secret(), original.verifier.secret());
            assert_eq!(back.redirect_uri, original.redirect_uri);
        }
        other => panic!("expected the pending sign-in, got {other:?}"),
    }
    assert!(
        session_storage().get_item(&key).unwrap().is_none(),
        "taking removes it"
    );
    assert!(
        matches!(pending_store::take(&state, now).unwrap(), Taken::Unknown),
        "second use"
    );
}

#[wasm_bindgen_test]
fn two_sign_ins_in_flight_do_not_clobber_each_other() {
    let now = now_ms();
    let (first, second) = (
        CsrfState::new_random(&PlatformRandom).unwrap(),
        CsrfState::new_random(&PlatformRandom).unwrap(),
    );
    pending_store::save(&first, &pending(2, now), now).unwrap();
    pending_store::save(&second, &pending(3, now), now).unwrap();
    let Taken::Found(b) = pending_store::take(&second, now).unwrap() else {
        panic!("second lost")
    };
    assert_eq!(b.redirect_uri, "https://d.example/portal/3");
    let Taken::Found(a) = pending_store::take(&first, now).unwrap() else {
        panic!("first lost")
    };
    assert_eq!(a.redirect_uri, "https://d.example/portal/2");
}

#[wasm_bindgen_test]
fn stale_sign_ins_are_refused_and_pruned() {
    let now = now_ms();
    let old = CsrfState::new_random(&PlatformRandom).unwrap();
    let fresh = CsrfState::new_random(&PlatformRandom).unwrap();
    // Written directly, as an old tab would have left it.
    let old_key = StorageKey::Pending(old.as_str()).as_string();
    session_storage()
        .set_item(&old_key, &pending(4, now - PENDING_TTL_MS - 1.0).to_json())
        .unwrap();
    assert!(matches!(
        pending_store::take(&old, now).unwrap(),
        Taken::Expired
    ));

    let stale_key = StorageKey::Pending("stale-other-tab").as_string();
    session_storage()
        .set_item(
            &stale_key,
            &pending(5, now - PENDING_TTL_MS - 1.0).to_json(),
        )
        .unwrap();
    let junk_key = StorageKey::Pending("junk").as_string();
    session_storage().set_item(&junk_key, "not json").unwrap();
    session_storage()
        .set_item("another-app.key", "kept")
        .unwrap();
    pending_store::save(&fresh, &pending(6, now), now).unwrap();
    assert!(
        session_storage().get_item(&stale_key).unwrap().is_none(),
        "stale entry pruned on save"
    );
    assert!(
        session_storage().get_item(&junk_key).unwrap().is_none(),
        "unreadable entry pruned"
    );
    assert_eq!(
        session_storage()
            .get_item("another-app.key")
            .unwrap()
            .as_deref(),
        Some("kept")
    );
    assert!(matches!(
        pending_store::take(&fresh, now).unwrap(),
        Taken::Found(_)
    ));
}

#[wasm_bindgen_test]
fn tampered_records_are_not_used() {
    let now = now_ms();
    let state = CsrfState::new_random(&PlatformRandom).unwrap();
    let key = StorageKey::Pending(state.as_str()).as_string();
    let forged = format!(
        r#"{{"code_verifier":"<script>","redirect_uri":"https://evil.example/","created_at":{now}}}"#
    );
    session_storage().set_item(&key, &forged).unwrap();
    assert!(matches!(
        pending_store::take(&state, now).unwrap(),
        Taken::Unknown
    ));
}

#[wasm_bindgen_test]
fn the_launchpad_restart_marker_round_trips() {
    tab_marks::clear_launchpad_restart();
    assert_eq!(tab_marks::launchpad_restart_at(), None);
    // The marker is stored in whole milliseconds (sub-millisecond precision means nothing to a
    // two-minute window), so a whole-millisecond time round-trips exactly.
    tab_marks::set_launchpad_restart(1234.0).unwrap();
    assert_eq!(tab_marks::launchpad_restart_at(), Some(1234.0));
    tab_marks::clear_launchpad_restart();
    assert_eq!(tab_marks::launchpad_restart_at(), None);
}

/// Runs `f` with `window.sessionStorage` throwing a SecurityError, as in browsers that block
/// site data, then restores it.
fn with_session_storage_blocked(f: impl FnOnce()) {
    js_sys::eval(
        "window.__savedSessionStorage = Object.getOwnPropertyDescriptor(window, 'sessionStorage') \
           || Object.getOwnPropertyDescriptor(Window.prototype, 'sessionStorage'); \
         Object.defineProperty(window, 'sessionStorage', { configurable: true, \
           get() { throw new DOMException('blocked by the test', 'SecurityError'); } });",
    )
    .unwrap();
    f();
    js_sys::eval("Object.defineProperty(window, 'sessionStorage', window.__savedSessionStorage);")
        .unwrap();
}

#[wasm_bindgen_test]
fn blocked_storage_is_a_clear_error_not_a_panic() {
    let now = now_ms();
    let state = CsrfState::new_random(&PlatformRandom).unwrap();
    with_session_storage_blocked(|| {
        assert!(
            web_sys::window().unwrap().session_storage().is_err(),
            "the block is in place"
        );
        assert_eq!(
            pending_store::save(&state, &pending(7, now), now).unwrap_err(),
            StorageFailure::Unavailable
        );
        assert_eq!(
            pending_store::take(&state, now).unwrap_err(),
            StorageFailure::Unavailable
        );
        assert_eq!(
            tab_marks::set_launchpad_restart(now).unwrap_err(),
            StorageFailure::Unavailable
        );
        assert_eq!(tab_marks::launchpad_restart_at(), None);
        let config = Config::from_json(SANDBOX_CONFIG).unwrap();
        // Starting a sign-in stops before leaving the page, with the reason.
        assert_eq!(
            flow::start_sign_in(&config, &config.written_provider().unwrap(), false),
            Err(SignInProblem::Storage(StorageFailure::Unavailable))
        );
    });
    assert!(
        session_storage().length().is_ok(),
        "storage restored for the other tests"
    );
}

#[wasm_bindgen_test]
fn full_storage_is_a_clear_error_not_a_panic() {
    let storage = session_storage();
    // Fill the quota with ever smaller chunks until not even 16 characters fit.
    let mut fillers = Vec::new();
    for size in [1 << 20, 1 << 16, 1 << 12, 1 << 8, 16] {
        let chunk = "x".repeat(size);
        while fillers.len() < 10_000 {
            let key = format!("filler-{}", fillers.len());
            if storage.set_item(&key, &chunk).is_err() {
                break;
            }
            fillers.push(key);
        }
    }
    let now = now_ms();
    let result = pending_store::save(
        &CsrfState::new_random(&PlatformRandom).unwrap(),
        &pending(8, now),
        now,
    );
    for key in &fillers {
        storage.remove_item(key).unwrap();
    }
    assert_eq!(result.unwrap_err(), StorageFailure::Full);
}
