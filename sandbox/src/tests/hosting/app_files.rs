//! The app listener's own fault targets: `config_json` and `app_wasm` bend those files'
//! answers as a static host or a school's web filter can, and nothing else.

use crate::control::faults::fault::{Fault, FaultKind, FaultTarget};
use crate::hosting::app_listener::{router, Prepared};
use crate::tests::harness::*;
use crate::ServeApp;

/// The app listener over a folder with an index and a `.wasm`, served under `/portal/`.
struct App {
    h: Harness,
    router: Router,
    _dir: TempDir,
}

fn app() -> App {
    let dir = TempDir::new("app-faults");
    std::fs::write(
        dir.0.join("index.html"),
        "<!doctype html><title>app</title>",
    )
    .expect("write");
    std::fs::write(dir.0.join("app_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    let mut serve = ServeApp::new(&dir.0);
    serve.path = "/portal/".into();
    let h = harness();
    let prepared = Prepared::new(&serve).expect("prepared");
    let router = router(prepared, h.shared.clone(), ISSUER.to_string());
    App {
        h,
        router,
        _dir: dir,
    }
}

impl App {
    async fn get(&self, uri: &str) -> Response<Body> {
        let request = Request::get(uri).body(Body::empty()).expect("request");
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible")
    }

    fn arm(&self, target: FaultTarget, kind: FaultKind) {
        self.h.shared.add_fault(Fault::times(target, kind, 1));
    }
}

fn status(status: u16) -> FaultKind {
    FaultKind::Status {
        status,
        retry_after: None,
    }
}

#[tokio::test]
async fn config_json_faults_bend_one_answer_each() {
    let app = app();
    let config = "/portal/config.json";
    app.arm(FaultTarget::ConfigJson, status(404));
    let missing = app.get(config).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header_str(&missing, "content-type"),
        Some("text/html; charset=utf-8")
    );
    let fine = app.get(config).await;
    assert_eq!(fine.status(), StatusCode::OK);
    assert_eq!(json(fine).await["client_id"], "demo-portal");

    app.arm(FaultTarget::ConfigJson, FaultKind::MalformedJson);
    assert_eq!(text(app.get(config).await).await, "{\"client_id\": ");
    app.arm(FaultTarget::ConfigJson, FaultKind::Html);
    let blocked = app.get(config).await;
    assert_eq!(blocked.status(), StatusCode::OK);
    assert!(text(blocked).await.contains("web filter"));
    app.arm(
        FaultTarget::ConfigJson,
        FaultKind::Status {
            status: 503,
            retry_after: Some(7),
        },
    );
    let busy = app.get(config).await;
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header_str(&busy, "retry-after"), Some("7"));
    // The other files are not the target.
    app.arm(FaultTarget::ConfigJson, status(500));
    assert_eq!(app.get("/portal/").await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/portal/app_bg.wasm").await.status(),
        StatusCode::OK
    );
    assert_eq!(app.h.shared.store().faults.len(), 1);
}

#[tokio::test]
async fn the_wasm_can_be_blocked_or_missing() {
    let app = app();
    let wasm = "/portal/app_bg.wasm";
    for (code, words) in [(403, "web filter"), (404, "not found")] {
        app.arm(FaultTarget::AppWasm, status(code));
        let refused = app.get(wasm).await;
        assert_eq!(refused.status().as_u16(), code);
        assert!(text(refused).await.contains(words), "{code}");
        let served = app.get(wasm).await;
        assert_eq!(
            header_str(&served, "content-type"),
            Some("application/wasm")
        );
    }
    app.arm(FaultTarget::AppWasm, FaultKind::Html);
    let page = app.get(wasm).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        header_str(&page, "content-type"),
        Some("text/html; charset=utf-8")
    );
    // A `.wasm` outside the app path is no app file; the API's targets are not the app's.
    app.arm(FaultTarget::AppWasm, status(403));
    assert_eq!(
        app.get("/elsewhere/app_bg.wasm").await.status(),
        StatusCode::NOT_FOUND
    );
    app.h
        .shared
        .add_fault(Fault::times(FaultTarget::Profile, status(500), 1));
    assert_eq!(
        app.get("/portal/config.json").await.status(),
        StatusCode::OK
    );
    assert_eq!(app.h.shared.store().faults.len(), 2);
}

#[tokio::test]
async fn the_app_targets_take_only_what_fits_a_file() {
    let h = harness();
    h.assert_fault_admission(&[
        (r#"{"target":"app_wasm","kind":"status","status":403}"#, 201),
        (r#"{"target":"app_wasm","kind":"status","status":404}"#, 201),
        (r#"{"target":"app_wasm","kind":"stall","seconds":1}"#, 201),
        (r#"{"target":"app_wasm","kind":"endless_body"}"#, 400),
        (r#"{"target":"app_wasm","kind":"malformed_json"}"#, 400),
        (r#"{"target":"app_wasm","kind":"no_cors"}"#, 400),
        (r#"{"target":"config_json","kind":"endless_body"}"#, 201),
        (r#"{"target":"config_json","kind":"malformed_json"}"#, 201),
        (
            r#"{"target":"config_json","kind":"status","status":503}"#,
            201,
        ),
        (r#"{"target":"config_json","kind":"no_cors"}"#, 400),
        (
            r#"{"target":"config_json","kind":"status","status":418}"#,
            400,
        ),
    ])
    .await;
}

#[tokio::test]
async fn config_json_can_be_endless() {
    let app = app();
    app.arm(FaultTarget::ConfigJson, FaultKind::EndlessBody);
    let response = app.get("/portal/config.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "content-type"),
        Some("application/json")
    );
    let (received, _still_open) = read_at_least(response, ENDLESS_PAST).await;
    assert!(received.starts_with(b"{\"client_id\":\""));
}
