//! What every route reads: the configuration with its provider resolved (the token endpoint
//! and how to authenticate there, read once at start), the upstream, and the access log. Its
//! own module so the routes (`token`, `pass_through`) and the core that calls them
//! (`companion`) all import it and none imports another.

use std::sync::Arc;

use http::Uri;
use url::Url;

use crate::access_log::AccessLog;
use crate::client_auth::ClientAuth;
use crate::config::Config;
use crate::upstream::Upstream;

pub(crate) struct Resolved {
    pub config: Config,
    pub token_endpoint: Url,
    pub token_endpoint_uri: Uri,
    pub client_auth: ClientAuth,
    pub upstream: Arc<dyn Upstream>,
    pub log: AccessLog,
}
