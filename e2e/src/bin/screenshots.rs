//! Pictures of the main states for the README and docs/screenshots/: desktop and phone
//! width, light and dark, taken in Chromium (else Firefox; a WebKit-only run takes none, as
//! MiniBrowser's rendering would replace the docs' pictures with another engine's). Each
//! state is waited for before its picture is taken. A command of its own
//! (`scripts/screenshots.sh`), not a test: it rewrites the committed pictures, which only a
//! change to the look should do.

use classlink_e2e::a11y::{Look, Theme, World, DESKTOP, PHONE};
use classlink_e2e::Browser;
use classlink_sandbox::{Fault, FaultKind, FaultTarget};

async fn both_widths(w: &World, name: &str) {
    let theme = w.look.theme.name();
    w.client
        .set_window_size(DESKTOP.0, DESKTOP.1)
        .await
        .expect("resize");
    settle().await;
    w.screenshot(&format!("{name}-desktop-{theme}")).await;
    w.client
        .set_window_size(PHONE.0, PHONE.1)
        .await
        .expect("resize");
    settle().await;
    w.screenshot(&format!("{name}-phone-{theme}")).await;
    w.client
        .set_window_size(DESKTOP.0, DESKTOP.1)
        .await
        .expect("resize");
}

/// Every card on screen shows its teacher line: they arrive a few at a time after the list,
/// so a picture taken before would differ from run to run.
const EVERY_CARD_HAS_ITS_TEACHERS: &str =
    "document.querySelectorAll(\"[data-testid='class-item']\").length === \
     document.querySelectorAll(\"[data-testid='class-teachers']\").length";

async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let selected = Browser::selected();
    let Some(&browser) = selected
        .iter()
        .find(|b| **b == Browser::Chrome)
        .or(selected.iter().find(|b| **b == Browser::Firefox))
    else {
        return;
    };
    for theme in Theme::BOTH {
        let w = World::start(browser, Look::desktop(theme)).await;
        w.wait_for("sign-in").await;
        both_widths(&w, "sign-in").await;

        // Loading: the skeletons while the classes are on their way.
        w.sandbox.add_fault(Fault::times(
            FaultTarget::Classes,
            FaultKind::Stall { seconds: 6.0 },
            1,
        ));
        w.sign_in_as("reading.student").await;
        w.wait_for("classes-loading").await;
        w.wait_for("profile-name").await;
        settle().await;
        w.screenshot(&format!("loading-desktop-{}", theme.name()))
            .await;
        w.wait_for("class-item").await;
        w.wait_until("every teacher line", EVERY_CARD_HAS_ITS_TEACHERS)
            .await;
        both_widths(&w, "signed-in").await;
        w.sign_out().await;

        // A teacher's long list, filtered.
        w.sign_in_as("ms.rivera").await;
        let filter = w.wait_for("class-filter").await;
        filter.send_keys("biology").await.expect("typing");
        w.wait_until(
            "the filter narrows the list",
            "document.querySelectorAll(\"[data-testid='class-item']\").length < 40",
        )
        .await;
        w.wait_until("every teacher line", EVERY_CARD_HAS_ITS_TEACHERS)
            .await;
        w.eval("document.querySelector('.classes').scrollIntoView() || true")
            .await;
        both_widths(&w, "filtered").await;
        w.sign_out().await;

        // An error in a panel, with its way forward.
        w.sandbox.add_fault(Fault::times(
            FaultTarget::Classes,
            FaultKind::Status {
                status: 500,
                retry_after: None,
            },
            3,
        ));
        w.sign_in_as("reading.student").await;
        w.wait_for("retry").await;
        w.screenshot(&format!("classes-error-desktop-{}", theme.name()))
            .await;
        w.sign_out().await;

        // In Spanish: a student whose profile says `es`.
        w.sign_in_as("mateo.alvarez").await;
        w.wait_for("class-item").await;
        w.wait_until("Spanish", "document.documentElement.lang === 'es'")
            .await;
        both_widths(&w, "spanish").await;
        w.finish().await;
    }
}
