//! The control surface: what tests and the demo set and read around the servers. The start
//! [`options`] (a [`confidential_client`] among them) and the [`cli`] that fills them; the switch sets ([`session_features`], [`cors_off`], read by
//! [`switch_list`]); fault injection ([`faults`]); what the servers saw ([`request_log`],
//! [`records`]); and the loopback-only admin routes over all of it ([`admin`]).

pub(crate) mod admin;
pub mod cli;
pub(crate) mod confidential_client;
pub(crate) mod cors_off;
pub(crate) mod faults;
pub(crate) mod options;
pub(crate) mod records;
pub(crate) mod request_log;
pub(crate) mod session_features;
pub(crate) mod switch_list;
