//! Lists of names in running text ("Ana and Luis", "Ana, Luis y Marta"), written out here
//! rather than through `Intl.ListFormat`, so the wording is the same in every browser and
//! tested natively.

/// `items` joined in English: "A", "A and B", "A, B, and C" (with the serial comma, as
/// US schools write it).
pub fn english(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// `items` joined in Spanish: "A", "A y B", "A, B y C"; "y" becomes "e" before a word that
/// starts with the sound /i/ ("Ana e Inés", "Luis e Hilda", but "Ana y Hielo").
pub fn spanish(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            format!("{} {} {last}", rest.join(", "), spanish_and(last))
        }
    }
}

/// "e" before an /i/ sound: a word starting with i, or with hi not followed by another
/// vowel (hie-, hia- begin with the sound /j/ and keep "y").
fn spanish_and(next: &str) -> &'static str {
    let first_three: String = next.trim_start().chars().take(3).collect();
    let start = crate::casefold::lowercase(&first_three);
    let (silent_h, rest) = match start.strip_prefix('h') {
        Some(rest) => (true, rest),
        None => (false, start.as_str()),
    };
    let mut letters = rest.chars();
    let i_sound = matches!(letters.next(), Some('i' | 'í'));
    let glide = silent_h
        && matches!(
            letters.next(),
            Some('a' | 'e' | 'o' | 'u' | 'á' | 'é' | 'ó' | 'ú')
        );
    if i_sound && !glide {
        "e"
    } else {
        "y"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_lists() {
        assert_eq!(english(&names(&[])), "");
        assert_eq!(english(&names(&["Ana Rivera"])), "Ana Rivera");
        assert_eq!(english(&names(&["Ana", "Luis"])), "Ana and Luis");
        assert_eq!(
            english(&names(&["Ana", "Luis", "Marta"])),
            "Ana, Luis, and Marta"
        );
    }

    #[test]
    fn spanish_lists() {
        assert_eq!(spanish(&names(&[])), "");
        assert_eq!(spanish(&names(&["Ana Rivera"])), "Ana Rivera");
        assert_eq!(spanish(&names(&["Ana", "Luis"])), "Ana y Luis");
        assert_eq!(
            spanish(&names(&["Ana", "Luis", "Marta"])),
            "Ana, Luis y Marta"
        );
        assert_eq!(spanish(&names(&["Ana", "Inés"])), "Ana e Inés");
        assert_eq!(spanish(&names(&["Ana", "Íñigo"])), "Ana e Íñigo");
        assert_eq!(
            spanish(&names(&["Ana", "Luis", "Hilda Paz"])),
            "Ana, Luis e Hilda Paz"
        );
        assert_eq!(spanish(&names(&["Ana", "Hielo"])), "Ana y Hielo");
        assert_eq!(spanish(&names(&["Ana", "Yolanda"])), "Ana y Yolanda");
    }
}
