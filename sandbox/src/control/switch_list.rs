//! The one syntax of every switch list on the command line (`--session-features`,
//! `--dpop-features`, …): comma-separated names or `all`, a typo refused rather than silently
//! leaving a switch off.

/// Reads a switch list given to `flag`: comma-separated names, each handed to `switch_on`,
/// which answers whether it knew the name (`all` included). The first unknown or empty name is
/// refused with a message listing `names`.
pub(crate) fn parse_list(
    flag: &str,
    list: &str,
    names: &[&str],
    mut switch_on: impl FnMut(&str) -> bool,
) -> Result<(), String> {
    for name in list.split(',').map(str::trim) {
        if !switch_on(name) {
            return Err(format!(
                "{flag}: unknown feature {name:?} (use all or a comma-separated list of {})",
                names.join(",")
            ));
        }
    }
    Ok(())
}
