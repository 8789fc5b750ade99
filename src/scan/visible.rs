//! Which occurrences a person can see (issue 21, item 3). A hostile page can hide indicators
//! (the organisation's own critical hosts among real ones) with styles that keep the text
//! rendered: `opacity:0`, `font-size:0`, `color:transparent`, `clip-path`/`clip`, off-screen
//! positioning, a zero-size `overflow:hidden` box, `text-indent:-9999px`. The page's function
//! (`readStyles` in extension/scan-page.js) reads, for the elements holding occurrences and
//! their ancestors, the computed values below and each occurrence's box; the decision is here.
//! An observable none of whose occurrences is visible is marked "not visible": the panel says
//! so, "Select all shown" leaves it out and the bulk confirmation names it apart, unticked.

use serde_json::Value;

/// An effective opacity (the product over the element and its ancestors) below this: not visible.
pub const MIN_OPACITY: f64 = 0.1;
/// A font size (px) below this: not visible.
pub const MIN_FONT_PX: f64 = 2.0;
/// A box narrower or lower than this (px) once clipped: not visible.
pub const MIN_SIDE_PX: f64 = 1.0;

/// One element's computed style, as the page reads it (`getComputedStyle`, strings as given),
/// and its border box in its document's coordinates (`getBoundingClientRect` + scroll).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElementStyle {
    /// Index of the parent element in the same list (the element whose style it inherits and
    /// whose clip applies); -1 at the top of its document.
    pub parent: i64,
    /// `localName`: `html` and `body` pass their overflow to the window, so they clip nothing here.
    pub tag: String,
    pub opacity: String,
    pub font_size: String,
    pub color: String,
    /// `-webkit-text-fill-color` (what Chromium paints the glyphs with when set).
    pub fill_color: String,
    pub clip_path: String,
    pub clip: String,
    pub position: String,
    pub overflow_x: String,
    pub overflow_y: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// One occurrence: the elements holding its first and last text node, and the box of its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OccurrenceBox {
    pub start: i64,
    pub end: i64,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// What the page's function answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageStyles {
    pub elements: Vec<ElementStyle>,
    pub occurrences: Vec<OccurrenceBox>,
}

impl PageStyles {
    /// From the page's answer as JSON: `{elements: [[parent, tag, opacity, fontSize, color,
    /// fillColor, clipPath, clip, position, overflowX, overflowY, x, y, w, h], …], occurrences:
    /// [[start, end, x, y, w, h], …]}` (arrays: 12,000 occurrences' objects cost the page and the
    /// core most of a second); a missing or mistyped value reads as empty or 0 (a parent as -1).
    /// Read by hand: a derived reader costs the wasm core several KB.
    pub fn from_json(v: &Value) -> PageStyles {
        let list = |k: &str| v.get(k).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let s = |o: &Value, k: usize| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let n = |o: &Value, k: usize| o.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        let i = |o: &Value, k: usize| o.get(k).and_then(Value::as_i64).unwrap_or(-1);
        PageStyles {
            elements: list("elements")
                .iter()
                .map(|o| ElementStyle {
                    parent: i(o, 0),
                    tag: s(o, 1),
                    opacity: s(o, 2),
                    font_size: s(o, 3),
                    color: s(o, 4),
                    fill_color: s(o, 5),
                    clip_path: s(o, 6),
                    clip: s(o, 7),
                    position: s(o, 8),
                    overflow_x: s(o, 9),
                    overflow_y: s(o, 10),
                    x: n(o, 11),
                    y: n(o, 12),
                    w: n(o, 13),
                    h: n(o, 14),
                })
                .collect(),
            occurrences: list("occurrences")
                .iter()
                .map(|o| OccurrenceBox { start: i(o, 0), end: i(o, 1), x: n(o, 2), y: n(o, 3), w: n(o, 4), h: n(o, 5) })
                .collect(),
        }
    }
}

/// Whether each of `count` occurrences is visible. Without the page's answer (`None`, or one that
/// does not name every occurrence) nothing can be said visible: every occurrence is not.
pub fn visible(styles: Option<&PageStyles>, count: usize) -> Vec<bool> {
    match styles {
        Some(s) if s.occurrences.len() == count => s.occurrences.iter().map(|o| occurrence_visible(&s.elements, o)).collect(),
        _ => vec![false; count],
    }
}

fn occurrence_visible(els: &[ElementStyle], o: &OccurrenceBox) -> bool {
    let mut rect = (o.x, o.y, o.x + o.w.max(0.0), o.y + o.h.max(0.0));
    if o.w < MIN_SIDE_PX || o.h < MIN_SIDE_PX || !o.x.is_finite() || !o.y.is_finite() {
        return false; // font-size:0, scale(0), an empty box
    }
    for start in [o.start, o.end] {
        let Some(el) = usize::try_from(start).ok().and_then(|i| els.get(i)) else { return false };
        // The text's own element: its font size and colour (inherited values are computed on it).
        if px(&el.font_size).is_some_and(|f| f < MIN_FONT_PX) || alpha(&el.color) == Some(0.0) || alpha(&el.fill_color) == Some(0.0) {
            return false;
        }
        if !chain_shows(els, start as usize, &mut rect) {
            return false;
        }
    }
    // Off the page: above or left of its document's origin, where no one can scroll
    // (off-screen positioning, text-indent:-9999px).
    rect.2 - rect.0 >= MIN_SIDE_PX && rect.3 - rect.1 >= MIN_SIDE_PX && rect.2 > 0.0 && rect.3 > 0.0
}

/// Walks from the element up its ancestors: opacity multiplies, a clip-path or clip that leaves
/// nothing hides the subtree, an overflow that clips (hidden, clip) cuts `rect` to the box, except
/// for an absolutely positioned element's ancestors below its containing block (they do not
/// clip it). At most as many steps as there are elements (a malformed parent list cannot loop).
fn chain_shows(els: &[ElementStyle], from: usize, rect: &mut (f64, f64, f64, f64)) -> bool {
    let mut opacity = 1.0;
    let mut i = from;
    let mut escaping = false; // below an absolutely positioned element's containing block
    let mut fixed = false;
    for _ in 0..=els.len() {
        let Some(e) = els.get(i) else { break };
        let pos = e.position.trim();
        if escaping && pos != "static" && !pos.is_empty() && !fixed {
            escaping = false; // the containing block: it clips
        }
        opacity *= num(&e.opacity).unwrap_or(1.0).clamp(0.0, 1.0);
        if opacity < MIN_OPACITY || clip_path_hides(&e.clip_path, e.w, e.h) || ((pos == "absolute" || pos == "fixed") && clip_hides(&e.clip)) {
            return false;
        }
        let root = e.tag == "html" || e.tag == "body";
        if !escaping && !root {
            let clips = |v: &str| matches!(v.trim(), "hidden" | "clip");
            if clips(&e.overflow_x) {
                rect.0 = rect.0.max(e.x);
                rect.2 = rect.2.min(e.x + e.w);
            }
            if clips(&e.overflow_y) {
                rect.1 = rect.1.max(e.y);
                rect.3 = rect.3.min(e.y + e.h);
            }
        }
        if pos == "absolute" || pos == "fixed" {
            escaping = true;
            fixed |= pos == "fixed";
        }
        match usize::try_from(e.parent) {
            Ok(p) if p != i => i = p,
            _ => break,
        }
    }
    rect.2 - rect.0 >= MIN_SIDE_PX && rect.3 - rect.1 >= MIN_SIDE_PX
}

/// A CSS number as computed values write it (`-12.5`, `.5`, `1e-07`), with the core's own
/// decimal reader (the standard library's float parser costs the wasm module 14 KB).
fn num(v: &str) -> Option<f64> {
    crate::api::retry_after::decimal(v.trim())
}

/// "12px" → 12.
fn px(v: &str) -> Option<f64> {
    num(v.trim().strip_suffix("px")?)
}

/// The alpha of a computed colour: `transparent` 0, `rgba(…, a)`, `color(… / a)`; `None`: opaque or unreadable.
fn alpha(c: &str) -> Option<f64> {
    let c = c.trim();
    if c.eq_ignore_ascii_case("transparent") {
        return Some(0.0);
    }
    let inner = c.strip_suffix(')')?;
    let last = if inner.contains('/') {
        inner.rsplit('/').next()?
    } else if inner.starts_with("rgba(") || inner.starts_with("hsla(") {
        inner.rsplit(',').next()?
    } else {
        return None;
    };
    let last = last.trim();
    match last.strip_suffix('%') {
        Some(p) => num(p).map(|p| p / 100.0),
        None => num(last),
    }
}

/// A length in px, or a percentage of `of`.
fn length(v: &str, of: f64) -> Option<f64> {
    let v = v.trim();
    if let Some(p) = v.strip_suffix('%') {
        return num(p).map(|p| p / 100.0 * of);
    }
    if v == "0" {
        return Some(0.0);
    }
    px(v)
}

/// A `clip-path` that leaves nothing of a `w`×`h` box: `inset()` whose opposite sides meet,
/// `circle(0)`, `ellipse(0 …)`, a polygon whose points all coincide.
fn clip_path_hides(v: &str, w: f64, h: f64) -> bool {
    let v = v.trim();
    let args = |name: &str| v.strip_prefix(name).and_then(|r| r.strip_prefix('(')).and_then(|r| r.split(')').next()).map(str::trim);
    if let Some(a) = args("inset") {
        let a = a.split(" round ").next().unwrap_or("");
        let parts: Vec<&str> = a.split_whitespace().collect();
        let get = |i: usize, of: f64| parts.get(i).and_then(|p| length(p, of));
        let (t, r, b, l) = match parts.len() {
            1 => (get(0, h), get(0, w), get(0, h), get(0, w)),
            2 => (get(0, h), get(1, w), get(0, h), get(1, w)),
            3 => (get(0, h), get(1, w), get(2, h), get(1, w)),
            4 => (get(0, h), get(1, w), get(2, h), get(3, w)),
            _ => return false,
        };
        let (Some(t), Some(r), Some(b), Some(l)) = (t, r, b, l) else { return false };
        return t + b >= h - MIN_SIDE_PX / 2.0 || l + r >= w - MIN_SIDE_PX / 2.0;
    }
    for name in ["circle", "ellipse"] {
        if let Some(a) = args(name) {
            let radii: Vec<&str> = a.split(" at ").next().unwrap_or("").split_whitespace().collect();
            return radii.iter().any(|r| length(r, w.max(h)).is_some_and(|r| r <= 0.0));
        }
    }
    if let Some(a) = args("polygon") {
        let points: Vec<&str> = a.split(',').map(str::trim).filter(|p| !p.starts_with("nonzero") && !p.starts_with("evenodd")).collect();
        return !points.is_empty() && points.windows(2).all(|w| w[0] == w[1]);
    }
    false
}

/// A `clip: rect(t, r, b, l)` (on an absolutely positioned element) with no area.
fn clip_hides(v: &str) -> bool {
    let Some(a) = v.trim().strip_prefix("rect(").and_then(|r| r.strip_suffix(')')) else { return false };
    let n: Vec<Option<f64>> =
        a.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(|s| if s.trim() == "auto" { None } else { px(s).or(length(s, 0.0)) }).collect();
    if n.len() != 4 {
        return false;
    }
    let (t, r, b, l) = (n[0], n[1], n[2], n[3]);
    matches!((t, b), (Some(t), Some(b)) if b - t < MIN_SIDE_PX) || matches!((l, r), (Some(l), Some(r)) if r - l < MIN_SIDE_PX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(parent: i64, f: impl FnOnce(&mut ElementStyle)) -> ElementStyle {
        let mut e = ElementStyle {
            parent,
            tag: "div".into(),
            opacity: "1".into(),
            font_size: "16px".into(),
            color: "rgb(0, 0, 0)".into(),
            fill_color: "rgb(0, 0, 0)".into(),
            clip_path: "none".into(),
            clip: "auto".into(),
            position: "static".into(),
            overflow_x: "visible".into(),
            overflow_y: "visible".into(),
            x: 8.0,
            y: 100.0,
            w: 600.0,
            h: 20.0,
        };
        f(&mut e);
        e
    }

    /// A page: html > body > div (the text's parent, styled by `f`), the text at (8, 100), 120×18.
    fn one(f: impl FnOnce(&mut ElementStyle)) -> bool {
        one_at(f, (8.0, 100.0, 120.0, 18.0))
    }

    fn one_at(f: impl FnOnce(&mut ElementStyle), (x, y, w, h): (f64, f64, f64, f64)) -> bool {
        let els = vec![el(-1, |e| e.tag = "html".into()), el(0, |e| e.tag = "body".into()), el(1, f)];
        let s = PageStyles { elements: els, occurrences: vec![OccurrenceBox { start: 2, end: 2, x, y, w, h }] };
        visible(Some(&s), 1)[0]
    }

    #[test]
    fn plain_text_is_visible() {
        assert!(one(|_| {}));
        assert!(one(|e| e.opacity = "0.5".into()));
        assert!(one(|e| e.color = "rgba(255, 0, 0, 0.8)".into()));
        assert!(one(|e| e.clip_path = "inset(10%)".into()));
        assert!(one(|e| e.clip_path = "circle(40% at 50% 50%)".into()));
        assert!(one(|e| {
            e.overflow_x = "hidden".into();
            e.overflow_y = "hidden".into();
        }));
        assert!(one(|e| e.overflow_y = "auto".into()), "a scrolling box can be scrolled to");
        assert!(one(|e| e.font_size = "11px".into()));
    }

    /// Issue 21, item 3: each way a page hides text that stays rendered.
    #[test]
    fn each_style_that_hides_rendered_text_is_not_visible() {
        assert!(!one(|e| e.opacity = "0".into()), "opacity:0");
        assert!(!one_at(|e| e.font_size = "0px".into(), (8.0, 100.0, 0.0, 0.0)), "font-size:0");
        assert!(!one(|e| e.font_size = "0px".into()), "font-size:0, whatever the box says");
        assert!(!one(|e| e.color = "rgba(0, 0, 0, 0)".into()), "color:transparent");
        assert!(!one(|e| e.color = "transparent".into()));
        assert!(!one(|e| e.fill_color = "rgba(0, 0, 0, 0)".into()), "-webkit-text-fill-color:transparent");
        assert!(!one(|e| e.color = "color(srgb 1 0 0 / 0)".into()));
        assert!(!one(|e| e.clip_path = "inset(50%)".into()), "clip-path: inset(50%)");
        assert!(!one(|e| e.clip_path = "circle(0px at 50% 50%)".into()));
        assert!(!one(|e| e.clip_path = "polygon(0px 0px, 0px 0px, 0px 0px)".into()));
        assert!(
            !one(|e| {
                e.position = "absolute".into();
                e.clip = "rect(0px, 0px, 0px, 0px)".into();
            }),
            "clip: rect(0 0 0 0)"
        );
        assert!(one(|e| e.clip = "rect(0px, 0px, 0px, 0px)".into()), "clip applies to positioned boxes only");
        assert!(!one_at(|e| e.position = "absolute".into(), (-9992.0, 100.0, 120.0, 18.0)), "left:-9999px");
        assert!(!one_at(|e| e.position = "absolute".into(), (8.0, -5000.0, 120.0, 18.0)), "top:-5000px");
        assert!(!one_at(|_| {}, (-9991.0, 100.0, 120.0, 18.0)), "text-indent:-9999px");
        assert!(
            !one(|e| {
                e.w = 0.0;
                e.h = 0.0;
                e.overflow_x = "hidden".into();
                e.overflow_y = "hidden".into();
            }),
            "a zero-size overflow:hidden box"
        );
        assert!(
            !one(|e| {
                e.w = 1.0;
                e.h = 1.0;
                e.overflow_x = "hidden".into();
                e.overflow_y = "hidden".into();
                e.clip_path = "inset(50%)".into();
            }),
            "the visually-hidden pattern"
        );
    }

    #[test]
    fn ancestors_count_opacity_clip_path_and_clipping_boxes() {
        // html > body > section (styled) > div (the text's parent)
        let at = |f: &dyn Fn(&mut ElementStyle), pos: &str| {
            let els = vec![el(-1, |e| e.tag = "html".into()), el(0, |e| e.tag = "body".into()), el(1, f), el(2, |e| e.position = pos.into())];
            visible(Some(&PageStyles { elements: els, occurrences: vec![OccurrenceBox { start: 3, end: 3, x: 8.0, y: 100.0, w: 100.0, h: 18.0 }] }), 1)[0]
        };
        assert!(at(&|e| e.opacity = "0.2".into(), "static"));
        assert!(!at(&|e| e.opacity = "0.05".into(), "static"), "opacity multiplies down the tree");
        assert!(!at(&|e| e.opacity = "0".into(), "static"));
        assert!(!at(&|e| e.clip_path = "inset(50%)".into(), "static"));
        let zero_box = |e: &mut ElementStyle| {
            e.w = 0.0;
            e.h = 0.0;
            e.overflow_x = "hidden".into();
            e.overflow_y = "hidden".into();
        };
        assert!(!at(&zero_box, "static"));
        assert!(at(&zero_box, "absolute"), "an absolutely positioned box escapes a static ancestor's overflow");
        let positioned_zero_box = |e: &mut ElementStyle| {
            zero_box(e);
            e.position = "relative".into();
        };
        assert!(!at(&positioned_zero_box, "absolute"), "but not its containing block's");
        // html and body: their overflow is the window's, not a box around the page.
        let els = vec![
            el(-1, |e| e.tag = "html".into()),
            el(0, |e| {
                e.tag = "body".into();
                e.h = 10.0;
                e.overflow_y = "hidden".into();
            }),
            el(1, |_| {}),
        ];
        let s = PageStyles { elements: els, occurrences: vec![OccurrenceBox { start: 2, end: 2, x: 8.0, y: 100.0, w: 100.0, h: 18.0 }] };
        assert_eq!(visible(Some(&s), 1), [true]);
    }

    #[test]
    fn an_occurrence_over_two_elements_is_visible_only_if_both_are() {
        let els = vec![el(-1, |e| e.tag = "html".into()), el(0, |_| {}), el(1, |e| e.opacity = "0".into())];
        let s = PageStyles { elements: els, occurrences: vec![OccurrenceBox { start: 1, end: 2, x: 8.0, y: 100.0, w: 100.0, h: 18.0 }] };
        assert_eq!(visible(Some(&s), 1), [false]);
    }

    #[test]
    fn no_answer_or_a_malformed_one_is_not_visible_and_never_panics() {
        assert_eq!(visible(None, 2), [false, false]);
        let bad =
            PageStyles { elements: vec![el(0, |_| {}), el(5, |_| {})], occurrences: vec![OccurrenceBox { start: 9, end: 0, x: 0.0, y: 0.0, w: 5.0, h: 5.0 }] };
        assert_eq!(visible(Some(&bad), 1), [false]);
        assert_eq!(visible(Some(&bad), 2), [false, false], "not every occurrence named");
        let cycle = PageStyles {
            elements: vec![el(1, |_| {}), el(0, |_| {})],
            occurrences: vec![OccurrenceBox { start: 0, end: 0, x: 8.0, y: 100.0, w: 50.0, h: 18.0 }],
        };
        assert_eq!(visible(Some(&cycle), 1), [true]);
        assert!(!clip_path_hides("inset(", 10.0, 10.0) && !clip_path_hides("polygon(1px 1px, 5px 9px, 9px 1px)", 10.0, 10.0) && !clip_hides("rect(1px)"));
        let read = PageStyles::from_json(&serde_json::json!({ "elements": [[-1, "p", "1", "0px", "", "", "", "", "", "", "", 1.5], []],
            "occurrences": [[0, 1, 0, 0, 3]] }));
        assert_eq!((read.elements[0].font_size.as_str(), read.elements[0].x, read.elements[1].parent, read.occurrences[0].w), ("0px", 1.5, -1, 3.0));
        assert_eq!(PageStyles::from_json(&serde_json::json!(null)), PageStyles::default());
        assert_eq!(alpha("rgba(1, 2, 3, 0.5)"), Some(0.5));
        assert_eq!(
            [num("12"), num("-9999.5"), num(".5"), num("1e-07"), num("2E+2"), num("0")],
            [Some(12.0), Some(-9999.5), Some(0.5), Some(1e-7), Some(200.0), Some(0.0)]
        );
        assert_eq!([num(""), num("-"), num("1x"), num("1e"), num(".")], [None, None, None, None, None]);
        assert_eq!(alpha("rgb(1 2 3 / 0%)"), Some(0.0));
        assert_eq!(alpha("rgb(1, 2, 3)"), None);
    }
}
