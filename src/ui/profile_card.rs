//! Who I am: name, role, school, district, email, and a photo or initials.

use leptos::prelude::*;

use super::language::use_language;
use crate::classlink::profile::Profile;
use crate::i18n::{dates, Texts};

/// The profile card. Every value is rendered as text; the photo only from a safe URL.
#[component]
pub fn ProfileCard(
    /// The student's profile.
    profile: Profile,
    /// The API origin a relative `ImagePath` belongs to.
    #[prop(optional)]
    api_origin: Option<String>,
) -> impl IntoView {
    let language = use_language();
    let name = profile.name();
    let photo = profile.photo_url(api_origin.as_deref());
    let photo_failed = RwSignal::new(false);
    let initials = profile.initials();
    let avatar = {
        let name = name.clone();
        move || {
            match (&photo, photo_failed.get()) {
            (Some(url), false) => view! {
                <img class="avatar" src=url.clone() alt=name.clone() data-testid="profile-photo"
                    referrerpolicy="no-referrer" on:error=move |_| { photo_failed.try_set(true); }/>
            }
            .into_any(),
            _ => view! { <span class="avatar initials" aria-hidden="true" data-testid="profile-initials">{initials.clone()}</span> }
                .into_any(),
        }
        }
    };
    let row =
        move |label: fn(&'static Texts) -> &'static str, value: String, testid: &'static str| {
            (!value.is_empty()).then(|| {
                view! {
                    <div class="profile-field">
                        <dt>{move || label(language.texts())}</dt>
                        <dd data-testid=testid>{value}</dd>
                    </div>
                }
            })
        };
    // The last sign-in, as a date in the student's language; left out when it is not a date.
    let last_access = profile.last_access.clone();
    let last_access = (!last_access.is_empty()).then(|| {
        let formatted = move || dates::date_time(language.get(), &last_access);
        move || {
            formatted().map(|date| {
                view! {
                    <div class="profile-field">
                        <dt>{language.text(|t| t.label_last_access)}</dt>
                        <dd data-testid="profile-last-access">{date}</dd>
                    </div>
                }
            })
        }
    });
    view! {
        <section class="profile-card" aria-labelledby="profile-heading">
            <h2 id="profile-heading" class="visually-hidden">{language.text(|t| t.profile_heading)}</h2>
            {avatar}
            <div class="profile-body">
                <p class="profile-name" data-testid="profile-name">{name}</p>
                <dl class="profile-fields">
                    {row(|t| t.label_role, profile.role.clone(), "profile-role")}
                    {row(|t| t.label_school, profile.building.clone(), "profile-school")}
                    {row(|t| t.label_district, profile.tenant.clone(), "profile-district")}
                    {row(|t| t.label_email, profile.email.clone(), "profile-email")}
                    {last_access}
                </dl>
            </div>
        </section>
    }
}
