//! Requests that carry a credential: an API GET with the access token, and a form POST to
//! the token endpoint. Without DPoP the token is a bearer token and the POST carries no
//! proof. Under DPoP (RFC 9449) each request carries a proof the sign-in's key signs for it
//! alone (`crate::browser::dpop`), and a server that asks for a nonce gets the request once
//! more, with a new proof that carries it, within the same deadline.

use super::fetch::{send, Authorization, Deadline, HttpResponse, Outgoing};
use super::limits::Document;
use super::no_answer::NoAnswer;
use crate::browser::dpop::DpopSigner;
use crate::browser::dpop_key::DpopUnavailable;
use oauth_public_client::dpop::{asks_for_nonce, worth_repeating, NonceServer};
use oauth_public_client::token::{AccessToken, TokenType};

/// What authorizes an API call: the access token, and the key it is bound to under DPoP.
#[derive(Clone)]
pub struct Credential {
    pub token: AccessToken,
    pub dpop: Option<DpopSigner>,
}

/// Why a request with a credential got no usable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendFailure {
    NoAnswer(NoAnswer),
    /// WebCrypto would not sign the proof.
    Proof(DpopUnavailable),
}

impl From<NoAnswer> for SendFailure {
    fn from(no_answer: NoAnswer) -> Self {
        SendFailure::NoAnswer(no_answer)
    }
}

/// What `token_type` a token request sent with `signer` must be answered with.
pub fn expected_token_type(signer: Option<&DpopSigner>) -> TokenType {
    match signer {
        Some(_) => TokenType::DPoP,
        None => TokenType::Bearer,
    }
}

/// A form POST to the token endpoint for `document` (a token answer, or the self-check's
/// probe), with a proof when the sign-in uses DPoP. The deadline starts now and covers the
/// nonce repeat too.
pub async fn post_token_request(
    signer: Option<&DpopSigner>,
    url: &str,
    body: String,
    document: Document,
) -> Result<HttpResponse, SendFailure> {
    let deadline = Deadline::for_document(document);
    match signer {
        None => Ok(send(
            Outgoing::PostForm {
                url,
                body,
                proof: None,
            },
            document,
            deadline,
        )
        .await?),
        Some(signer) => {
            let request = Proven::TokenRequest { url, body: &body };
            send_proven(signer, request, document, deadline).await
        }
    }
}

/// An API GET for `document` with the credential. The deadline starts now and covers the
/// nonce repeat too.
pub async fn get_authorized(
    credential: &Credential,
    url: &str,
    document: Document,
) -> Result<HttpResponse, SendFailure> {
    let deadline = Deadline::for_document(document);
    match &credential.dpop {
        None => {
            let authorization = Authorization::Bearer(credential.token.secret());
            let outgoing = Outgoing::Get { url, authorization };
            Ok(send(outgoing, document, deadline).await?)
        }
        Some(signer) => {
            let request = Proven::ApiGet {
                url,
                token: &credential.token,
            };
            send_proven(signer, request, document, deadline).await
        }
    }
}

/// The two kinds of request a proof is made for.
#[derive(Clone, Copy)]
enum Proven<'a> {
    TokenRequest {
        url: &'a str,
        body: &'a str,
    },
    ApiGet {
        url: &'a str,
        token: &'a AccessToken,
    },
}

/// Sends `request` with a fresh proof; if the answer asks for a nonce other than the one the
/// proof carried, once more with a new proof carrying it. Never more than once: a server
/// that keeps asking is answered with its own refusal. Both sends share `deadline`.
async fn send_proven(
    signer: &DpopSigner,
    request: Proven<'_>,
    document: Document,
    deadline: Deadline,
) -> Result<HttpResponse, SendFailure> {
    let (method, url, access_token, server) = match request {
        Proven::TokenRequest { url, .. } => ("POST", url, None, NonceServer::token_endpoint(url)),
        Proven::ApiGet { url, token } => ("GET", url, Some(token), NonceServer::resource_at(url)),
    };
    let mut repeated = false;
    loop {
        let signed = signer
            .proof(method, url, access_token, &server)
            .await
            .map_err(SendFailure::Proof)?;
        let outgoing = match request {
            Proven::TokenRequest { url, body } => Outgoing::PostForm {
                url,
                body: body.to_string(),
                proof: Some(&signed.proof),
            },
            Proven::ApiGet { url, token } => Outgoing::Get {
                url,
                authorization: Authorization::DPoP {
                    token: token.secret(),
                    proof: &signed.proof,
                },
            },
        };
        let response = send(outgoing, document, deadline).await?;
        let offered = response.header("DPoP-Nonce");
        if let Some(offered) = &offered {
            signer.remember_nonce(&server, offered);
        }
        let asked = asks_for_nonce(
            response.status,
            response.header("WWW-Authenticate").as_deref(),
            &response.body,
        );
        if !repeated && worth_repeating(asked, signed.nonce.as_deref(), offered.as_deref()) {
            repeated = true;
            continue;
        }
        return Ok(response);
    }
}
