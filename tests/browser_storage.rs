//! Pending sign-ins in the real browser's sessionStorage: saved, taken once, isolated per
//! state, pruned when stale. Runs in headless Chromium and Firefox.
#![cfg(target_arch = "wasm32")]

use classlink_portal::auth::csrf_state::CsrfState;
use classlink_portal::auth::pending::{PendingLogin, PENDING_TTL_MS};
use classlink_portal::auth::pkce::CodeVerifier;
use classlink_portal::browser::clock::now_ms;
use classlink_portal::browser::pending_store::{self, Taken};
use classlink_portal::storage_keys::StorageKey;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
    }
}

#[wasm_bindgen_test]
fn a_pending_sign_in_round_trips_and_is_single_use() {
    let now = now_ms();
    let state = CsrfState::new_random().unwrap();
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
        CsrfState::new_random().unwrap(),
        CsrfState::new_random().unwrap(),
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
    let old = CsrfState::new_random().unwrap();
    let fresh = CsrfState::new_random().unwrap();
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
    let state = CsrfState::new_random().unwrap();
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
    pending_store::clear_launchpad_restart();
    assert_eq!(pending_store::launchpad_restart_at(), None);
    pending_store::set_launchpad_restart(1234.5).unwrap();
    assert_eq!(pending_store::launchpad_restart_at(), Some(1234.5));
    pending_store::clear_launchpad_restart();
    assert_eq!(pending_store::launchpad_restart_at(), None);
}
