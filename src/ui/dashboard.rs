//! The signed-in screen: profile first, classes as soon as the profile names the student's
//! OneRoster id, then (when `teachers_endpoint` is set) each class's teachers as its card
//! comes near the screen, filling in the cards as they come. Each panel fails on its own, with its own retry; the teachers
//! fail silently, card by card.
//!
//! Each load belongs to the screen, the Leptos way: it is a task of the screen's owner
//! (`spawn_local_scoped_with_cancellation`), so it stops when the screen goes, its request
//! aborted, and it writes its answer with `try_set`, so an answer that lands as the screen
//! goes finds nothing to panic on either. A sign-out, another tab's sign-out, a 401 or the
//! end of the session can take the screen away while anything is in flight. The API calls
//! themselves go through the session controller, which answers a 401 with one refresh and
//! ends the session on a final one. (A `LocalResource` per panel reads the same, and brought
//! its async machinery to the first load: 12.5 KB gzip, docs/performance.md.)

use std::future::Future;
use std::sync::Arc;

use futures::channel::mpsc::UnboundedReceiver;
use futures::future::LocalBoxFuture;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use super::announcer::use_announcer;
use super::class_card::ClassTeachers;
use super::class_list::ClassList;
use super::language::use_language;
use super::profile_card::ProfileCard;
use super::session_clock::SessionClock;
use crate::app::controller::{use_controller, SessionController};
use crate::app::keeper::SessionKeeper;
use crate::classlink::api_error::ApiError;
use crate::classlink::classes::ClassRecord;
use crate::classlink::client;
use crate::classlink::profile::Profile;
use crate::config::Config;
use crate::i18n::Texts;
use crate::transport::NoAnswer;

/// The classes as loaded, with room for their teachers.
#[derive(Clone)]
pub struct LoadedClasses {
    pub classes: Vec<ClassRecord>,
    pub teachers: ClassTeachers,
}

/// What the classes load came to.
#[derive(Clone)]
pub enum ClassesLoad {
    /// Nothing to ask for yet: the profile has not named the student.
    Waiting,
    Done(Result<LoadedClasses, ApiError>),
}

/// What the classes panel shows.
pub enum ClassesPanel<'a> {
    /// Nothing yet (waiting for the profile, which shows its own state).
    Nothing,
    Loading,
    /// The district has no OneRoster (`SourcedId` is empty).
    NoOneRoster,
    Ready(&'a LoadedClasses),
    Failed(&'a ApiError),
}

/// The classes panel, from the profile's answer and the classes' (each `None` while it is
/// loading). A district without OneRoster: whatever a list of the user's own classes said
/// (nothing, or an error), that is what to tell, unless it named some classes.
pub fn classes_panel<'a>(
    profile: Option<&Result<Profile, ApiError>>,
    classes: Option<&'a ClassesLoad>,
) -> ClassesPanel<'a> {
    let no_oneroster = matches!(profile, Some(Ok(profile)) if !profile.has_oneroster());
    match classes {
        Some(ClassesLoad::Done(Ok(loaded))) if !loaded.classes.is_empty() => {
            ClassesPanel::Ready(loaded)
        }
        _ if no_oneroster => ClassesPanel::NoOneRoster,
        None => ClassesPanel::Loading,
        Some(ClassesLoad::Waiting) => ClassesPanel::Nothing,
        Some(ClassesLoad::Done(Ok(loaded))) => ClassesPanel::Ready(loaded),
        Some(ClassesLoad::Done(Err(error))) => ClassesPanel::Failed(error),
    }
}

/// The screen's loads: what they need, and where their answers go. Cheap to clone.
#[derive(Clone)]
struct Loads {
    controller: SessionController,
    config: Arc<Config>,
    keeper: SessionKeeper,
    /// The screen's owner: every load is a task of it, and stops with it.
    owner: Option<Owner>,
    /// The profile's answer; `None` while it loads.
    profile: RwSignal<Option<Result<Profile, ApiError>>>,
    /// The classes' answer; `None` while they load.
    classes: RwSignal<Option<ClassesLoad>>,
}

impl Loads {
    /// Runs `task` as a task of the screen: it stops (and its requests are aborted) when the
    /// screen goes. A task writes its answer with `try_set`, so one that lands in the same
    /// tick as the screen's end finds nothing to panic on either.
    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        // Boxed: the task wrapper is compiled once for every load, not once per load (size).
        let task: LocalBoxFuture<'static, ()> = Box::pin(task);
        match &self.owner {
            Some(owner) => owner.with(|| spawn_local_scoped_with_cancellation(task)),
            None => spawn_local_scoped_with_cancellation(task),
        }
    }

    /// Both panels: the classes request starts beside the profile's when its URL is
    /// already known, so the two travel in parallel; otherwise after the profile.
    fn start(&self) {
        match self.classes_url(None) {
            Some(url) => self.load_classes(url),
            None => {
                self.classes.set(Some(ClassesLoad::Waiting));
            }
        }
        self.load_profile();
    }

    fn load_profile(&self) {
        self.profile.try_set(None);
        let this = self.clone();
        self.spawn(async move {
            let config = this.config.clone();
            let result = this
                .controller
                .call_api(&this.keeper, move |credential| {
                    let config = config.clone();
                    Box::pin(async move { client::load_profile(&config, &credential).await })
                })
                .await;
            if let Ok(profile) = &result {
                let waiting = this
                    .classes
                    .try_with_untracked(|classes| matches!(classes, Some(ClassesLoad::Waiting)));
                if waiting == Some(true) {
                    // The profile named the student: the classes can start now.
                    if let Some(url) = this.classes_url(Some(profile)) {
                        this.load_classes(url);
                    }
                }
            }
            this.profile.try_set(Some(result));
        });
    }

    fn load_classes(&self, url: String) {
        self.classes.try_set(None);
        let this = self.clone();
        self.spawn(async move {
            let result = this
                .controller
                .call_api(&this.keeper, move |credential| {
                    let url = url.clone();
                    Box::pin(async move { client::load_classes(&url, &credential).await })
                })
                .await
                .map(|classes| {
                    // Off unless configured: the list then has no teacher lines at all.
                    if this.config.teachers_endpoint.is_some() {
                        let (teachers, wanted) = ClassTeachers::asking_about(&classes);
                        (LoadedClasses { classes, teachers }, Some(wanted))
                    } else {
                        let teachers = ClassTeachers::default();
                        (LoadedClasses { classes, teachers }, None)
                    }
                });
            let result = match result {
                Ok((loaded, Some(wanted))) => {
                    this.load_teachers(&loaded, wanted);
                    Ok(loaded)
                }
                Ok((loaded, None)) => Ok(loaded),
                Err(error) => Err(error),
            };
            this.classes.try_set(Some(ClassesLoad::Done(result)));
        });
    }

    /// "Try again" on the classes: their URL as it can be known now.
    fn retry_classes(&self) {
        let profile = self
            .profile
            .try_get_untracked()
            .flatten()
            .and_then(Result::ok);
        if let Some(url) = self.classes_url(profile.as_ref()) {
            self.load_classes(url);
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

    /// Each class's teachers, into `loaded.teachers` as they come: the classes `wanted` names
    /// as their cards come near the screen, a few requests at a time, each class once
    /// (`client::load_teachers`). No error is shown and a 401 does not end the session here
    /// (the line is a nicety; the classes panel owns the errors). It stops with the screen,
    /// and starts no request once the token has run out or a newer class list has replaced
    /// this one.
    fn load_teachers(&self, loaded: &LoadedClasses, wanted: UnboundedReceiver<String>) {
        let Some(template) = self.config.teachers_endpoint.clone() else {
            return;
        };
        let (keeper, classes) = (self.keeper.clone(), self.classes);
        let teachers = loaded.teachers.clone();
        self.spawn(async move {
            let still_wanted = || {
                let shown = classes.try_with_untracked(|classes| match classes {
                    // This list, or its answer about to be shown.
                    Some(ClassesLoad::Done(Ok(shown))) => shown.teachers.is(&teachers),
                    None => true,
                    _ => false,
                });
                !keeper.is_over() && shown == Some(true)
            };
            client::load_teachers(
                &template,
                &keeper.credential(),
                wanted,
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
        ApiError::NoAnswer(NoAnswer::Status(status)) => (t.api_server)(*status),
        ApiError::NoAnswer(NoAnswer::Unreachable) => t.api_unreachable.into(),
        ApiError::NoAnswer(NoAnswer::TimedOut) => t.api_timed_out.into(),
        ApiError::NoAnswer(NoAnswer::TooLarge { .. }) => t.api_too_large.into(),
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
    let controller = use_controller();
    let language = use_language();
    let announcer = use_announcer();
    let api_origin = config.api_origin();
    let loads = Loads {
        controller,
        config,
        keeper: keeper.clone(),
        owner: Owner::current(),
        profile: RwSignal::new(None),
        classes: RwSignal::new(None),
    };
    let (profile, classes) = (loads.profile, loads.classes);
    loads.start();

    // The page speaks the profile's language from now on (unless the student picked one),
    // and says who signed in, in it.
    Effect::new(move || {
        profile.with(|profile| {
            if let Some(Ok(profile)) = profile {
                language.follow_profile(&profile.language);
                announcer.say((language.now().texts().signed_in_as)(&profile.name()));
            }
        })
    });

    // After sign-in, focus goes to the main heading, so screen readers start there.
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });

    let retry_profile = {
        let loads = loads.clone();
        move |_| loads.load_profile()
    };
    let retry_classes = {
        let loads = loads.clone();
        move |_| loads.retry_classes()
    };
    let profile_view = move || {
        match profile.get() {
        None => view! {
            <div class="profile-card skeleton-card" data-testid="profile-loading" aria-busy="true">
                <span class="avatar skeleton" aria-hidden="true"></span>
                <div class="profile-body">
                    <span class="skeleton line wide" aria-hidden="true"></span>
                    <span class="skeleton line" aria-hidden="true"></span>
                    <p class="loading">{language.text(|t| t.loading_profile)}</p>
                </div>
            </div>
        }
        .into_any(),
        Some(Ok(profile)) => {
            view! { <ProfileCard profile api_origin=api_origin.clone().unwrap_or_default()/> }
                .into_any()
        }
        Some(Err(error)) => view! {
            <div class="panel-error" role="alert">
                <h2>{language.texts().profile_failed_title}</h2>
                <p data-testid="error">{api_error_message(&error, language.texts())}</p>
                <button class="button" type="button" data-testid="retry" on:click=retry_profile.clone()>
                    {language.texts().try_again}
                </button>
            </div>
        }
        .into_any(),
    }
    };

    let classes_view = move || {
        let profile = profile.get();
        let classes = classes.get();
        match classes_panel(profile.as_ref(), classes.as_ref()) {
            ClassesPanel::Nothing => None::<AnyView>.into_any(),
            ClassesPanel::Loading => view! {
                <div data-testid="classes-loading" aria-busy="true">
                    <p class="loading">{language.text(|t| t.loading_classes)}</p>
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
            ClassesPanel::NoOneRoster => view! {
                <p class="empty" data-testid="classes-empty" data-reason="no-oneroster">{language.text(|t| t.no_oneroster)}</p>
            }
            .into_any(),
            ClassesPanel::Ready(loaded) => {
                let (classes, teachers) = (loaded.classes.clone(), loaded.teachers.clone());
                view! { <ClassList classes teachers/> }.into_any()
            }
            ClassesPanel::Failed(error) => view! {
                <div class="panel-error" role="alert">
                    <h3>{language.texts().classes_failed_title}</h3>
                    <p data-testid="error">{api_error_message(error, language.texts())}</p>
                    <button class="button" type="button" data-testid="retry" on:click=retry_classes.clone()>
                        {language.texts().try_again}
                    </button>
                </div>
            }
            .into_any(),
        }
    };

    view! {
        <div class="dashboard">
            <div class="dashboard-top">
                <h1 node_ref=heading tabindex="-1">{language.text(|t| t.dashboard_heading)}</h1>
                <button class="button" type="button" data-testid="sign-out" on:click=move |_| controller.sign_out()>
                    {language.text(|t| t.sign_out)}
                </button>
            </div>
            <SessionClock keeper/>
            {profile_view}
            <section class="classes" aria-labelledby="classes-heading">
                <h2 id="classes-heading">{language.text(|t| t.classes_heading)}</h2>
                {classes_view}
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classlink::classes::parse_classes_page;
    use crate::classlink::profile::parse_profile;

    fn profile(sourced_id: &str) -> Result<Profile, ApiError> {
        Ok(parse_profile(&format!(
            r#"{{"DisplayName":"Ana","SourcedId":"{sourced_id}"}}"#
        ))
        .unwrap())
    }

    fn loaded(n: usize) -> ClassesLoad {
        let classes: Vec<ClassRecord> = (0..n)
            .map(|i| {
                parse_classes_page(
                    &format!(r#"{{"classes":[{{"sourcedId":"c{i}","title":"T{i}"}}]}}"#),
                    0,
                )
                .unwrap()
                .classes
                .remove(0)
            })
            .collect();
        let teachers = ClassTeachers::asking_about(&classes).0;
        ClassesLoad::Done(Ok(LoadedClasses { classes, teachers }))
    }

    fn shown(panel: ClassesPanel<'_>) -> String {
        match panel {
            ClassesPanel::Nothing => "nothing".into(),
            ClassesPanel::Loading => "loading".into(),
            ClassesPanel::NoOneRoster => "no-oneroster".into(),
            ClassesPanel::Ready(loaded) => format!("{} classes", loaded.classes.len()),
            ClassesPanel::Failed(error) => format!("{error:?}"),
        }
    }

    #[test]
    fn the_classes_panel_follows_both_answers() {
        let failed = ClassesLoad::Done(Err(ApiError::Forbidden));
        let waiting = ClassesLoad::Waiting;
        // Loading beside the profile, or waiting for it.
        assert_eq!(shown(classes_panel(None, None)), "loading");
        assert_eq!(shown(classes_panel(None, Some(&waiting))), "nothing");
        assert_eq!(
            shown(classes_panel(Some(&profile("s1")), Some(&loaded(2)))),
            "2 classes"
        );
        assert_eq!(
            shown(classes_panel(Some(&profile("s1")), Some(&loaded(0)))),
            "0 classes"
        );
        assert_eq!(
            shown(classes_panel(Some(&profile("s1")), Some(&failed))),
            "Forbidden"
        );
        // The profile failing does not touch the classes panel.
        let refused = Err(ApiError::Forbidden);
        assert_eq!(
            shown(classes_panel(Some(&refused), Some(&loaded(1)))),
            "1 classes"
        );
    }

    #[test]
    fn a_district_without_oneroster_says_so_unless_classes_came() {
        let none = profile("");
        let failed = ClassesLoad::Done(Err(ApiError::NotFound));
        for classes in [
            None,
            Some(&loaded(0)),
            Some(&failed),
            Some(&ClassesLoad::Waiting),
        ] {
            assert_eq!(shown(classes_panel(Some(&none), classes)), "no-oneroster");
        }
        assert_eq!(
            shown(classes_panel(Some(&none), Some(&loaded(3)))),
            "3 classes"
        );
    }
}
