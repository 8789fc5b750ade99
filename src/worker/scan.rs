//! "Scan this page" as the worker's flows (issue 14, moved here by issue 22): the two passes
//! (the text in the window first, its highlights drawn, then the whole page), the rescan without
//! the nodes the page says are not rendered, the visibility decision, storing the scan, the
//! panel's window, and the panel's requests (the scan once it has ended, paint, go to an
//! occurrence, clear). The host runs `extension/scan-page.js`'s functions in the tab by name
//! and inserts the highlight rules; every step and its order is decided here.

use super::host::{Host, HostError, PageText};
use super::latch::InFlight;
pub use super::latch::Latch;
use super::{to_value, Worker};
use crate::error::{Error, Result};
use crate::scan::{self, Collected};
use crate::view::text::Text;
use serde_json::{json, Value};
use std::task::{Poll, Waker};

/// The highlight rules (`::highlight(sxr-*)`), an extension file.
pub const HIGHLIGHT_CSS: &str = "scan-page.css";
/// The panel's window.
pub const PANEL_SIZE: (u32, u32) = (720, 820);

/// The page's answer as JSON (`null` when the function answered nothing).
fn field<'a>(v: &'a Value, k: &str) -> &'a Value {
    v.get(k).unwrap_or(&Value::Null)
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

impl<H: Host> Worker<H> {
    fn unreadable(&self, cause: Option<HostError>) -> Error {
        Error::bad_input(self.say(&Text::ScanUnreadable { cause: cause.map(|e| e.0) }))
    }

    fn scan_gone(&self) -> Error {
        Error::bad_input(self.say(&Text::ScanGone {}))
    }

    /// The highlight rules, read once per worker start ("" when the file cannot be read).
    async fn highlight_css(&self) -> String {
        if let Some(c) = self.scan_css.borrow().clone() {
            return c;
        }
        let c = self.host.extension_file(HIGHLIGHT_CSS).await.unwrap_or_default();
        *self.scan_css.borrow_mut() = Some(c.clone());
        c
    }

    /// The rules into every frame of the tab (the top frame alone when a frame refuses);
    /// a page that refuses both is drawn without them.
    async fn insert_rules(&self, tab: i64, rules: &str) {
        if self.host.insert_css(tab, rules, true).await.is_err() {
            let _ = self.host.insert_css(tab, rules, false).await;
        }
    }

    /// The page's text: `Err` when the page cannot be read (the browser's words kept).
    async fn collect(&self, tab: i64, limit: u32, in_view: bool) -> std::result::Result<Option<PageText>, HostError> {
        self.host.collect_page(tab, limit, in_view).await
    }

    async fn draw(&self, tab: i64, page: &scan::Page, names: &[String], rules: &str, check: bool, wait: bool) -> Result<Value> {
        let mut args = vec![json!(page.ranges), json!(page.observables.len()), json!(names), json!(rules), json!(check)];
        if !wait {
            args.push(json!(false));
        }
        self.host.run_in_tab(tab, "drawHighlights", args).await.map_err(|e| self.unreadable(Some(e)))
    }

    /// Scans the tab and stores the scan under `id`: collect → core → highlights, first for the
    /// text in the window (its highlights drawn, and `first` fired, before the rest of the page
    /// is read), then for the whole page. When a node holding an occurrence turns out not to be
    /// rendered, the page answers which nodes are not and the core scans again without them
    /// (drawn as they are then). Then which occurrences a person can see (the page reads the
    /// styles, the core decides), and the scan stored (bounded).
    ///
    /// Answers `{ id, scan, ranges, timings }`. `timings` (for `cargo xtask bench`): ms from the
    /// start to the frame that shows the first pass's highlights (`first`, on the page's clock;
    /// null when that pass drew nothing; `firstRead`: the characters it read), to the end of
    /// that pass (`view`), to the whole text collected, to the core's answer, to all highlights
    /// drawn; in the page: the walk, the join, the rendered check, the ranges made and the frame
    /// after them; `visible`: the styles read and the decision; `rescanned`.
    pub async fn scan_tab(&self, tab: i64, id: &str, first: &Latch) -> Result<Value> {
        let t0 = self.host.now_ms();
        let rules = self.highlight_css().await;
        // One neutral highlight for every occurrence: verdict colours only when the analyst
        // turns them on for the page (scan→sw:paint), since the page can read its highlights.
        let (names, _) = scan::paint(false, &[]);
        let view = self.collect(tab, scan::VIEW_LIMIT, true).await.map_err(|e| self.unreadable(Some(e)))?.ok_or_else(|| self.unreadable(None))?;
        let can_draw = truthy(field(&view.info, "highlights"));
        // The rules go in once there is something to draw: with the text in the window when it
        // holds an occurrence (drawn before the rules go in, so that its rendered check reads a
        // page whose style is up to date; then the frame that shows them before the rest is
        // read), else while the whole page is collected.
        let mut inserted = false;
        let mut first_frame = None;
        if can_draw {
            let seen = scan::scan_table(&view.text, &view.nodes, &[], &Collected::default());
            if !seen.ranges.is_empty() {
                let shown = self.draw(tab, &seen, &names, &rules, true, false).await?;
                self.insert_rules(tab, &rules).await;
                inserted = true;
                if truthy(field(&shown, "drawn")) {
                    first_frame = self.host.run_in_tab(tab, "nextFrame", vec![]).await.ok().and_then(|v| v.as_f64());
                }
            }
        }
        first.fire();
        let tv = self.host.now_ms();
        let collecting = self.collect(tab, scan::PAGE_LIMIT, false);
        let got = if can_draw && !inserted {
            let (got, ()) = futures_util::future::join(collecting, self.insert_rules(tab, &rules)).await;
            got
        } else {
            collecting.await
        };
        let got = got.map_err(|e| self.unreadable(Some(e)))?.ok_or_else(|| self.unreadable(None))?;
        let t1 = self.host.now_ms();
        let collected: Collected = serde_json::from_value(got.info.clone()).unwrap_or_default();
        let mut page = scan::scan_table(&got.text, &got.nodes, &[], &collected);
        let t2 = self.host.now_ms();
        let mut drawn = self.draw(tab, &page, &names, &rules, true, true).await?;
        let mut rescanned = false;
        if let Some(hidden) = field(&drawn, "hidden").as_array() {
            rescanned = true;
            let hidden: Vec<u32> = hidden.iter().filter_map(Value::as_u64).map(|h| h as u32).collect();
            page = scan::scan_table(&got.text, &got.nodes, &hidden, &collected);
            drawn = self.draw(tab, &page, &names, &rules, false, true).await?;
        }
        let t3 = self.host.now_ms();
        // Which occurrences a person can see: the page reads the styles, the core decides.
        let styles = self.host.run_in_tab(tab, "readStyles", vec![]).await.ok();
        let styles = styles.as_ref().and_then(Value::as_str).and_then(|t| serde_json::from_str::<Value>(t).ok()).filter(Value::is_object);
        let styles = styles.map(|v| scan::visible::PageStyles::from_json(&v));
        let visible = scan::visible::visible(styles.as_ref(), page.ranges.len() / scan::RANGE_FIELDS);
        for i in scan::not_visible_observables(&page.ranges, page.observables.len(), &visible) {
            page.observables[i as usize].not_visible = true;
        }
        let t4 = self.host.now_ms();
        let mut stored = to_value(&page)?;
        if let Some(o) = stored.as_object_mut() {
            o.insert("tabId".into(), json!(tab));
            o.insert("url".into(), field(&got.info, "url").clone());
            o.insert("title".into(), field(&got.info, "title").clone());
            o.insert("highlights".into(), json!(truthy(field(&drawn, "highlights"))));
        }
        self.put_scan(id, stored.clone()).await?;
        let timings = json!({
            "first": first_frame.map(|f| f - t0), "firstRead": view.text.encode_utf16().count(), "view": tv - t0,
            "walk": field(&got.info, "walkMs"), "join": field(&got.info, "joinMs"),
            "check": field(&drawn, "checkMs"), "ranges": field(&drawn, "rangesMs"), "frame": field(&drawn, "frameMs"),
            "collected": t1 - t0, "extracted": t2 - t0, "drawn": t3 - t0, "visible": t4 - t3, "rescanned": rescanned,
        });
        Ok(json!({ "id": id, "scan": stored, "ranges": page.ranges, "timings": timings }))
    }

    /// The gesture (toolbar popup, context menu, shortcut): scans the tab and opens the panel in
    /// its own window once the first pass is drawn (or the scan has failed), while the rest of
    /// the page is read. The panel's requests wait for the scan ([`Worker::scan_of`]) and are
    /// told why it failed. Answers `{ id, windowId }` once both are done.
    pub async fn open_scan(&self, tab: i64) -> Result<Value> {
        let id = super::host::uuid(&self.host);
        self.scans.borrow_mut().insert(id.clone(), InFlight::Running(Vec::new()));
        let first = Latch::default();
        let scanning = async {
            let r = self.scan_tab(tab, &id, &first).await;
            let waiting = match r {
                Ok(_) => self.scans.borrow_mut().remove(&id),
                Err(e) => self.scans.borrow_mut().insert(id.clone(), InFlight::Failed(e)),
            };
            if let Some(InFlight::Running(wakers)) = waiting {
                wakers.into_iter().for_each(Waker::wake);
            }
            first.fire();
        };
        let opening = async {
            first.wait().await;
            let (w, h) = PANEL_SIZE;
            self.host.open_window(&format!("scan.html?id={id}"), w, h).await
        };
        let ((), win) = futures_util::future::join(scanning, opening).await;
        let win = win.map_err(|e| Error::bad_input(self.say(&Text::WindowNotOpened { cause: e.0 })))?;
        Ok(json!({ "id": id, "windowId": win }))
    }

    /// The stored scan `id`, once it has ended: a scan still running is waited for; one that
    /// failed answers why (once); one that is gone (a worker stop, a newer scan) says so.
    pub async fn scan_of(&self, id: &str) -> Result<Value> {
        let failed = futures_util::future::poll_fn(|cx| {
            let mut scans = self.scans.borrow_mut();
            match scans.get_mut(id) {
                Some(InFlight::Running(w)) => {
                    w.push(cx.waker().clone());
                    Poll::Pending
                }
                Some(InFlight::Failed(_)) => match scans.remove(id) {
                    Some(InFlight::Failed(e)) => Poll::Ready(Some(e)),
                    _ => Poll::Ready(None),
                },
                None => Poll::Ready(None),
            }
        })
        .await;
        if let Some(e) = failed {
            return Err(e);
        }
        let s = super::store::session_value(&self.host, &format!("{}{id}", super::store::SCAN)).await?;
        if s.is_null() {
            return Err(self.scan_gone());
        }
        Ok(s)
    }

    async fn scan_tab_of(&self, id: &str) -> Result<i64> {
        self.scan_of(id).await?.get("tabId").and_then(Value::as_i64).ok_or_else(|| self.scan_gone())
    }

    /// Paints the page: neutral, or by verdict when the analyst turned verdict colours on (the
    /// core decides what each class is called and which observable is in which).
    pub async fn scan_paint(&self, id: &str, verdict_colours: bool, classes: &[u8]) -> Result<Value> {
        let tab = self.scan_tab_of(id).await?;
        let (names, pairs) = scan::paint(verdict_colours, classes);
        let flat: Vec<u32> = pairs.into_iter().flat_map(|(i, c)| [i, u32::from(c)]).collect();
        self.host.run_in_tab(tab, "repaint", vec![json!(names), json!(flat)]).await.map_err(|e| self.unreadable(Some(e)))
    }

    /// Brings the tab forward and scrolls it to the occurrence; `{ changed: true }` when the
    /// page changed that range's text since the scan (nothing scrolled).
    pub async fn scan_goto(&self, id: &str, occurrence: Value) -> Result<Value> {
        let tab = self.scan_tab_of(id).await?;
        let _ = self.host.activate_tab(tab).await;
        self.host.run_in_tab(tab, "gotoOccurrence", vec![occurrence]).await.map_err(|e| self.unreadable(Some(e)))
    }

    /// Removes the rules and every highlight of the scan.
    pub async fn scan_clear(&self, id: &str) -> Result<Value> {
        let tab = self.scan_tab_of(id).await?;
        let rules = self.highlight_css().await;
        let _ = self.host.remove_css(tab, &rules).await;
        self.host.run_in_tab(tab, "clearHighlights", vec![]).await.map_err(|e| self.unreadable(Some(e)))
    }
}
