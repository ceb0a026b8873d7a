//! Text from another party (a provider's error description, an API's field), made fit to show
//! to a person.

/// Text from another party, made fit to show: control and bidirectional-override characters
/// removed (they can disguise text), whitespace collapsed, and clipped to `max_chars`.
#[inline]
pub fn displayable(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        {
            continue;
        }
        if count + usize::from(pending_space) >= max_chars {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_text_is_cleaned_and_clipped() {
        assert_eq!(displayable("  a \n\t b  ", 100), "a b");
        assert_eq!(
            displayable("evil\u{202E}txt.exe\u{0007}", 100),
            "eviltxt.exe"
        );
        assert_eq!(displayable(&"x".repeat(10_000), 5), "xxxxx…");
        assert_eq!(displayable("<b>bold</b>", 100), "<b>bold</b>");
        assert_eq!(displayable("ñandú 🦆 ok", 7), "ñandú 🦆…");
    }
}
