//! The scan panel (extension/scan.js): its summary line, notices and how many rows it draws
//! at once. (The filters, colours, bulk plan, confirmation and run view are `crate::scan`'s.)

use super::{Label, Locale, Text};
use serde::{Deserialize, Serialize};

/// Rows the list draws at once; the rest follow in chunks of `FIRST_ROWS * 4` (a page may list 10,000).
pub const FIRST_ROWS: u32 = 150;

/// A scan as the worker gave it (`ScannedPage`: only what the summary needs).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScanIn {
    pub observables: Vec<OccurrencesIn>,
    pub nodes: u64,
    pub notices: Vec<String>,
    pub highlights: bool,
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OccurrencesIn {
    pub occurrences: Vec<serde::de::IgnoredAny>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ScanSummaryView {
    /// The page's title, else its address.
    pub page: String,
    pub summary: String,
    pub notices: Vec<String>,
    pub first_rows: u32,
    pub more_rows: u32,
}

pub fn summary(s: &ScanIn, l: Locale) -> ScanSummaryView {
    let occurrences = s.observables.iter().map(|o| o.occurrences.len() as u64).sum();
    let mut notices = s.notices.clone();
    if !s.highlights {
        notices.push(Label::noHighlights.say(l).into());
    }
    ScanSummaryView {
        page: if s.title.is_empty() { s.url.clone() } else { s.title.clone() },
        summary: Text::ScanSummary { observables: s.observables.len() as u64, occurrences, nodes: s.nodes }.say(l),
        notices,
        first_rows: FIRST_ROWS,
        more_rows: FIRST_ROWS * 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_summary_counts_observables_occurrences_and_nodes_and_says_when_nothing_is_highlighted() {
        let s: ScanIn = serde_json::from_value(json!({
            "observables": [{ "occurrences": [[0, 1], [2, 3]] }, { "occurrences": [[4, 5]] }],
            "nodes": 7, "notices": ["Cut at 2 MB."], "highlights": false, "title": "", "url": "https://a.example/",
        }))
        .unwrap();
        let v = summary(&s, Locale::En);
        assert_eq!(v.summary, "2 observables, 3 occurrences, in 7 text nodes.");
        assert_eq!(v.page, "https://a.example/");
        assert_eq!(v.notices.len(), 2);
        assert!(v.notices[1].starts_with("This browser has no CSS Custom Highlight API"));
        let one: ScanIn =
            serde_json::from_value(json!({ "observables": [{ "occurrences": [[0, 1]] }], "nodes": 1, "highlights": true, "title": "T" })).unwrap();
        let v = summary(&one, Locale::En);
        assert_eq!((v.summary.as_str(), v.page.as_str(), v.notices.len()), ("1 observable, 1 occurrence, in 1 text node.", "T", 0));
    }
}
