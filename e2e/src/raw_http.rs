//! A plain HTTP/1.1 client over one loopback connection: enough for the deployment test's
//! headers and for the DPoP tests' requests that no browser would send.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// One HTTP/1.1 response: its status and headers (names lower-cased, in order).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// Every value of a header.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The header's one value; more than one is a failure (a recipe adding it twice).
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.all(name);
        assert!(
            values.len() <= 1,
            "{name} sent {} times: {values:?}",
            values.len()
        );
        values.first().copied()
    }
}

/// A plain GET over one connection (`Connection: close`).
pub fn get(origin: &str, path: &str) -> Response {
    send(origin, "GET", path, &[])
}

/// One request over one connection (`Connection: close`), with exactly the headers given:
/// the tests need status and headers, and to send what no browser would (a replayed DPoP
/// proof, a stolen token), not a client library.
pub fn send(origin: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let authority = origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(authority).expect("connecting to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .expect("sending the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reading the response");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete header");
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}
