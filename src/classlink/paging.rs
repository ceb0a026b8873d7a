//! Paging through OneRoster collections (`limit`/`offset`, `x-total-count`), bounded so a
//! lying or broken server can never make the app loop or fetch without end.

/// Classes asked for per page (OneRoster's default page).
pub const PAGE_SIZE: usize = 100;
/// Most pages fetched for one list, the first included: 5,000 classes.
pub const MAX_PAGES: usize = 50;

/// Reads `x-total-count`: a non-negative integer, else unknown.
pub fn parse_total_count(header: Option<&str>) -> Option<usize> {
    let value = header?.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// What to fetch after the first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPages {
    /// The first page was everything.
    Done,
    /// The total is known: these offsets, all at once.
    Parallel(Vec<usize>),
    /// The total is unknown but the page was full: fetch one page after another from this
    /// offset until a short page, at most [`MAX_PAGES`] in all.
    Sequential { from_offset: usize },
}

/// Plans the rest of the collection from the first page's entry count and `x-total-count`.
/// A short page is the last page, whatever the header says; a total smaller than a full
/// first page contradicts it and is ignored.
pub fn plan_after_first_page(first_page_len: usize, total: Option<usize>) -> NextPages {
    if first_page_len < PAGE_SIZE {
        return NextPages::Done;
    }
    let total = total.filter(|total| *total >= first_page_len);
    match total {
        Some(total) if total == first_page_len => NextPages::Done,
        Some(total) => NextPages::Parallel(
            (1..MAX_PAGES)
                .map(|page| page * PAGE_SIZE)
                .take_while(|offset| *offset < total)
                .collect(),
        ),
        None => NextPages::Sequential {
            from_offset: first_page_len,
        },
    }
}

/// Whether sequential paging goes on after a page of `page_len` entries, the
/// `pages_fetched`-th (first page included).
pub fn continue_sequential(page_len: usize, pages_fetched: usize) -> bool {
    page_len >= PAGE_SIZE && pages_fetched < MAX_PAGES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_count_must_be_a_plain_number() {
        assert_eq!(parse_total_count(Some("230")), Some(230));
        assert_eq!(parse_total_count(Some(" 0 ")), Some(0));
        for bad in [
            None,
            Some(""),
            Some("-5"),
            Some("abc"),
            Some("1e3"),
            Some("99999999999999999999999"),
        ] {
            assert_eq!(parse_total_count(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn plans_parallel_pages_when_the_total_is_known() {
        assert_eq!(
            plan_after_first_page(100, Some(230)),
            NextPages::Parallel(vec![100, 200])
        );
        assert_eq!(
            plan_after_first_page(100, Some(200)),
            NextPages::Parallel(vec![100])
        );
        assert_eq!(plan_after_first_page(100, Some(100)), NextPages::Done);
        assert_eq!(plan_after_first_page(7, Some(230)), NextPages::Done);
        assert_eq!(plan_after_first_page(0, None), NextPages::Done);
    }

    #[test]
    fn a_lying_total_is_bounded() {
        // Smaller than a full page that came: the header is wrong, page on until a short page.
        assert_eq!(
            plan_after_first_page(100, Some(3)),
            NextPages::Sequential { from_offset: 100 }
        );
        // Smaller, but the page was short: that was everything.
        assert_eq!(plan_after_first_page(7, Some(3)), NextPages::Done);
        // Absurdly large: never more than MAX_PAGES in all.
        match plan_after_first_page(100, Some(usize::MAX)) {
            NextPages::Parallel(offsets) => {
                assert_eq!(offsets.len(), MAX_PAGES - 1);
                assert_eq!(offsets.last(), Some(&((MAX_PAGES - 1) * PAGE_SIZE)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_totals_page_sequentially_and_stop() {
        assert_eq!(
            plan_after_first_page(100, None),
            NextPages::Sequential { from_offset: 100 }
        );
        assert!(continue_sequential(100, 1));
        assert!(!continue_sequential(99, 1));
        assert!(!continue_sequential(100, MAX_PAGES));
    }
}
