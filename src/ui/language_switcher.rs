//! The language switcher: a labelled `<select>` in the header. The student's pick beats the
//! profile's language and the browser's, and is remembered for the next visit.

use leptos::prelude::*;

use super::language::use_language;
use crate::i18n::Lang;

/// Each language is named in itself ("Español"), so a student can find theirs.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let language = use_language();
    let options = Lang::ALL.map(|lang| {
        view! {
            <option value=lang.code() lang=lang.code() selected=move || language.get() == lang>
                {lang.texts().language_name}
            </option>
        }
    });
    view! {
        <div class="language-switcher">
            <label for="language">{language.text(|t| t.language_label)}</label>
            <select
                id="language"
                data-testid="language-switcher"
                prop:value=move || language.get().code()
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        language.choose(lang);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}
