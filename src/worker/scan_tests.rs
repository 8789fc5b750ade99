//! The page scan's flows (`scan.rs`) with the fake host playing the tab: `collectPage`,
//! `drawHighlights`, `nextFrame`, `readStyles`, `repaint`, `gotoOccurrence` and
//! `clearHighlights` answer what the test queues, and every call is logged in order. No network:
//! the scan's passes reach no API.

use super::fake::{poll_once, FakeHost};
use super::host::Area;
use super::*;
use serde_json::{json, Value};
use std::pin::pin;

const TAB: i64 = 5;

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

fn send(w: &Worker<FakeHost>, msg: Value) -> std::result::Result<Value, Value> {
    block_on(w.handle_value(&msg)).expect("a message of the worker").reply
}

/// The collector's answer for text nodes, a block boundary ("\n") between each two unless the
/// node starts with `~` (inline: evil<b>.com</b>).
fn page(nodes: &[&str], extra: Value) -> Value {
    let d = |v: u32| char::from_u32(crate::scan::DIGIT_BASE + v).unwrap();
    let (mut table, mut text) = (String::new(), String::new());
    for (i, n) in nodes.iter().enumerate() {
        let (inline, n) = match n.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, *n),
        };
        let brk = i > 0 && !inline;
        if brk {
            text.push('\n');
        }
        text.push_str(n);
        let len = n.encode_utf16().count() as u32;
        table.extend([d(u32::from(brk)), d(len / crate::scan::DIGIT), d(len % crate::scan::DIGIT)]);
    }
    let mut v = json!({ "text": text, "nodes": table, "url": "https://news.example/a", "title": "A report", "highlights": true, "walkMs": 3, "joinMs": 1 });
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    v
}

/// A tab whose window shows `view` and whose whole page is `all`; each drawing answers `drawn`.
fn tab(host: &FakeHost, view: &[&str], all: &[&str]) {
    host.page_answers("collectPage", vec![page(view, json!({})), page(all, json!({}))]);
    host.page_answers("drawHighlights", vec![json!({ "drawn": 1, "highlights": true, "checkMs": 1, "rangesMs": 1 })]);
    host.0.page_results.borrow_mut().insert("drawHighlights".into(), json!({ "drawn": 2, "highlights": true, "checkMs": 1, "rangesMs": 2, "frameMs": 16 }));
    host.0.page_results.borrow_mut().insert("nextFrame".into(), json!(1_800_000_000_040.0));
}

fn page_calls(host: &FakeHost) -> Vec<String> {
    host.calls().into_iter().filter(|c| c.starts_with("page ") || c.starts_with("insertCSS") || c.starts_with("window") || c.starts_with("removeCSS")).collect()
}

fn values(scan: &Value) -> Vec<String> {
    scan["observables"].as_array().unwrap().iter().map(|o| format!("{} {}", o["type"].as_str().unwrap(), o["value"].as_str().unwrap())).collect()
}

#[test]
fn the_gesture_draws_the_window_first_opens_the_panel_then_reads_the_page_and_stores_the_scan() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    tab(&host, &["C2 at evil.com"], &["C2 at evil.com", "and 198.51.100.7 too"]);
    // The whole page's collector waits: the panel must already be open, and its request waits.
    host.close_after("page 5 collectPage", 1);
    let msg = json!({ "type": "popup→sw:scan", "tabId": TAB });
    let mut gesture = pin!(w.handle_value(&msg));
    assert!(poll_once(gesture.as_mut()).is_pending());
    let calls = page_calls(&host);
    assert_eq!(
        calls[..5],
        ["page 5 collectPage", "page 5 drawHighlights", "insertCSS 5 all", "page 5 nextFrame", "page 5 collectPage"],
        "the window's text drawn, the rules in, its frame, then the whole page: {calls:?}"
    );
    let window = calls.iter().find(|c| c.starts_with("window scan.html?id=")).expect("the panel opened before the rest was read").clone();
    let id = window.trim_start_matches("window scan.html?id=").to_string();
    let ask = json!({ "type": "scan→sw:scan", "id": id });
    let mut panel = pin!(w.handle_value(&ask));
    assert!(poll_once(panel.as_mut()).is_pending(), "the panel's request waits for the scan to end");
    // The first pass read the window's share and drew without the rendered check's wait.
    let first = &host.page_args("collectPage")[0];
    assert_eq!(first, &vec![json!(crate::scan::VIEW_LIMIT), json!(true)]);
    let drawn = &host.page_args("drawHighlights")[0];
    assert_eq!(drawn[2], json!(["sxr-found"]), "one neutral highlight");
    assert_eq!(drawn[5], json!(false), "the first pass answers at once");
    host.open("page 5 collectPage");
    let reply = block_on(gesture).unwrap().reply.unwrap();
    assert_eq!(reply["id"], id.as_str());
    assert_eq!(reply["windowId"], 1);
    let scan = block_on(panel).unwrap().reply.unwrap();
    assert_eq!(values(&scan), ["domain evil.com", "ip 198.51.100.7"]);
    assert_eq!((scan["tabId"].as_i64(), scan["url"].as_str(), scan["highlights"].as_bool()), (Some(TAB), Some("https://news.example/a"), Some(true)));
    assert_eq!(host.page_args("collectPage")[1], vec![json!(crate::scan::PAGE_LIMIT), json!(false)]);
    assert_eq!(host.area(Area::Session)[&format!("scan:{id}")], scan, "stored as the panel got it");
    assert_eq!(page_calls(&host).iter().filter(|c| c.starts_with("insertCSS")).count(), 1, "the rules go in once");
    // Asked again once it has ended: from storage.
    assert_eq!(send(&w, ask.clone()).unwrap(), scan);
}

#[test]
fn verdicts_then_colours_paint_the_page_as_the_core_says() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    tab(&host, &["nothing here"], &["evil.com", "198.51.100.7"]);
    let r = send(&w, json!({ "type": "popup→sw:scan", "tabId": TAB })).unwrap();
    let id = r["id"].as_str().unwrap();
    assert!(!page_calls(&host).contains(&"page 5 nextFrame".to_string()), "a window with nothing found draws nothing first");
    host.0.page_results.borrow_mut().insert("repaint".into(), json!(true));
    // Verdict colours off: one neutral highlight whatever the classes.
    assert_eq!(send(&w, json!({ "type": "scan→sw:paint", "id": id, "classes": [2, 1] })).unwrap(), json!(true));
    assert_eq!(host.page_args("repaint")[0], vec![json!(["sxr-found"]), json!([])]);
    // On: a highlight per class, every observable with a verdict named.
    send(&w, json!({ "type": "scan→sw:paint", "id": id, "verdictColours": true, "classes": [0, 2] })).unwrap();
    let names: Vec<Value> = crate::scan::CLASSES.iter().map(|(n, _)| json!(format!("sxr-{n}"))).collect();
    assert_eq!(host.page_args("repaint")[1], vec![json!(names), json!([1, 2])]);
}

#[test]
fn a_node_that_is_not_rendered_makes_the_core_scan_again_without_it() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    tab(&host, &["x"], &["Joined: evil", "~x", "~.com here"]);
    // The whole page's drawing: node 1 ("x") is not rendered; then drawn without the check.
    host.0.page_queue.borrow_mut().remove("drawHighlights");
    host.page_answers("drawHighlights", vec![json!({ "hidden": [1], "checkMs": 2 })]);
    let first = scan::Latch::default();
    let r = block_on(w.scan_tab(TAB, "s1", &first)).unwrap();
    assert_eq!(r["timings"]["rescanned"], true);
    assert_eq!(values(&r["scan"]), ["domain evil.com"], "the text around the hidden node joins as shown");
    let draws = host.page_args("drawHighlights");
    assert_eq!(draws.len(), 2, "the window's text held nothing: two drawings of the whole page");
    assert_eq!((draws[0][4].clone(), draws[1][4].clone()), (json!(true), json!(false)), "checked, then drawn as is");
    // One range from "evil" in node 0 over the hidden node to ".com" in node 2.
    assert_eq!(r["ranges"], json!([0, 0, 8, 2, 4]));
    assert_eq!(draws[1][0], r["ranges"]);
    assert!(host.area(Area::Session).contains_key("scan:s1"));
}

#[test]
fn the_styles_the_page_reports_decide_what_is_not_visible() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    tab(&host, &["-"], &["evil.com", "good.org"]);
    // No answer from readStyles: nothing can be said visible.
    let r = block_on(w.scan_tab(TAB, "s1", &scan::Latch::default())).unwrap();
    assert!(r["scan"]["observables"].as_array().unwrap().iter().all(|o| o["notVisible"] == true), "{}", r["scan"]);
    assert!(r["timings"]["first"].is_null(), "the first pass drew nothing");
}

#[test]
fn go_to_an_occurrence_whose_text_changed_is_told_and_nothing_scrolls() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    tab(&host, &["evil.com"], &["evil.com", "evil.com"]);
    let id = send(&w, json!({ "type": "popup→sw:scan", "tabId": TAB })).unwrap()["id"].as_str().unwrap().to_string();
    host.page_answers("gotoOccurrence", vec![json!({ "changed": false }), json!({ "changed": true })]);
    assert_eq!(send(&w, json!({ "type": "scan→sw:goto", "id": id, "occurrence": 0 })).unwrap(), json!({ "changed": false }));
    assert_eq!(send(&w, json!({ "type": "scan→sw:goto", "id": id, "occurrence": 1 })).unwrap(), json!({ "changed": true }));
    assert_eq!(host.page_args("gotoOccurrence"), vec![vec![json!(0)], vec![json!(1)]]);
    assert_eq!(host.calls().iter().filter(|c| *c == "activate 5").count(), 2, "the tab comes forward each time");
}

#[test]
fn clear_removes_the_rules_and_every_highlight() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    tab(&host, &["evil.com"], &["evil.com"]);
    let id = send(&w, json!({ "type": "popup→sw:scan", "tabId": TAB })).unwrap()["id"].as_str().unwrap().to_string();
    host.0.page_results.borrow_mut().insert("clearHighlights".into(), json!(true));
    assert_eq!(send(&w, json!({ "type": "scan→sw:clear", "id": id })).unwrap(), json!(true));
    let calls = page_calls(&host);
    assert_eq!(calls[calls.len() - 2..], ["removeCSS 5", "page 5 clearHighlights"]);
    // A frame that refuses the rules: the top frame gets them.
    host.fail("insertCSS 5 all");
    tab(&host, &["evil.com"], &["evil.com"]);
    send(&w, json!({ "type": "popup→sw:scan", "tabId": TAB })).unwrap();
    assert!(host.calls().contains(&"insertCSS 5 top".to_string()));
}

#[test]
fn a_page_that_cannot_be_scanned_still_opens_the_panel_which_is_told_why_once() {
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    host.fail("page 5 collectPage");
    let r = send(&w, json!({ "type": "popup→sw:scan", "tabId": TAB })).unwrap();
    let id = r["id"].as_str().unwrap();
    assert!(host.calls().iter().any(|c| c == &format!("window scan.html?id={id}")), "the panel opens to say why");
    let e = send(&w, json!({ "type": "scan→sw:scan", "id": id })).unwrap_err();
    let m = e["message"].as_str().unwrap();
    assert!(m.starts_with("This page cannot be scanned: the browser does not let extensions read it"), "{m}");
    assert!(m.ends_with("paste it into the toolbar popup instead (Cannot access contents of the page)"), "the browser's words kept: {m}");
    assert_eq!(e["code"], "bad-input");
    let again = send(&w, json!({ "type": "scan→sw:scan", "id": id })).unwrap_err();
    assert_eq!(again["message"], "This scan is no longer available: scan the page again.");
    // A page whose collector answers nothing (a page without a document).
    host.heal();
    let e = block_on(w.scan_tab(TAB, "s2", &scan::Latch::default())).unwrap_err();
    assert!(e.message.ends_with("instead."), "{}", e.message);
    assert!(host.page_args("drawHighlights").is_empty(), "nothing drawn");
    // The panel's requests for a scan it never had.
    for t in ["scan→sw:paint", "scan→sw:goto", "scan→sw:clear"] {
        let e = send(&w, json!({ "type": t, "id": "nope", "occurrence": 0 })).unwrap_err();
        assert_eq!(e["message"], "This scan is no longer available: scan the page again.", "{t}");
    }
}

/// A worker stop at any point of a scan (every host call in turn): the next worker's panel
/// request is answered at once, either with the whole scan or with "no longer available",
/// never a scan stored in part.
#[test]
fn a_worker_stop_at_any_point_of_a_scan_leaves_the_whole_scan_or_none() {
    let whole = {
        let host = FakeHost::new();
        let w = Worker::new(host.clone());
        tab(&host, &["evil.com"], &["evil.com", "and 198.51.100.7"]);
        send(&w, json!({ "type": "popup→sw:scan", "tabId": TAB })).unwrap();
        host.calls().len()
    };
    assert!(whole > 8, "{whole}");
    let (mut kept, mut gone) = (0, 0);
    for stop_at in 0..whole {
        let host = FakeHost::new();
        let w = Worker::new(host.clone());
        tab(&host, &["evil.com"], &["evil.com", "and 198.51.100.7"]);
        host.stop_after(stop_at);
        {
            let msg = json!({ "type": "popup→sw:scan", "tabId": TAB });
            let mut gesture = pin!(w.handle_value(&msg));
            assert!(poll_once(gesture.as_mut()).is_pending(), "stopped at call {stop_at}");
        }
        drop(w);
        host.resume();
        let id = host.calls().iter().find_map(|c| c.strip_prefix("window scan.html?id=").map(str::to_string));
        let w = Worker::new(host.clone());
        let Some(id) = id else { continue }; // stopped before the panel opened: nothing to ask
        match send(&w, json!({ "type": "scan→sw:scan", "id": id })) {
            Ok(scan) => {
                assert_eq!(values(&scan), ["domain evil.com", "ip 198.51.100.7"], "stop at {stop_at}");
                kept += 1;
            }
            Err(e) => {
                assert_eq!(e["message"], "This scan is no longer available: scan the page again.", "stop at {stop_at}");
                gone += 1;
            }
        }
    }
    assert!(gone > 0, "some stops fall between the passes: {gone} gone, {kept} kept");
}
