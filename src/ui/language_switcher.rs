//! The language switcher: a labelled `<select>` in the header. The student's pick beats the
//! profile's language and the browser's, and is remembered for the next visit.

use leptos::prelude::*;

use crate::app::portal::use_portal;
use crate::i18n::Lang;

/// Each language is named in itself ("Español"), so a student can find theirs.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let portal = use_portal();
    let options = Lang::ALL.map(|lang| {
        view! {
            <option value=lang.code() lang=lang.code() selected=move || portal.lang.get() == lang>
                {lang.texts().language_name}
            </option>
        }
    });
    view! {
        <div class="language-switcher">
            <label for="language">{portal.text(|t| t.language_label)}</label>
            <select
                id="language"
                data-testid="language-switcher"
                prop:value=move || portal.lang.get().code()
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        portal.choose_language(lang);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}
