//! The companion's only log: one line per request with the method, the route (a fixed name,
//! never the path the browser sent, which can carry a student's id), the status, the time
//! taken, and the refusal's reason word. Never a query string, a header, a body, a code, a
//! token, a verifier or the secret: nothing the line is made from can hold one.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::Method;

/// One request, as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord {
    pub method: &'static str,
    /// `/token`, an API prefix's mount, `/healthz`, or `(other)`.
    pub route: String,
    pub status: u16,
    pub elapsed: Duration,
    /// The `Token-Companion-Refusal` word when the companion refused.
    pub refusal: Option<&'static str>,
}

impl fmt::Display for AccessRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}ms",
            self.method,
            self.route,
            self.status,
            self.elapsed.as_millis()
        )?;
        if let Some(reason) = self.refusal {
            write!(f, " refused={reason}")?;
        }
        Ok(())
    }
}

/// Where the records go.
pub type AccessLog = Arc<dyn Fn(&AccessRecord) + Send + Sync>;

/// Standard error, one line per record (a container's log driver, CloudWatch Logs).
pub fn stderr_log() -> AccessLog {
    Arc::new(|record| eprintln!("{record}"))
}

/// A method's name when it is a standard one (the browser's bytes otherwise never reach
/// the log).
pub fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    }
}
