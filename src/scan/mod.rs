//! Scan the page (issue 14): what a page's rendered text holds, where each occurrence sits in the
//! page's text nodes, how each is coloured by its verdict, what the panel lists and filters, and
//! the bulk-respond run ([`run`]). The extension's injected function only collects text nodes and
//! draws ranges; every decision about them is here, tested natively.
//!
//! The page arrives as one string, the text nodes back to back, with `"\n"` where the collector
//! met a block boundary (so `evil<b>.com</b>` is one indicator, two table cells are two), and the
//! UTF-16 start of every node in that string. Extraction is [`crate::extract::extract_all`]
//! (Unicode IDNs sent as their A-label, odd dots and zero-width characters refanged, offsets into
//! the original text); each occurrence's UTF-16 span is mapped back to `(node, offset)` pairs.

pub mod run;
pub mod visible;

use crate::api::MAX_OBSERVABLES;
use crate::extract;
use crate::view::errors::ErrorText;
use serde::Serialize;
use std::collections::HashMap;

/// The most text a scan reads, in UTF-16 code units (characters, for most pages). A page with
/// more is scanned up to the last whole text node within it, and the panel says so.
pub const PAGE_LIMIT: u32 = 8_000_000;

/// The most text the first pass reads (the part of the page in the window, highlighted before
/// the rest is read): a window rarely shows more; past it, the full pass draws the rest.
pub const VIEW_LIMIT: u32 = 100_000;

/// One observable on the page, listed once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageObservable {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: String,
    /// Written defanged in at least one occurrence.
    pub defanged: bool,
    /// Its occurrences: indices into [`Page::ranges`] (groups of [`RANGE_FIELDS`]), in page order.
    pub occurrences: Vec<u32>,
    /// A reference host of the default list (`reference_hosts.rs`): context, never picked by
    /// "Select all shown" ([`select_shown`] adds the policy's hosts). Only serialised when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference: bool,
    /// None of its occurrences is visible on the page ([`visible`]: hidden by a style that keeps
    /// the text rendered): the panel says so, "Select all shown" leaves it out, the bulk
    /// confirmation names it apart. Only serialised when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_visible: bool,
}

/// Numbers per occurrence in [`Page::ranges`]: observable, start node, start offset, end node, end offset.
pub const RANGE_FIELDS: usize = 5;

/// What a scan found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub observables: Vec<PageObservable>,
    /// Every occurrence, flat: `[observable, startNode, startOffset, endNode, endOffset]` each.
    #[serde(skip)]
    pub ranges: Vec<u32>,
    /// Text nodes read and characters scanned.
    pub nodes: u32,
    pub scanned: u32,
    /// Lines for the panel: the page was cut at the limit, frames skipped.
    pub notices: Vec<String>,
    /// Types present, in a fixed order, for the type filter.
    pub types: Vec<&'static str>,
}

/// What the collector reports besides the text.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Collected {
    /// It stopped before a node that would have passed [`PAGE_LIMIT`].
    pub truncated: bool,
    /// Characters of text it did not read (past the limit), as far as it counted.
    pub left_out: f64,
    /// Frames it could not read (another origin): their `src`.
    pub skipped_frames: Vec<String>,
}

const TYPE_ORDER: [&str; 9] = ["ip", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "mac_address"];

/// Scans `text` (the page string) whose nodes start at `starts` and are `lens` long (UTF-16
/// units). Nodes must be in order and not overlap; a malformed pair of arrays yields nothing.
pub fn scan(text: &str, starts: &[u32], lens: &[u32], collected: &Collected) -> Page {
    scan_with_len(text, utf16_len(text), starts, lens, collected)
}

/// [`scan`] with `total` = `utf16_len(text)` already counted.
fn scan_with_len(text: &str, total: u32, starts: &[u32], lens: &[u32], collected: &Collected) -> Page {
    let ordered = starts.len() == lens.len()
        && starts.windows(2).zip(lens).all(|(w, &l)| w[0].checked_add(l).is_some_and(|end| end <= w[1]))
        && starts.last().zip(lens.last()).is_none_or(|(&s, &l)| s.checked_add(l).is_some_and(|end| end <= total));
    let (starts, lens) = if ordered { (starts, lens) } else { (&[][..], &[][..]) };
    let mut found = if starts.is_empty() { Vec::new() } else { extract::extract_all(text) };
    extract::to_utf16_offsets(text, &mut found);
    let mut index: HashMap<(&'static str, String), u32> = HashMap::new();
    let mut observables: Vec<PageObservable> = Vec::new();
    let mut ranges = Vec::with_capacity(found.len() * RANGE_FIELDS);
    for f in found {
        let Some(r) = map_span(starts, lens, f.start as u32, f.end as u32) else { continue };
        let next = observables.len() as u32;
        let i = *index.entry((f.kind, f.value.clone())).or_insert(next);
        if i == next {
            let reference = crate::reference_hosts::is_reference(f.kind, &f.value, &[]);
            observables.push(PageObservable { kind: f.kind, value: f.value, defanged: false, occurrences: Vec::new(), reference, not_visible: false });
        }
        let o = &mut observables[i as usize];
        o.defanged |= f.defanged;
        o.occurrences.push((ranges.len() / RANGE_FIELDS) as u32);
        ranges.extend_from_slice(&[i, r[0], r[1], r[2], r[3]]);
    }
    let types = TYPE_ORDER.iter().copied().filter(|t| observables.iter().any(|o| o.kind == *t)).collect();
    Page { observables, ranges, nodes: starts.len() as u32, scanned: total, notices: notices(collected, total), types }
}

fn notices(c: &Collected, scanned: u32) -> Vec<String> {
    let mut out = Vec::new();
    if c.truncated {
        out.push(
            ErrorText::PageTooLong { limit: PAGE_LIMIT as u64, scanned: scanned as u64, left_out: (c.left_out >= 1.0).then_some(c.left_out as u64) }.into(),
        );
    }
    match c.skipped_frames.len() {
        0 => {}
        n => out.push(
            ErrorText::FramesSkipped {
                n: n as u64,
                list: c.skipped_frames.iter().take(5).map(|s| shown_src(s)).collect::<Vec<_>>().join(", ") + if n > 5 { ", …" } else { "" },
            }
            .into(),
        ),
    }
    out
}

fn shown_src(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        return ErrorText::NoAddress.into();
    }
    let cut: String = s.chars().take(120).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// Thousands with commas (`8,000`), as the messages write them.
pub use sxr_codec::text::group_thousands as group;

/// UTF-16 length: one unit per byte that starts a character, two for a 4-byte one (a page is
/// mostly ASCII, where it is the byte length; this runs over the whole page twice per scan).
fn utf16_len(text: &str) -> u32 {
    if text.is_ascii() {
        return text.len() as u32;
    }
    text.as_bytes().iter().map(|&b| u32::from((b & 0xc0) != 0x80) + u32::from(b >= 0xf0)).sum()
}

/// First code unit of the node table's digits: 0x100 + value, each value below [`DIGIT`], so no
/// code unit is a surrogate (the table crosses into wasm as UTF-8 intact).
pub const DIGIT_BASE: u32 = 0x100;
/// Values per digit.
pub const DIGIT: u32 = 0x4000;

/// The collector's node table → `(starts, lens)`: three code units per text node, `[break,
/// high, low]` (break 1: a block boundary before the node, written as one `"\n"` in the text;
/// length = high × 0x4000 + low). A string crosses from the page to the worker at memcpy speed,
/// where an array of 100,000 numbers costs more than walking the page. `None` when the table is
/// malformed or does not add up to `text_len`.
pub fn decode_nodes(table: &str, text_len: u32) -> Option<(Vec<u32>, Vec<u32>)> {
    // Every digit is 2 or 3 UTF-8 bytes: at most len / 6 nodes.
    let (mut starts, mut lens) = (Vec::with_capacity(table.len() / 6), Vec::with_capacity(table.len() / 6));
    let digit = |u: Option<char>| (u? as u32).checked_sub(DIGIT_BASE).filter(|d| *d < DIGIT);
    let mut units = table.chars();
    let mut pos: u32 = 0;
    while let Some(first) = units.next() {
        let brk = digit(Some(first))?;
        let len = digit(units.next())?.checked_mul(DIGIT)?.checked_add(digit(units.next())?)?;
        if brk == 1 && pos > 0 {
            pos = pos.checked_add(1)?;
        }
        starts.push(pos);
        lens.push(len);
        pos = pos.checked_add(len)?;
    }
    (pos == text_len).then_some((starts, lens))
}

/// [`scan`] for the collector's node table ([`decode_nodes`]); a table that does not fit the
/// text yields nothing found. `hidden`: nodes the page says are not rendered (indices into the
/// table; any order, out-of-range ones ignored): their text is left out as if the collector had
/// not read it, and the ranges still name the table's nodes.
pub fn scan_table(text: &str, table: &str, hidden: &[u32], collected: &Collected) -> Page {
    let total = utf16_len(text);
    let Some((starts, lens)) = decode_nodes(table, total) else { return scan_with_len(text, total, &[], &[], collected) };
    if !hidden.iter().any(|&h| (h as usize) < starts.len()) {
        return scan_with_len(text, total, &starts, &lens, collected);
    }
    let (shown, shown_starts, shown_lens, of) = without_nodes(text, &starts, &lens, hidden);
    let mut page = scan(&shown, &shown_starts, &shown_lens, collected);
    for r in page.ranges.chunks_exact_mut(RANGE_FIELDS) {
        r[1] = of[r[1] as usize];
        r[3] = of[r[3] as usize];
    }
    page
}

/// The page string without the `hidden` nodes: the text of the others, a `"\n"` before a node
/// where a block boundary lay between it and the last node kept (a boundary before or after a
/// hidden node counts), their starts and lengths, and each kept node's index in the table.
/// `starts`/`lens` are a valid table for `text` ([`decode_nodes`]).
fn without_nodes(text: &str, starts: &[u32], lens: &[u32], hidden: &[u32]) -> (String, Vec<u32>, Vec<u32>, Vec<u32>) {
    let mut gone = vec![false; starts.len()];
    for &h in hidden {
        if let Some(g) = gone.get_mut(h as usize) {
            *g = true;
        }
    }
    let mut out = String::with_capacity(text.len());
    let (mut out_starts, mut out_lens, mut of) = (Vec::new(), Vec::new(), Vec::new());
    let mut out_len: u32 = 0;
    // A cursor over `text`: UTF-16 position → byte position, moved forward only.
    let mut chars = text.char_indices();
    let (mut u16_pos, mut byte_pos) = (0u32, 0usize);
    let mut byte_at = |target: u32| -> usize {
        while u16_pos < target {
            match chars.next() {
                Some((_, c)) => {
                    u16_pos += c.len_utf16() as u32;
                    byte_pos += c.len_utf8();
                }
                None => break,
            }
        }
        byte_pos
    };
    let mut brk = false;
    let mut prev_end = 0u32;
    for i in 0..starts.len() {
        brk |= i > 0 && starts[i] > prev_end;
        prev_end = starts[i] + lens[i];
        if gone[i] {
            continue;
        }
        let (a, b) = (byte_at(starts[i]), byte_at(starts[i] + lens[i]));
        if brk && out_len > 0 {
            out.push('\n');
            out_len += 1;
        }
        brk = false;
        out_starts.push(out_len);
        out_lens.push(lens[i]);
        of.push(i as u32);
        out.push_str(&text[a..b]);
        out_len += lens[i];
    }
    (out, out_starts, out_lens, of)
}

/// A UTF-16 span `[s, e)` of the page string → `[startNode, startOffset, endNode, endOffset]`.
/// A start at a node's end moves to the next node's start; an end at a node's start moves back
/// to the previous node's end, so a range never begins or ends in a node it does not cover.
/// `None` for an empty span or one outside every node.
pub fn map_span(starts: &[u32], lens: &[u32], s: u32, e: u32) -> Option<[u32; 4]> {
    if e <= s || starts.is_empty() {
        return None;
    }
    // Start: the last node starting at or before s, or the next one if s is past its end.
    let mut a = starts.partition_point(|&x| x <= s).saturating_sub(1);
    while a < starts.len() && s >= starts[a] + lens[a] {
        a += 1;
    }
    if a == starts.len() {
        return None;
    }
    let so = s.saturating_sub(starts[a]);
    // End: the last node starting before e.
    let b = starts.partition_point(|&x| x < e).checked_sub(1)?;
    if b < a {
        return None;
    }
    let eo = (e - starts[b]).min(lens[b]);
    Some([a as u32, so, b as u32, eo])
}

/// Highlight classes, by verdict: what `::highlight(sxr-<class>)` colours, and the CTIM
/// disposition the legend names it by (0: no verdict yet). Index = the value in a colours
/// array; 0 until a verdict arrives.
pub const CLASSES: [(&str, u8); 6] = [("pending", 0), ("malicious", 2), ("suspicious", 3), ("clean", 1), ("common", 4), ("unknown", 5)];

/// The legend's name of class `i` ([`CLASSES`]), in the locale of the moment.
pub fn class_label(i: usize) -> String {
    match CLASSES.get(i).map_or(0, |c| c.1) {
        0 => crate::view::ErrorText::NoVerdictYet.into(),
        d => crate::api::enrich::disposition_name(d),
    }
}

/// The class index for a disposition (1 Clean, 2 Malicious, 3 Suspicious, 4 Common, 5 Unknown).
pub fn class_of(disposition: u64) -> u8 {
    match disposition {
        2 => 1,
        3 => 2,
        1 => 3,
        4 => 4,
        _ => 5,
    }
}

/// The verdicts answer for some of the page's observables → `(index, class)` for each one it
/// names (matched on type and value; the core's client answers in the spelling asked).
pub fn colours(page: &[(String, String)], verdicts: &serde_json::Value) -> Vec<(u32, u8)> {
    let index: HashMap<(&str, &str), u32> = page.iter().enumerate().map(|(i, (t, v))| ((t.as_str(), v.as_str()), i as u32)).collect();
    let mut out = Vec::new();
    for o in verdicts.get("observables").and_then(|v| v.as_array()).into_iter().flatten() {
        let (Some(t), Some(v)) = (o.get("type").and_then(|x| x.as_str()), o.get("value").and_then(|x| x.as_str())) else { continue };
        let d = o.get("disposition").and_then(|x| x.as_u64()).unwrap_or(5);
        if let Some(&i) = index.get(&(t, v)) {
            out.push((i, class_of(d)));
        }
    }
    out
}

/// The requests for `n` observables: consecutive index ranges of at most [`MAX_OBSERVABLES`].
pub fn batches(n: usize) -> Vec<(u32, u32)> {
    (0..n).step_by(MAX_OBSERVABLES).map(|a| (a as u32, (a + MAX_OBSERVABLES).min(n) as u32)).collect()
}

/// The panel's filters: indices of the observables of `kind` (empty: any) whose class is `class`
/// (`None`: any), in list order.
pub fn filter(kinds: &[&str], classes: &[u8], kind: &str, class: Option<u8>) -> Vec<u32> {
    (0..kinds.len())
        .filter(|&i| (kind.is_empty() || kinds[i] == kind) && class.is_none_or(|c| classes.get(i).copied().unwrap_or(0) == c))
        .map(|i| i as u32)
        .collect()
}

/// "Select all shown": the shown observables (`shown`, indices into `page` = `(type, value)`)
/// that are not reference hosts (the default list and the policy's `extra`) nor marked not
/// visible (`not_visible`, same order as `page`; missing: visible), in list order.
pub fn select_shown(page: &[(String, String)], not_visible: &[bool], shown: &[u32], extra: &[String]) -> Vec<u32> {
    shown
        .iter()
        .copied()
        .filter(|&i| {
            page.get(i as usize).is_some_and(|(t, v)| !crate::reference_hosts::is_reference(t, v, extra))
                && !not_visible.get(i as usize).copied().unwrap_or(false)
        })
        .collect()
}

/// Marks the observables none of whose occurrences is visible (`occurrence_visible`: one flag per
/// occurrence, indexed as [`PageObservable::occurrences`]; a missing flag is not visible).
pub fn mark_not_visible(observables: &mut [PageObservable], ranges: &[u32], occurrence_visible: &[bool]) {
    for i in not_visible_observables(ranges, observables.len(), occurrence_visible) {
        observables[i as usize].not_visible = true;
    }
}

/// The observables (of `count`) none of whose occurrences is visible: `ranges` as
/// [`Page::ranges`] (the observable first in each group), `occurrence_visible` one flag per
/// occurrence (a missing flag is not visible).
pub fn not_visible_observables(ranges: &[u32], count: usize, occurrence_visible: &[bool]) -> Vec<u32> {
    let mut seen = vec![false; count];
    for (k, r) in ranges.chunks_exact(RANGE_FIELDS).enumerate() {
        if let Some(s) = seen.get_mut(r[0] as usize) {
            *s |= occurrence_visible.get(k).copied().unwrap_or(false);
        }
    }
    seen.iter().enumerate().filter(|(_, v)| !**v).map(|(i, _)| i as u32).collect()
}

/// The one highlight every occurrence is painted with in the page while verdict colours are off
/// there (issue 21, item 1): the page shares the `CSS.highlights` registry and can read each
/// highlight's name, ranges and computed colour, so one neutral highlight tells it nothing about
/// the verdicts. `sxr-current` (the occurrence "Next" went to) is the only other one.
pub const FOUND_HIGHLIGHT: &str = "sxr-found";

/// What the page is painted with: the highlight names by class index and `(observable, class)`
/// for each observable whose class is not 0. Verdict colours off (the default): one neutral
/// highlight, every observable in it, whatever the panel knows (`classes` is not looked at).
/// On (the analyst's choice for that page, the panel saying the page can then read them): a
/// highlight per verdict class ([`CLASSES`]).
pub fn paint(verdict_colours: bool, classes: &[u8]) -> (Vec<String>, Vec<(u32, u8)>) {
    if !verdict_colours {
        return (vec![FOUND_HIGHLIGHT.to_string()], Vec::new());
    }
    let names = CLASSES.iter().map(|(n, _)| format!("sxr-{n}")).collect();
    let pairs = classes.iter().enumerate().filter(|(_, &c)| c != 0 && (c as usize) < CLASSES.len()).map(|(i, &c)| (i as u32, c)).collect();
    (names, pairs)
}

/// The most observables a scan asks verdicts for without the analyst's click (issue 21, item 6):
/// a scan sends what the page shows to every enrichment module, and each request costs one of
/// the organisation's calls; the rest is asked on request, its cost stated first.
pub const ENRICH_CAP: usize = 100;

/// Which verdict requests to send now, for a page of `total` observables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrichPlan {
    /// Index ranges `[start, end)`, one request each.
    pub batches: Vec<(u32, u32)>,
    /// Observables left for the analyst's click after these.
    pub rest: u32,
    /// Requests the rest will cost.
    pub rest_calls: u32,
    /// What the panel says about the rest ("" when there is none).
    pub note: String,
    /// The button that asks for the rest ("" when there is none).
    pub button: String,
}

/// The scan's verdict requests: without a click (`clicked` false) the first [`ENRICH_CAP`]
/// observables only; on the click, the rest. `budget`: what the organisation has left this hour,
/// when the last answer said.
pub fn enrich_plan(total: usize, clicked: bool, budget: Option<crate::api::RateBudget>) -> EnrichPlan {
    let first = total.min(ENRICH_CAP);
    let (from, to) = if clicked { (first, total) } else { (0, first) };
    let batches: Vec<(u32, u32)> = batches(to - from).into_iter().map(|(a, b)| (a + from as u32, b + from as u32)).collect();
    let rest = total - to;
    let rest_calls = batches_needed(rest);
    let (note, button) = if rest == 0 {
        (String::new(), String::new())
    } else {
        let calls = rest_calls as u64;
        (
            ErrorText::VerdictsCapped {
                first: first as u64,
                total: total as u64,
                cap: ENRICH_CAP as u64,
                rest: rest as u64,
                calls,
                left: budget.map(|b| b.remaining),
            }
            .into(),
            ErrorText::AskOtherVerdicts { rest: rest as u64, calls }.into(),
        )
    };
    EnrichPlan { batches, rest: rest as u32, rest_calls, note, button }
}

/// The worker's check of each verdicts request a scan's panel sends: without the analyst's click,
/// only while the scan's observables asked so far (`asked`) and these `n` stay within
/// [`ENRICH_CAP`] (a panel that asked for more would be a bug; nothing is sent then).
pub fn enrich_allowed(asked: usize, n: usize, clicked: bool) -> bool {
    clicked || asked.saturating_add(n) <= ENRICH_CAP
}

fn batches_needed(n: usize) -> u32 {
    n.div_ceil(MAX_OBSERVABLES) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page string and node starts for text nodes, `None` marking a block boundary.
    fn page(parts: &[Option<&str>]) -> (String, Vec<u32>, Vec<u32>) {
        let (mut text, mut starts, mut lens, mut brk) = (String::new(), Vec::new(), Vec::new(), false);
        for p in parts {
            match p {
                None => brk = true,
                Some(s) => {
                    if brk && !text.is_empty() {
                        text.push('\n');
                    }
                    brk = false;
                    starts.push(utf16_len(&text));
                    lens.push(utf16_len(s));
                    text.push_str(s);
                }
            }
        }
        (text, starts, lens)
    }

    fn found(parts: &[Option<&str>]) -> Vec<(String, Vec<[u32; 4]>)> {
        let (text, starts, lens) = page(parts);
        let p = scan(&text, &starts, &lens, &Collected::default());
        p.observables
            .iter()
            .map(|o| {
                let rs = o.occurrences.iter().map(|&k| {
                    let r = &p.ranges[k as usize * RANGE_FIELDS..][..RANGE_FIELDS];
                    [r[1], r[2], r[3], r[4]]
                });
                (format!("{}:{}", o.kind, o.value), rs.collect())
            })
            .collect()
    }

    #[test]
    fn an_indicator_split_across_inline_elements_is_one_range_over_both_nodes() {
        // <p>Beacon to evil<b>.com</b> now</p>
        assert_eq!(found(&[Some("Beacon to evil"), Some(".com"), Some(" now")]), vec![("domain:evil.com".into(), vec![[0, 10, 1, 4]])]);
        // 1.2.3<span>.4</span>
        assert_eq!(found(&[Some("1.2.3"), Some(".4")]), vec![("ip:1.2.3.4".into(), vec![[0, 0, 1, 2]])]);
    }

    #[test]
    fn block_boundaries_keep_cells_apart() {
        // <td>evil</td><td>com</td>: no "evil\ncom" indicator; two cells with domains are two.
        assert_eq!(found(&[Some("evil"), None, Some(".com")]), vec![]);
        assert_eq!(
            found(&[Some("a.example.com"), None, Some("b.example.org")]),
            vec![("domain:a.example.com".into(), vec![[0, 0, 0, 13]]), ("domain:b.example.org".into(), vec![[1, 0, 1, 13]])]
        );
    }

    #[test]
    fn occurrences_are_counted_once_per_observable_and_defanged_is_any() {
        let f = found(&[Some("evil.com then evil[.]com"), None, Some("EVIL.COM")]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, vec![[0, 0, 0, 8], [0, 14, 0, 24], [1, 0, 1, 8]]);
        let (text, starts, lens) = page(&[Some("x evil[.]com")]);
        assert!(scan(&text, &starts, &lens, &Collected::default()).observables[0].defanged);
    }

    #[test]
    fn offsets_are_utf16_units_of_each_node() {
        // A node with an astral character (2 units) before an IDN with a fullwidth dot.
        let f = found(&[Some("😀 see "), Some("bücher．de")]);
        assert_eq!(f, vec![("domain:xn--bcher-kva.de".into(), vec![[1, 0, 1, 9]])]);
        let f = found(&[Some("é "), Some("ev\u{200b}il.com")]);
        assert_eq!(f, vec![("domain:evil.com".into(), vec![[1, 0, 1, 9]])]);
    }

    #[test]
    fn map_span_moves_edges_off_nodes_it_does_not_cover() {
        // nodes "ab" at 0, "cd" at 2, separator at 4, "ef" at 5
        let starts = [0, 2, 5];
        let lens = [2, 2, 2];
        assert_eq!(map_span(&starts, &lens, 2, 4), Some([1, 0, 1, 2]));
        assert_eq!(map_span(&starts, &lens, 1, 3), Some([0, 1, 1, 1]));
        assert_eq!(map_span(&starts, &lens, 4, 7), Some([2, 0, 2, 2]), "a start in the separator moves to the next node");
        assert_eq!(map_span(&starts, &lens, 0, 2), Some([0, 0, 0, 2]), "an end at a node's start stays in the node before");
        assert_eq!(map_span(&starts, &lens, 3, 3), None);
        assert_eq!(map_span(&starts, &lens, 9, 12), None);
        assert_eq!(map_span(&[], &[], 0, 1), None);
    }

    fn table(parts: &[(bool, u32)]) -> String {
        parts.iter().flat_map(|&(b, l)| [DIGIT_BASE + b as u32, DIGIT_BASE + l / DIGIT, DIGIT_BASE + l % DIGIT]).map(|u| char::from_u32(u).unwrap()).collect()
    }

    #[test]
    fn the_node_table_gives_starts_and_lengths_with_the_block_separators() {
        // "evil" + ".com" inline, then a block boundary ("\n") before "x.org"; a long node.
        let t = table(&[(false, 4), (false, 4), (true, 5)]);
        assert_eq!(decode_nodes(&t, 14), Some((vec![0, 4, 9], vec![4, 4, 5])));
        assert_eq!(decode_nodes(&table(&[(true, 3)]), 3), Some((vec![0], vec![3])), "no separator before the first node");
        assert_eq!(decode_nodes(&table(&[(false, 100_000)]), 100_000), Some((vec![0], vec![100_000])));
        assert_eq!(decode_nodes(&t, 13), None, "must add up to the text");
        assert_eq!(decode_nodes("ab", 0), None);
        assert_eq!(decode_nodes("\u{ff}\u{100}\u{100}", 0), None, "below the digit base");
        assert_eq!(decode_nodes("\u{100}\u{4100}\u{100}", 0), None, "above a digit");
        assert_eq!(decode_nodes("", 0), Some((vec![], vec![])));
        let p = scan_table("see evil.com\nx.org", &table(&[(false, 8), (false, 4), (true, 5)]), &[], &Collected::default());
        assert_eq!(p.observables.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(), ["evil.com", "x.org"]);
        assert_eq!(&p.ranges[..5], &[0, 0, 4, 1, 4]);
        assert!(scan_table("evil.com", &table(&[(false, 9)]), &[], &Collected::default()).observables.is_empty());
    }

    /// The values found and their ranges (table node indices) for a table with `hidden` nodes.
    fn found_without(parts: &[(bool, &str)], hidden: &[u32]) -> Vec<(String, [u32; 4])> {
        let mut text = String::new();
        for (i, (b, s)) in parts.iter().enumerate() {
            if *b && i > 0 {
                text.push('\n');
            }
            text.push_str(s);
        }
        let t = table(&parts.iter().map(|(b, s)| (*b, utf16_len(s))).collect::<Vec<_>>());
        let p = scan_table(&text, &t, hidden, &Collected::default());
        p.ranges.chunks_exact(RANGE_FIELDS).map(|r| (p.observables[r[0] as usize].value.clone(), [r[1], r[2], r[3], r[4]])).collect()
    }

    #[test]
    fn hidden_nodes_are_left_out_and_the_text_around_them_joins_as_rendered() {
        // evil<span style="display:none">x</span>.com: "evil.com", over nodes 0 and 2; never "evilx.com".
        let parts = [(false, "see evil"), (false, "x"), (false, ".com now")];
        assert_eq!(found_without(&parts, &[]), vec![("evilx.com".to_string(), [0, 4, 2, 4])]);
        assert_eq!(found_without(&parts, &[1]), vec![("evil.com".to_string(), [0, 4, 2, 4])]);
        // A hidden block: its boundaries stay (the text around it is not joined).
        assert_eq!(found_without(&[(false, "evil"), (true, "x"), (true, ".com")], &[1]), vec![]);
        // A hidden node holding the only indicator; indices after it still name the table's nodes.
        let parts = [(false, "a.org"), (true, "😀 hidden.org"), (true, "bücher．de b.org")];
        assert_eq!(
            found_without(&parts, &[1, 7, u32::MAX]),
            vec![("a.org".to_string(), [0, 0, 0, 5]), ("xn--bcher-kva.de".to_string(), [2, 0, 2, 9]), ("b.org".to_string(), [2, 10, 2, 15])]
        );
        // Every node hidden: nothing; a hidden list naming no node: the plain scan.
        assert_eq!(found_without(&parts, &[0, 1, 2]), vec![]);
        assert_eq!(found_without(&[(false, "a.org")], &[5]), vec![("a.org".to_string(), [0, 0, 0, 5])]);
    }

    #[test]
    fn malformed_node_arrays_yield_nothing_and_never_panic() {
        let text = "evil.com and bad.org";
        let c = Collected::default();
        assert_eq!(scan(text, &[0], &[20], &c).observables.len(), 2);
        for (s, l) in [(&[0u32][..], &[21u32][..]), (&[0, 5], &[6, 1]), (&[0], &[]), (&[u32::MAX], &[2]), (&[3, 1], &[1, 1])] {
            let p = scan(text, s, l, &c);
            assert!(p.observables.is_empty() && p.ranges.is_empty(), "{s:?} {l:?}");
        }
    }

    #[test]
    fn notices_say_what_was_cut_and_which_frames_were_skipped() {
        let c = Collected { truncated: true, left_out: 1234567.0, skipped_frames: vec!["https://ads.example/x".into()] };
        let n = notices(&c, 7_999_990);
        assert_eq!(n[0], "This page has more text than a scan reads (8,000,000 characters): the first 7,999,990 characters were scanned (at least 1,234,567 more were not). Select the rest and use \u{201c}Respond to selection\u{201d} for it.");
        assert_eq!(n[1], "1 frame from another site was not scanned: https://ads.example/x");
        let c = Collected { skipped_frames: (0..7).map(|i| format!("https://f{i}.example/")).collect(), ..Default::default() };
        assert!(notices(&c, 0)[0].starts_with("7 frames from other sites were not scanned: https://f0.example/, "), "{:?}", notices(&c, 0));
        assert!(notices(&c, 0)[0].ends_with(", …"));
        assert!(notices(&Collected::default(), 10).is_empty());
    }

    #[test]
    fn colours_by_worst_disposition_matched_on_type_and_value() {
        let page = vec![("domain".to_string(), "evil.com".to_string()), ("ip".to_string(), "1.2.3.4".to_string())];
        let v = serde_json::json!({ "observables": [
            { "type": "ip", "value": "1.2.3.4", "disposition": 1 },
            { "type": "domain", "value": "evil.com", "disposition": 2 },
            { "type": "domain", "value": "other.com", "disposition": 3 },
            { "type": "domain" } ] });
        assert_eq!(colours(&page, &v), vec![(1, 3), (0, 1)]);
        assert_eq!([1, 2, 3, 4, 5, 0].map(class_of), [3, 1, 2, 4, 5, 5]);
        assert!(colours(&page, &serde_json::json!(null)).is_empty());
    }

    #[test]
    fn batches_stay_within_the_api_limit_and_filters_combine() {
        assert_eq!(batches(0), vec![]);
        assert_eq!(batches(450), vec![(0, 200), (200, 400), (400, 450)]);
        let kinds = ["domain", "ip", "domain"];
        assert_eq!(filter(&kinds, &[1, 1, 3], "", None), vec![0, 1, 2]);
        assert_eq!(filter(&kinds, &[1, 1, 3], "domain", None), vec![0, 2]);
        assert_eq!(filter(&kinds, &[1, 1, 3], "", Some(1)), vec![0, 1]);
        assert_eq!(filter(&kinds, &[1, 1, 3], "domain", Some(1)), vec![0]);
        assert_eq!(filter(&kinds, &[], "", Some(0)), vec![0, 1, 2], "no colours yet: all pending");
    }

    #[test]
    fn group_thousands() {
        assert_eq!([0, 999, 1000, 8_000_000].map(group), ["0", "999", "1,000", "8,000,000"]);
    }

    /// Issue 25, item 8: "Select all shown" leaves reference hosts (a sandbox, a gateway, a
    /// policy's own host) unselected; they stay listed, and can be ticked one by one.
    #[test]
    fn select_all_shown_skips_reference_hosts() {
        let listed: Vec<(String, String)> = [
            ("domain", "evil.com"),
            ("domain", "www.virustotal.com"),
            ("url", "https://urldefense.com/v3/__https://evil.com"),
            ("domain", "wiki.acme-corp.com"),
            ("ip", "203.0.113.7"),
        ]
        .iter()
        .map(|(t, v)| (t.to_string(), v.to_string()))
        .collect();
        assert_eq!(select_shown(&listed, &[], &[0, 1, 2, 3, 4], &[]), [0, 3, 4]);
        assert_eq!(select_shown(&listed, &[], &[1, 3, 4], &["acme-corp.com".to_string()]), [4]);
        assert_eq!(select_shown(&listed, &[], &[9], &[]), Vec::<u32>::new(), "an index past the page is no observable");
        let (text, starts, lens) = page(&[Some("see www.virustotal.com and evil.com")]);
        let p = scan(&text, &starts, &lens, &Collected::default());
        assert_eq!(p.observables.iter().map(|o| (o.value.as_str(), o.reference)).collect::<Vec<_>>(), [("www.virustotal.com", true), ("evil.com", false)]);
    }

    /// Issue 21, item 3: an observable hidden everywhere on the page is not picked by "Select all
    /// shown"; one visible at least once is.
    #[test]
    fn select_all_shown_skips_observables_not_visible_anywhere() {
        let (text, starts, lens) = page(&[Some("a.org b.org a.org c.org")]);
        let mut p = scan(&text, &starts, &lens, &Collected::default());
        // occurrences: a.org 0 and 2, b.org 1, c.org 3; only a.org's second and c.org's are visible.
        mark_not_visible(&mut p.observables, &p.ranges, &[false, false, true, true]);
        assert_eq!(p.observables.iter().map(|o| (o.value.as_str(), o.not_visible)).collect::<Vec<_>>(), [("a.org", false), ("b.org", true), ("c.org", false)]);
        let listed: Vec<(String, String)> = p.observables.iter().map(|o| (o.kind.to_string(), o.value.clone())).collect();
        let nv: Vec<bool> = p.observables.iter().map(|o| o.not_visible).collect();
        assert_eq!(select_shown(&listed, &nv, &[0, 1, 2], &[]), [0, 2]);
        assert_eq!(not_visible_observables(&p.ranges, 3, &[]), [0, 1, 2], "no flags: nothing is known visible");
        assert_eq!(not_visible_observables(&[7, 0, 0, 0, 1], 3, &[true]), [0, 1, 2], "an observable index past the list is ignored");
        assert_eq!(serde_json::to_value(&p.observables[1]).unwrap()["notVisible"], true);
        assert_eq!(serde_json::to_value(&p.observables[0]).unwrap().get("notVisible"), None);
    }

    /// Issue 21, item 1: with verdict colours off (the default) the page gets one neutral
    /// highlight and no class for any observable, whatever the verdicts; on, a highlight per class.
    #[test]
    fn the_page_is_painted_neutral_unless_verdict_colours_are_on() {
        let classes = [1u8, 3, 0, 4, 9];
        assert_eq!(paint(false, &classes), (vec!["sxr-found".to_string()], vec![]));
        let (names, pairs) = paint(true, &classes);
        assert_eq!(names, ["sxr-pending", "sxr-malicious", "sxr-suspicious", "sxr-clean", "sxr-common", "sxr-unknown"]);
        assert_eq!(pairs, [(0, 1), (1, 3), (3, 4)], "no verdict yet stays in class 0; an unknown class is dropped");
        assert!(!names.contains(&FOUND_HIGHLIGHT.to_string()));
    }

    /// Issue 21, item 6: a scan asks at most ENRICH_CAP observables' verdicts without a click;
    /// the rest on the click, its cost in calls stated against the remaining budget.
    #[test]
    fn enrichment_is_capped_and_the_rest_costs_are_stated() {
        assert_eq!(ENRICH_CAP, 100);
        let p = enrich_plan(1042, false, Some(crate::api::RateBudget { remaining: 7994, limit: Some(8000) }));
        assert_eq!(p.batches, [(0, 100)]);
        assert_eq!((p.rest, p.rest_calls), (942, 5));
        assert_eq!(p.button, "Ask verdicts for the other 942 (5 calls)");
        assert_eq!(p.note, "Verdicts were asked for the first 100 of the 1,042 observables on this page: a scan asks for at most 100 without your click, and every one asked is sent to each of your enrichment modules. The other 942 cost 5 calls of the 7,994 your organisation has left this hour.");
        let rest = enrich_plan(1042, true, None);
        assert_eq!(rest.batches, [(100, 300), (300, 500), (500, 700), (700, 900), (900, 1042)]);
        assert_eq!((rest.rest, rest.note.as_str(), rest.button.as_str()), (0, "", ""));
        let small = enrich_plan(13, false, None);
        assert_eq!((small.batches, small.rest, small.note), (vec![(0, 13)], 0, String::new()));
        assert_eq!(enrich_plan(13, true, None).batches, vec![]);
        assert_eq!(enrich_plan(0, false, None).batches, vec![]);
        let one = enrich_plan(150, false, None);
        assert_eq!(one.button, "Ask verdicts for the other 50 (1 call)");
        assert!(one.note.ends_with("The other 50 cost 1 call."), "{}", one.note);
        let sent: u32 = enrich_plan(100_000, false, None).batches.iter().map(|(a, b)| b - a).sum();
        assert_eq!(sent, 100, "never more than the cap without the click");
        // The worker's own check, whatever the panel sends.
        assert!(enrich_allowed(0, 100, false) && enrich_allowed(60, 40, false));
        assert!(!enrich_allowed(0, 101, false) && !enrich_allowed(100, 1, false) && !enrich_allowed(usize::MAX, 1, false));
        assert!(enrich_allowed(100, 942, true));
    }
}
