//! Every token the token reader accepts can be set as `Authorization: Bearer <token>` (and
//! `DPoP <token>`) on the browser's own `Headers`, which is what fetch sends, without an
//! exception: random token-like text from the browser's random source, in real Chromium and
//! Firefox. Before the reader refused what a header cannot carry, a token with `€` made the
//! header throw and the page hang on "Loading…".
#![cfg(target_arch = "wasm32")]

use oauth_public_client::token::{parse_token_response, TokenType};
use wasm_bindgen_test::*;
use web_sys::Headers;

wasm_bindgen_test_configure!(run_in_browser);

/// How many random tokens are tried.
const TOKENS: usize = 3_000;

/// b64token characters (RFC 6750 §2.1), and others a token endpoint might send.
const B64TOKEN: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
const OTHERS: &[char] = &[
    '=', ' ', '€', '\t', '\n', '\u{0}', '\u{7f}', '"', ',', ';', ':', 'é', 'ß', '中', '🦆',
    '\u{202E}', '\u{a0}',
];

/// A token of up to 24 characters: mostly b64token characters, sometimes any other.
fn random_token(bytes: &[u8]) -> String {
    let length = usize::from(bytes[0]) % 24;
    bytes[1..=length]
        .iter()
        .map(|&b| match b % 8 {
            0 => OTHERS[usize::from(b / 8) % OTHERS.len()],
            _ => char::from(B64TOKEN[usize::from(b) % B64TOKEN.len()]),
        })
        .collect()
}

fn header_accepts(value: &str) -> bool {
    Headers::new()
        .and_then(|headers| headers.set("Authorization", value))
        .is_ok()
}

#[wasm_bindgen_test]
fn every_token_the_reader_accepts_can_be_set_as_an_authorization_header() {
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..TOKENS {
        let mut bytes = [0u8; 25];
        getrandom::fill(&mut bytes).unwrap();
        let token = random_token(&bytes);
        for (token_type, name) in [(TokenType::Bearer, "Bearer"), (TokenType::DPoP, "DPoP")] {
            let answer = serde_json::json!({
                "access_token": token,
                "refresh_token": token,
                "token_type": name,
            });
            match parse_token_response(200, &answer.to_string(), token_type) {
                Ok(tokens) => {
                    accepted += 1;
                    let access = tokens.access_token.secret();
                    let refresh = tokens.refresh_token.unwrap();
                    for value in [access, refresh.secret()] {
                        let header = format!("{name} {value}");
                        assert!(header_accepts(&header), "{header:?} threw");
                    }
                }
                Err(_) => refused += 1,
            }
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
    // The browser does throw on what the reader refuses: the check above is a real one.
    assert!(!header_accepts("Bearer a€b"));
}
