//! How the companion authenticates as the client at the token endpoint (RFC 6749 §2.3.1):
//! `client_secret_post` (the secret as a form parameter, appended to the app's body) or
//! `client_secret_basic` (HTTP Basic, the app's body forwarded byte for byte). The method is
//! one the provider's discovery document lists in `token_endpoint_auth_methods_supported`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::{BufMut, Bytes, BytesMut};
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue};

use crate::secret::ClientSecret;

/// A client authentication method with a shared secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_post`: `client_id` (already in the app's body) and `client_secret` in
    /// the form. ClassLink's own libraries send the secret this way.
    SecretPost,
    /// `client_secret_basic`: `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`.
    SecretBasic,
}

impl ClientAuth {
    /// The name discovery documents and the configuration use.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuth::SecretPost => "client_secret_post",
            ClientAuth::SecretBasic => "client_secret_basic",
        }
    }

    pub fn parse(name: &str) -> Option<ClientAuth> {
        match name {
            "client_secret_post" => Some(ClientAuth::SecretPost),
            "client_secret_basic" => Some(ClientAuth::SecretBasic),
            _ => None,
        }
    }

    /// The method to use with a provider whose discovery document lists `listed` (`None`:
    /// the document has no `token_endpoint_auth_methods_supported`, whose default is
    /// `client_secret_basic`, OpenID Connect Discovery §3). `client_secret_post` is
    /// preferred when listed: it is what ClassLink's libraries send.
    pub fn choose(listed: Option<&[String]>) -> Option<ClientAuth> {
        let Some(listed) = listed else {
            return Some(ClientAuth::SecretBasic);
        };
        [ClientAuth::SecretPost, ClientAuth::SecretBasic]
            .into_iter()
            .find(|method| listed.iter().any(|name| name == method.as_str()))
    }

    /// Adds the client's credentials to a token request whose form body is `body` (the
    /// app's bytes): returns the body to forward, and sets `Authorization` for Basic.
    pub fn authenticate(
        self,
        client_id: &str,
        secret: &ClientSecret,
        body: &Bytes,
        headers: &mut HeaderMap,
    ) -> Bytes {
        match self {
            ClientAuth::SecretPost => {
                let mut out = BytesMut::with_capacity(body.len() + 16 + secret.expose().len());
                out.put_slice(body);
                if !body.is_empty() {
                    out.put_u8(b'&');
                }
                out.put_slice(
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("client_secret", secret.expose())
                        .finish()
                        .as_bytes(),
                );
                out.freeze()
            }
            ClientAuth::SecretBasic => {
                // RFC 6749 §2.3.1: each part form-urlencoded before joining with ':'.
                let encode =
                    |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                let credentials = format!("{}:{}", encode(client_id), encode(secret.expose()));
                let value = format!("Basic {}", STANDARD.encode(credentials));
                // Base64 and "Basic " are always a valid header value.
                if let Ok(mut value) = HeaderValue::from_str(&value) {
                    value.set_sensitive(true);
                    headers.insert(AUTHORIZATION, value);
                }
                body.clone()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_is_preferred_and_basic_is_the_default() {
        let both = [
            "client_secret_basic".to_string(),
            "client_secret_post".to_string(),
        ];
        assert_eq!(
            ClientAuth::choose(Some(&both)),
            Some(ClientAuth::SecretPost)
        );
        let basic = ["client_secret_basic".to_string()];
        assert_eq!(
            ClientAuth::choose(Some(&basic)),
            Some(ClientAuth::SecretBasic)
        );
        assert_eq!(ClientAuth::choose(None), Some(ClientAuth::SecretBasic));
        let neither = ["none".to_string(), "private_key_jwt".to_string()];
        assert_eq!(ClientAuth::choose(Some(&neither)), None);
    }

    #[test]
    fn post_appends_the_secret_to_the_apps_bytes() {
        let body = Bytes::from_static(b"grant_type=refresh_token&refresh_token=r&client_id=c");
        let mut headers = HeaderMap::new();
        let secret = ClientSecret::new("a b&c=d".into());
        let out = ClientAuth::SecretPost.authenticate("c", &secret, &body, &mut headers);
        assert_eq!(
            out,
            Bytes::from_static(
                b"grant_type=refresh_token&refresh_token=r&client_id=c&client_secret=a+b%26c%3Dd"
            )
        );
        assert!(headers.is_empty());
    }

    #[test]
    fn basic_encodes_each_part_and_leaves_the_body_alone() {
        let body = Bytes::from_static(b"grant_type=authorization_code&code=x");
        let mut headers = HeaderMap::new();
        let secret = ClientSecret::new("p:w d".into());
        let out = ClientAuth::SecretBasic.authenticate("my client", &secret, &body, &mut headers);
        assert_eq!(out, body);
        let expected = format!("Basic {}", STANDARD.encode("my+client:p%3Aw+d"));
        assert_eq!(headers[AUTHORIZATION], expected.as_str());
    }
}
