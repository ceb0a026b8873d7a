//! The resource APIs ClassLink serves beside the provider: the profile ([`profile`]), the
//! classes ([`classes`]) and their teachers ([`teachers`]), each behind [`access`] (the token,
//! its scope, its user) and paged by [`paging`], all served from the [`seed`].

pub(crate) mod access;
pub(crate) mod classes;
pub(crate) mod paging;
pub(crate) mod profile;
pub(crate) mod seed;
pub(crate) mod teachers;
