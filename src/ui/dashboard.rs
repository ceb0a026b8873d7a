//! The signed-in screen: profile first, classes as soon as the profile names the student's
//! OneRoster id, then (when `teachers_endpoint` is set) each class's teachers, filling in
//! the cards as they come. Each panel fails on its own, with its own retry; the teachers
//! fail silently, card by card.

use std::sync::Arc;

use futures::future::LocalBoxFuture;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::class_card::ClassTeachers;
use super::class_list::ClassList;
use super::profile_card::ProfileCard;
use super::session_clock::SessionClock;
use crate::app::keeper::SessionKeeper;
use crate::app::portal::{use_portal, Portal};
use crate::app::screen::Notice;
use crate::browser::clock::now_ms;
use crate::browser::dpop::Credential;
use crate::classlink::api_error::ApiError;
use crate::classlink::classes::ClassRecord;
use crate::classlink::client;
use crate::classlink::profile::Profile;
use crate::config::Config;
use crate::i18n::Texts;

/// A panel's data.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// The classes panel has one more state: nothing to ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassesState {
    /// Waiting for the profile to name the student.
    Waiting,
    Load(Load<Vec<ClassRecord>>),
    /// The district has no OneRoster (`SourcedId` is empty).
    NoOneRoster,
}

/// What the loads need; cheap to clone into event handlers.
#[derive(Clone)]
struct Loader {
    portal: Portal,
    config: Arc<Config>,
    keeper: SessionKeeper,
    profile: RwSignal<Load<Profile>>,
    classes: RwSignal<ClassesState>,
    /// The teachers of the classes shown; replaced with each new class list.
    teachers: StoredValue<ClassTeachers>,
}

impl Loader {
    /// False (and the session ended) when the token has expired: it is not sent again.
    fn token_still_valid(&self) -> bool {
        let valid = !self.keeper.session().is_expired(now_ms());
        if !valid {
            self.portal.end_session(Notice::SessionExpired);
        }
        valid
    }

    /// Calls the API with the current token. A 401 is answered once: with a refresh where
    /// there is a refresh token (unless another call already brought a new token), then the
    /// same call again. A second 401 is final.
    async fn authorized<T>(
        &self,
        call: impl Fn(Credential) -> LocalBoxFuture<'static, Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        // One loop with one await of the call (boxed): the call's code is compiled once,
        // not once per attempt (wasm size).
        let mut answered_401 = false;
        loop {
            let sent = self.keeper.credential();
            let sent_token = sent.token.clone();
            match call(sent).await {
                Err(ApiError::Unauthorized) if !answered_401 => {
                    answered_401 = true;
                    let rotated = self.keeper.token() != sent_token;
                    if !rotated && self.keeper.refresh().await.is_err() {
                        return Err(ApiError::Unauthorized);
                    }
                }
                other => return other,
            }
        }
    }

    /// A 401 ends the session; anything else is the panel's own error.
    fn failed<T>(&self, error: ApiError) -> Option<Load<T>> {
        if error == ApiError::Unauthorized {
            self.portal.end_session(Notice::SessionExpired);
            None
        } else {
            Some(Load::Failed(error))
        }
    }

    /// The classes URL, once it can be known: at once for the user's own list or when the
    /// verified id_token named the student, else from the profile's OneRoster id.
    fn classes_url(&self, profile: Option<&Profile>) -> Option<String> {
        let from_profile = profile
            .filter(|p| p.has_oneroster())
            .map(|p| p.sourced_id.as_str());
        self.config
            .classes
            .url_for(self.keeper.session().sourced_id.as_deref().or(from_profile))
    }

    /// Both panels: the classes request starts beside the profile's when its URL is
    /// already known, so the two travel in parallel; otherwise after the profile.
    fn start(self) {
        match self.classes_url(None) {
            Some(url) => self.clone().load_classes(url),
            None => self.classes.set(ClassesState::Waiting),
        }
        self.load_profile();
    }

    fn load_profile(self) {
        if !self.token_still_valid() {
            return;
        }
        self.profile.set(Load::Loading);
        spawn_local(async move {
            let config = self.config.clone();
            let result = self
                .authorized(|credential| {
                    let config = config.clone();
                    Box::pin(async move { client::load_profile(&config, &credential).await })
                })
                .await;
            match result {
                Ok(profile) => {
                    let waiting = self.classes.get_untracked() == ClassesState::Waiting;
                    if !profile.has_oneroster() && !self.shows_classes() {
                        // A district without OneRoster: whatever a list of the user's own
                        // classes said (nothing, or an error), this is what to tell.
                        self.classes.try_set(ClassesState::NoOneRoster);
                    } else if waiting {
                        // The profile named the student: the classes can start now.
                        if let Some(url) = self.classes_url(Some(&profile)) {
                            self.clone().load_classes(url);
                        }
                    }
                    // The page speaks the profile's language from now on (unless the
                    // student picked one), and says so in it.
                    self.portal.follow_profile_language(&profile.language);
                    let t = self.portal.lang.get_untracked().texts();
                    self.portal.announce((t.signed_in_as)(&profile.name()));
                    self.profile.try_set(Load::Ready(profile));
                }
                Err(error) => {
                    if let Some(state) = self.failed(error) {
                        self.profile.try_set(state);
                    }
                }
            }
        });
    }

    /// Whether the classes panel shows at least one class.
    fn shows_classes(&self) -> bool {
        self.classes.with_untracked(
            |state| matches!(state, ClassesState::Load(Load::Ready(c)) if !c.is_empty()),
        )
    }

    fn load_classes(self, url: String) {
        if !self.token_still_valid() {
            return;
        }
        self.classes.set(ClassesState::Load(Load::Loading));
        spawn_local(async move {
            let result = self
                .authorized(|credential| {
                    let url = url.clone();
                    Box::pin(async move { client::load_classes(&url, &credential).await })
                })
                .await;
            let no_oneroster = self.classes.get_untracked() == ClassesState::NoOneRoster;
            match result {
                // The profile already said there is no OneRoster: an empty list or a
                // refusal is that, not an error of its own.
                Ok(classes) if no_oneroster && classes.is_empty() => {}
                Err(ApiError::Unauthorized) => {
                    self.failed::<()>(ApiError::Unauthorized);
                }
                Err(_) if no_oneroster => {}
                Ok(classes) => {
                    // Stored before the list is shown: its cards take their signals from it.
                    let teachers = ClassTeachers::for_classes(&classes);
                    let to_ask = teachers.to_ask(&classes);
                    self.teachers.try_set_value(teachers.clone());
                    self.classes
                        .try_set(ClassesState::Load(Load::Ready(classes)));
                    self.load_teachers(teachers, to_ask);
                }
                Err(error) => {
                    if let Some(state) = self.failed(error) {
                        self.classes.try_set(ClassesState::Load(state));
                    }
                }
            }
        });
    }

    /// Each class's teachers, into `teachers` as they come: a few requests at a time, each
    /// class once, never retried (`client::load_teachers`). No error is shown and a 401 does
    /// not end the session here (the line is a nicety; the classes panel owns the errors).
    /// Stops starting requests once the screen is gone, the token has expired, or a newer
    /// class list replaced this one.
    fn load_teachers(self, teachers: ClassTeachers, class_ids: Vec<String>) {
        // Off unless configured: the list then has no teacher lines at all.
        let Some(template) = self.config.teachers_endpoint.clone() else {
            return;
        };
        spawn_local(async move {
            let current = self.teachers;
            let keeper = self.keeper.clone();
            let still_wanted = || {
                !keeper.session().is_expired(now_ms())
                    && current
                        .try_with_value(|shown| shown.is(&teachers))
                        .unwrap_or(false)
            };
            client::load_teachers(
                &template,
                &self.keeper.credential(),
                class_ids,
                still_wanted,
                |class_id, names| teachers.arrived(class_id, names),
            )
            .await;
        });
    }
}

/// The message for a failed API call.
pub fn api_error_message(error: &ApiError, t: &Texts) -> String {
    match error {
        ApiError::Unauthorized => t.notice_session_expired.into(),
        ApiError::Forbidden => t.api_forbidden.into(),
        ApiError::NotFound => t.api_not_found.into(),
        ApiError::RateLimited => t.api_rate_limited.into(),
        ApiError::Status(status) => (t.api_server)(*status),
        ApiError::Unreachable => t.api_unreachable.into(),
        ApiError::TimedOut => t.api_timed_out.into(),
        ApiError::NoProof => t.api_no_proof.into(),
        ApiError::Body(_) => t.api_malformed.into(),
    }
}

/// The signed-in screen.
#[component]
pub fn Dashboard(
    /// The session; its token is used for the API calls and nothing else.
    keeper: SessionKeeper,
    /// The validated configuration.
    config: Arc<Config>,
) -> impl IntoView {
    let portal = use_portal();
    let api_origin = config.api_origin();
    let loader = Loader {
        portal,
        config,
        keeper: keeper.clone(),
        profile: RwSignal::new(Load::Loading),
        classes: RwSignal::new(ClassesState::Waiting),
        teachers: StoredValue::new(ClassTeachers::default()),
    };
    let (profile, classes, teachers) = (loader.profile, loader.classes, loader.teachers);

    loader.clone().start();

    // After sign-in, focus goes to the main heading, so screen readers start there.
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });

    let retry_profile = {
        let loader = loader.clone();
        move |_| loader.clone().load_profile()
    };
    let profile_view = move || {
        match profile.get() {
        Load::Loading => view! {
            <div class="profile-card skeleton-card" data-testid="profile-loading" aria-busy="true">
                <span class="avatar skeleton" aria-hidden="true"></span>
                <div class="profile-body">
                    <span class="skeleton line wide" aria-hidden="true"></span>
                    <span class="skeleton line" aria-hidden="true"></span>
                    <p class="loading">{portal.text(|t| t.loading_profile)}</p>
                </div>
            </div>
        }
        .into_any(),
        Load::Ready(profile) => view! { <ProfileCard profile api_origin=api_origin.clone().unwrap_or_default()/> }.into_any(),
        Load::Failed(error) => view! {
            <div class="panel-error" role="alert">
                <h2>{portal.texts().profile_failed_title}</h2>
                <p data-testid="error">{api_error_message(&error, portal.texts())}</p>
                <button class="button" type="button" data-testid="retry" on:click=retry_profile.clone()>
                    {portal.texts().try_again}
                </button>
            </div>
        }
        .into_any(),
    }
    };

    let retry_classes = {
        let loader = loader.clone();
        move |_| {
            let profile = match profile.get_untracked() {
                Load::Ready(profile) => Some(profile),
                _ => None,
            };
            if let Some(url) = loader.classes_url(profile.as_ref()) {
                loader.clone().load_classes(url);
            }
        }
    };
    let classes_view = move || {
        match classes.get() {
        ClassesState::Waiting => None::<AnyView>.into_any(),
        ClassesState::Load(Load::Loading) => view! {
            <div data-testid="classes-loading" aria-busy="true">
                <p class="loading">{portal.text(|t| t.loading_classes)}</p>
                <ul class="class-list" aria-hidden="true">
                    {[0, 1, 2].map(|_| view! {
                        <li class="class-card skeleton-card">
                            <span class="skeleton line wide"></span>
                            <span class="skeleton line"></span>
                            <span class="skeleton line short"></span>
                        </li>
                    })}
                </ul>
            </div>
        }
        .into_any(),
        ClassesState::NoOneRoster => view! {
            <p class="empty" data-testid="classes-empty" data-reason="no-oneroster">{portal.text(|t| t.no_oneroster)}</p>
        }
        .into_any(),
        ClassesState::Load(Load::Ready(list)) => {
            let teachers = teachers.get_value();
            view! { <ClassList classes=list teachers/> }.into_any()
        }
        ClassesState::Load(Load::Failed(error)) => view! {
            <div class="panel-error" role="alert">
                <h3>{portal.texts().classes_failed_title}</h3>
                <p data-testid="error">{api_error_message(&error, portal.texts())}</p>
                <button class="button" type="button" data-testid="retry" on:click=retry_classes.clone()>
                    {portal.texts().try_again}
                </button>
            </div>
        }
        .into_any(),
    }
    };

    view! {
        <div class="dashboard">
            <div class="dashboard-top">
                <h1 node_ref=heading tabindex="-1">{portal.text(|t| t.dashboard_heading)}</h1>
                <button class="button" type="button" data-testid="sign-out" on:click=move |_| portal.sign_out()>
                    {portal.text(|t| t.sign_out)}
                </button>
            </div>
            <SessionClock keeper/>
            {profile_view}
            <section class="classes" aria-labelledby="classes-heading">
                <h2 id="classes-heading">{portal.text(|t| t.classes_heading)}</h2>
                {classes_view}
            </section>
        </div>
    }
}
