//! A small, strict JSON (RFC 8259) reader and string writer for the few documents the app
//! handles: config.json, the token response, the profile, class pages and its own
//! sessionStorage records.
//!
//! Why not serde_json: its generic deserializer, its map and its float formatting and
//! parsing were about 25 KB of the wasm, for documents this app only ever reads field by
//! field. Numbers are kept as the text that was sent (no float conversion at all); callers
//! read integers from it. `tests/fuzz_parsers.rs` checks this reader against serde_json on
//! generated documents, valid and broken.

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written, e.g. `3600`, `-1.5e3`: valid JSON number syntax.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// A JSON object, its members in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Object(Vec<(String, Value)>);

impl Object {
    /// The value of `key`. When a key repeats, the last one counts, as in `JSON.parse` and
    /// serde_json: every reader of the same text sees the same value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    /// A member of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
}

/// Why a text is not JSON: what was expected, and where (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub expected: &'static str,
    pub line: usize,
    pub column: usize,
}

impl ParseError {
    /// For people: "expected `:` at line 3, column 7".
    pub fn describe(&self) -> String {
        let mut text = String::from("expected ");
        text.push_str(self.expected);
        text.push_str(" at line ");
        text.push_str(&self.line.to_string());
        text.push_str(", column ");
        text.push_str(&self.column.to_string());
        text
    }
}

/// Deeper nesting than this is refused rather than risking the stack (serde_json's limit).
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON value, with only whitespace around it.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("the end of the document"));
    }
    Ok(value)
}

/// A non-negative whole number from a JSON number's text: `3600`, or `3600.5` with the
/// fraction dropped. An exponent (`3.6e3`) or a sign reads as `None`: callers then treat
/// the value as absent, which is always safe for the counts and times this app reads.
pub fn whole_number(number: &str) -> Option<u64> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    whole.parse().ok()
}

/// Appends `text` as a JSON string literal (quoted and escaped) to `out`.
pub fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &'static str) -> ParseError {
        // The position in characters, for people; the parser itself counts bytes.
        let before = &self.text[..floor_char_boundary(self.text, self.at)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        ParseError {
            expected,
            line,
            column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8, expected: &'static str) -> Result<(), ParseError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, ParseError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("a value"))
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("a value")),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Value, ParseError>,
    ) -> Result<Value, ParseError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("less nesting"));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        self.at += 1; // `{`
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Object(members)));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("a member name in quotes"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.eat(b':', "`:`")?;
            let value = self.value()?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(Object(members)));
                }
                _ => return Err(self.error("`,` or `}`")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.at += 1; // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("`,` or `]`")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("a digit"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("a digit"));
            }
        }
        Ok(Value::Number(self.text[start..self.at].to_string()))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error("a hexadecimal digit")),
            };
            code = code * 16 + u32::from(digit);
            self.at += 1;
        }
        Ok(code)
    }

    /// A string literal; `self.at` is on the opening quote.
    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters at once: quotes, backslashes and control
            // characters are ASCII, so a run always ends on a character boundary.
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(self.error("an escape such as `\\n`")),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                // A raw control character, or the end of the text.
                _ => return Err(self.error("`\"` closing the string")),
            }
        }
    }

    /// After `\u`: one code point, joining a surrogate pair. A lone surrogate is refused
    /// (it is not text, and serde_json refuses it too).
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(self.error("the second half of a surrogate pair"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("the second half of a surrogate pair"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("no lone surrogate")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("a character"))
    }
}

/// The char boundary at or before `index` (`str::floor_char_boundary` needs a newer Rust
/// than the project's minimum).
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(members: &[(&str, Value)]) -> Value {
        Value::Object(Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        ))
    }

    fn string(s: &str) -> Value {
        Value::String(s.into())
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value =
            parse(r#" {"a": [1, -2.5e+3, true, false, null], "b": {"c": "d"}, "e": {}, "f": []} "#)
                .unwrap();
        assert_eq!(
            value,
            object(&[
                (
                    "a",
                    Value::Array(vec![
                        Value::Number("1".into()),
                        Value::Number("-2.5e+3".into()),
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                    ])
                ),
                ("b", object(&[("c", string("d"))])),
                ("e", object(&[])),
                ("f", Value::Array(vec![])),
            ])
        );
        assert_eq!(value.get("b").and_then(|b| b.get("c")), Some(&string("d")));
        assert_eq!(value.get("missing"), None);
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        assert_eq!(
            parse(r#""q\"b\\s\/n\nt\tu\u00e9\uD83D\uDE00\b\f\r""#).unwrap(),
            string("q\"b\\s/n\nt\tué😀\u{8}\u{c}\r")
        );
        assert_eq!(parse(r#""ünïcödé ✓""#).unwrap(), string("ünïcödé ✓"));
    }

    #[test]
    fn the_last_of_a_repeated_key_counts() {
        let value = parse(r#"{"k": 1, "k": 2}"#).unwrap();
        assert_eq!(value.get("k"), Some(&Value::Number("2".into())));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "NaN",
            "tru",
            "nul",
            "'x'",
            "\"unterminated",
            "\"raw\ncontrol\"",
            r#""\x""#,
            r#""\uD800""#,
            r#""\uDC00""#,
            r#""\uD800\u0041""#,
            r#""\u12""#,
            "{} {}",
            "[1] x",
            "\u{feff}{}",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit() {
        let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        assert!(parse(&deep(MAX_DEPTH + 1)).is_err());
        // Far deeper input is refused without running out of stack.
        assert!(parse(&deep(1_000_000)).is_err());
    }

    #[test]
    fn says_where_it_went_wrong() {
        let error = parse("{\n  \"é\": 1\n  \"b\": 2\n}").unwrap_err();
        assert_eq!((error.line, error.column), (3, 3));
        assert_eq!(error.describe(), "expected `,` or `}` at line 3, column 3");
    }

    #[test]
    fn whole_numbers_drop_the_fraction_and_refuse_the_rest() {
        for (text, expected) in [
            ("3600", Some(3600)),
            ("1700000000000.0", Some(1_700_000_000_000)),
            ("0.9", Some(0)),
            ("3.6e3", None),
            ("-5", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(whole_number(text), expected, "{text}");
        }
    }

    #[test]
    fn written_strings_read_back_the_same() {
        for text in [
            "",
            "plain",
            "q\"b\\s",
            "line\nbreak\ttab\r",
            "\u{1}\u{1f}",
            "é😀",
        ] {
            let mut json = String::new();
            write_string(&mut json, text);
            assert_eq!(parse(&json).unwrap(), string(text), "{json}");
        }
    }
}
