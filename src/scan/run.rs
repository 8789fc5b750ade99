//! Bulk respond (issue 14, item 5): the plan the confirmation shows, and the run's state machine.
//!
//! The extension's worker owns a run: it stores the [`Run`] in `storage.session` after every
//! step and calls `trigger` for the row [`next`] hands it, then [`settle`]s that row with the
//! answer. A row is marked `running` (and stored) *before* its trigger is sent, so a worker that
//! stops mid-trigger comes back to a `running` row, which [`recover`] turns into "outcome
//! unknown": never sent twice, never lost. A 429 stops the run: the rows not sent stay listed as
//! not run, with the time the organisation's budget allows the next call.

use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// The organisation's shared budget of API calls (per hour), as the contract states it.
pub const CALLS_PER_HOUR: u32 = 8_000;

/// One group of the plan: one action title over every selected observable that offers it.
/// Read back leniently from the panel (as the core made it): a field of another type counts
/// as absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(rename = "ScanGroup"))]
#[serde(rename_all = "camelCase")]
pub struct Group {
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub title: String,
    /// "Block this domain — 7 domains".
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub label: String,
    /// The actions (as `actions()` returned them), one per target, in list order.
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "Array<Action>"))]
    pub actions: Vec<Value>,
    /// "domain evil.com" per action.
    #[serde(default, deserialize_with = "crate::typed::strings")]
    pub targets: Vec<String>,
}

/// What the panel offers for the selected observables: the actions grouped by title.
pub fn plan(actions: &[Value]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut seen = HashSet::new();
    for a in actions {
        let (Some(title), Some(url)) = (a.get("title").and_then(Value::as_str), a.get("url").and_then(Value::as_str)) else { continue };
        if url.is_empty() || !seen.insert(url.to_string()) {
            continue; // the same action offered twice is sent once
        }
        let target = target_of(a);
        match groups.iter_mut().find(|g| g.title == title) {
            Some(g) => {
                g.actions.push(a.clone());
                g.targets.push(target);
            }
            None => groups.push(Group { title: title.to_string(), label: String::new(), actions: vec![a.clone()], targets: vec![target] }),
        }
    }
    for g in &mut groups {
        g.label = format!("{} \u{2014} {}", g.title, count_noun(&g.actions));
    }
    groups
}

fn target_of(a: &Value) -> String {
    let o = a.get("observable");
    match (o.and_then(|o| o.get("type")).and_then(Value::as_str), o.and_then(|o| o.get("value")).and_then(Value::as_str)) {
        (Some(t), Some(v)) => format!("{t} {v}"),
        _ => ErrorText::NoObservableNamed { module: a.get("module").and_then(Value::as_str).map(str::to_string) }.into(),
    }
}

/// "7 domains", "1 IP address", "3 targets" (mixed types).
fn count_noun(actions: &[Value]) -> String {
    let types: HashSet<&str> = actions.iter().filter_map(|a| a.get("observable")?.get("type")?.as_str()).collect();
    let kind = match (types.len(), types.iter().next().copied()) {
        (1, Some(t)) => t,
        _ => "",
    };
    ErrorText::CountTargets { kind: kind.to_string(), n: actions.len() as u64 }.into()
}

/// The confirmation's words for the chosen actions: every action and target, and the cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Confirmation {
    pub heading: String,
    pub lines: Vec<String>,
    pub cost: String,
    pub calls: u32,
    /// More calls than the whole hourly budget: the run would certainly stop; refused.
    pub refused: Option<String>,
    /// What "Confirm and run" runs: the chosen groups without the rows set apart and not ticked.
    pub groups: Vec<Group>,
    /// Rows rated Clean or Common (issue 25, item 8), named apart, unticked unless the user ticked them.
    pub apart: Vec<ApartRow>,
    /// The line above them ("" when there are none).
    pub apart_note: String,
}

/// A row of the confirmation whose target a module rated Clean or Common.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApartRow {
    /// The action's url: what the panel sends back in `include` when the row is ticked.
    pub url: String,
    /// "Block this domain: domain google.com (Clean)".
    pub label: String,
    pub rating: &'static str,
    pub ticked: bool,
}

/// The rating of a row set apart because its target is not visible on the page.
pub const NOT_VISIBLE: &str = "Not visible on the page";

/// The rating that sets a target apart: Clean or Common (`class` as [`super::CLASSES`] numbers them).
fn apart_rating(class: u8) -> Option<&'static str> {
    match class {
        3 => Some("Clean"),
        4 => Some("Common"),
        _ => None,
    }
}

/// [`confirmation`] for a scan whose observables (`(type, value)`) have verdict classes
/// `classes` (same order): rows whose target is rated Clean or Common are set apart and left
/// out of the run unless their action's url is in `include` (the user ticked them).
///
/// Rows whose target is not visible on the page (`not_visible`, same order as `page`: issue 21,
/// item 3) are set apart the same way, named "Not visible on the page".
pub fn confirmation_rated(
    groups: &[Group],
    page: &[(String, String)],
    classes: &[u8],
    not_visible: &[bool],
    include: &[String],
    budget: Option<crate::api::RateBudget>,
) -> Confirmation {
    let class: std::collections::HashMap<(&str, &str), u8> =
        page.iter().zip(classes.iter().copied().chain(std::iter::repeat(0))).map(|((t, v), c)| ((t.as_str(), v.as_str()), c)).collect();
    let hidden: HashSet<(&str, &str)> =
        page.iter().zip(not_visible.iter().copied().chain(std::iter::repeat(false))).filter(|(_, h)| *h).map(|((t, v), _)| (t.as_str(), v.as_str())).collect();
    let mut kept = Vec::new();
    let mut apart = Vec::new();
    for g in groups {
        let mut k = Group { title: g.title.clone(), label: String::new(), actions: Vec::new(), targets: Vec::new() };
        for (a, target) in g.actions.iter().zip(&g.targets) {
            let o = a.get("observable");
            let key =
                (o.and_then(|o| o.get("type")).and_then(Value::as_str).unwrap_or(""), o.and_then(|o| o.get("value")).and_then(Value::as_str).unwrap_or(""));
            let url = a.get("url").and_then(Value::as_str).unwrap_or("").to_string();
            let rating = if hidden.contains(&key) { Some(NOT_VISIBLE) } else { class.get(&key).copied().and_then(apart_rating) };
            let ticked = rating.is_none() || include.contains(&url);
            if let Some(rating) = rating {
                let said = if rating == NOT_VISIBLE {
                    ErrorText::NotVisibleOnPage.into()
                } else {
                    crate::api::enrich::disposition_name(if rating == "Clean" { 1 } else { 4 })
                };
                apart.push(ApartRow {
                    label: ErrorText::ApartLabel { title: g.title.clone(), target: target.clone(), rating: said }.into(),
                    url,
                    rating,
                    ticked,
                });
            }
            if ticked {
                k.actions.push(a.clone());
                k.targets.push(target.clone());
            }
        }
        if !k.actions.is_empty() {
            k.label = format!("{} \u{2014} {}", k.title, count_noun(&k.actions));
            kept.push(k);
        }
    }
    let mut c = confirmation_within(&kept, budget);
    let rated = apart.iter().filter(|r| r.rating != NOT_VISIBLE).count();
    let unseen = apart.len() - rated;
    c.apart_note = if rated + unseen == 0 { String::new() } else { ErrorText::ApartNote { rated: rated as u64, unseen: unseen as u64 }.into() };
    c.apart = apart;
    c
}

pub fn confirmation(groups: &[Group]) -> Confirmation {
    confirmation_within(groups, None)
}

/// [`confirmation`] against what the organisation has left this hour, when the last answer
/// said (contract §2c: `X-RateLimit-Org-Remaining` on every successful answer): the cost names
/// it, and a run that needs more than is left is refused before anything is sent.
pub fn confirmation_within(groups: &[Group], budget: Option<crate::api::RateBudget>) -> Confirmation {
    let calls: u32 = groups.iter().map(|g| g.actions.len() as u32).sum();
    let mut lines = Vec::new();
    for g in groups {
        // Which module acts, as the single confirmation says (issue 21.4).
        let mut modules: Vec<&str> = Vec::new();
        for m in g.actions.iter().filter_map(|a| a.get("module").and_then(Value::as_str)).filter(|m| !m.is_empty()) {
            if !modules.contains(&m) {
                modules.push(m);
            }
        }
        lines.push(if modules.is_empty() { format!("{}:", g.label) } else { format!("{} ({}):", g.label, modules.join(", ")) });
        lines.extend(g.targets.iter().map(|t| format!("  {t}")));
    }
    let heading =
        ErrorText::RunHeading { actions: groups.len() as u64, targets: count_noun(&groups.iter().flat_map(|g| g.actions.iter().cloned()).collect::<Vec<_>>()) }
            .into();
    let per_hour = CALLS_PER_HOUR as u64;
    let (cost, refused) = match budget {
        Some(b) => (
            ErrorText::RunCostLeft { calls: calls.into(), left: b.remaining, limit: b.limit }.into(),
            (u64::from(calls) > b.remaining).then(|| ErrorText::RunOverLeft { calls: calls.into(), left: b.remaining }.into()),
        ),
        None => (ErrorText::RunCost { calls: calls.into(), per_hour }.into(), None),
    };
    let refused = refused.or_else(|| (calls > CALLS_PER_HOUR).then(|| ErrorText::RunOverHour { calls: calls.into(), per_hour }.into()));
    Confirmation { heading, lines, cost, calls, refused, groups: groups.to_vec(), apart: Vec::new(), apart_note: String::new() }
}

/// With audit notes going to a casebook (issue 21): each row's note is one more API call, said
/// in the cost and counted against what is left (a run whose notes would not fit is refused).
pub fn with_audit_notes(mut c: Confirmation, budget: Option<crate::api::RateBudget>) -> Confirmation {
    let notes = c.calls;
    if notes == 0 {
        return c;
    }
    let all = u64::from(notes) * 2;
    c.cost.push_str(&String::from(ErrorText::AuditCost { notes: notes.into(), all }));
    let left = budget.map_or(u64::from(CALLS_PER_HOUR), |b| b.remaining);
    if c.refused.is_none() && all > left {
        c.refused = Some(ErrorText::AuditOverLeft { all, left }.into());
    }
    c
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowState {
    Pending,
    Running,
    Succeeded,
    Failed,
    OutcomeUnknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub action: Value,
    pub title: String,
    pub target: String,
    pub state: RowState,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunState {
    Running,
    /// The rows still pending were not sent: see [`StopCause`].
    Stopped,
    Done,
}

/// Why a run stopped before its last row (issue 21.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum StopCause {
    /// A 429: continue once its Retry-After has passed.
    #[default]
    RateLimit,
    /// The analyst pressed Stop: the row in flight finished and was reported.
    User,
    /// The connection the run was confirmed for (host, region, client, the person signed in)
    /// is no longer the one in effect: nothing more is sent with another one.
    Connection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub id: String,
    pub state: RunState,
    pub rows: Vec<Row>,
    /// When a 429 stopped the run: the clock (ms) after which to continue.
    #[serde(default)]
    pub continue_at: Option<f64>,
    #[serde(default)]
    pub stop_message: String,
    /// The connection the run was confirmed for (the worker's client key and sign-in
    /// generation); "" for a run made before this field existed.
    #[serde(default)]
    pub connection: String,
    /// Stop was pressed while a row was in flight: no further row is sent.
    #[serde(default)]
    pub stop_requested: bool,
    #[serde(default)]
    pub stopped_by: StopCause,
}

/// A new run of the confirmed actions (each url once). Refused while `current` still runs.
pub fn start(current: Option<&Run>, id: &str, groups: &[Group]) -> Result<Run> {
    if current.is_some_and(|r| r.state == RunState::Running) {
        return Err(Error::bad_input(ErrorText::BulkRunGoing));
    }
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for g in groups {
        for (a, t) in g.actions.iter().zip(&g.targets) {
            let url = a.get("url").and_then(Value::as_str).unwrap_or("");
            if url.is_empty() || !seen.insert(url.to_string()) {
                continue;
            }
            rows.push(Row { action: a.clone(), title: g.title.clone(), target: t.clone(), state: RowState::Pending, message: String::new() });
        }
    }
    if rows.is_empty() {
        return Err(Error::bad_input(ErrorText::NothingToRun));
    }
    Ok(Run {
        id: id.to_string(),
        state: RunState::Running,
        rows,
        continue_at: None,
        stop_message: String::new(),
        connection: String::new(),
        stop_requested: false,
        stopped_by: StopCause::RateLimit,
    })
}

/// [`start`], bound to the connection it was confirmed for.
pub fn start_bound(current: Option<&Run>, id: &str, groups: &[Group], connection: &str) -> Result<Run> {
    let mut r = start(current, id, groups)?;
    r.connection = connection.to_string();
    Ok(r)
}

/// Stop: no row not yet started is sent; a row in flight finishes and is reported.
pub fn request_stop(run: &mut Run) {
    if run.state != RunState::Running {
        return;
    }
    run.stop_requested = true;
    if !run.rows.iter().any(|r| r.state == RowState::Running) {
        stop(run, StopCause::User);
    }
}

fn stop(run: &mut Run, cause: StopCause) {
    run.state = RunState::Stopped;
    run.stopped_by = cause;
    run.continue_at = None;
}

/// [`next`] for the connection in effect now: a Stop pressed meanwhile, or a connection that is
/// not the one the run was confirmed for (another host or client, signed out, someone else
/// signed in), stops the run before the next row is sent.
pub fn next_bound(run: &mut Run, connection: &str) -> Option<usize> {
    if run.state == RunState::Running && !run.rows.iter().any(|r| r.state == RowState::Running) {
        if run.stop_requested {
            stop(run, StopCause::User);
            return None;
        }
        if !run.connection.is_empty() && run.connection != connection {
            stop(run, StopCause::Connection);
            return None;
        }
    }
    next(run)
}

/// The next row to send: marked `running` here, so the caller stores the run *before* it
/// triggers. `None` when the run is not running, a row is already running, or none is left
/// (the run is then done).
pub fn next(run: &mut Run) -> Option<usize> {
    if run.state != RunState::Running || run.rows.iter().any(|r| r.state == RowState::Running) {
        return None;
    }
    match run.rows.iter().position(|r| r.state == RowState::Pending) {
        Some(i) => {
            run.rows[i].state = RowState::Running;
            Some(i)
        }
        None => {
            run.state = RunState::Done;
            None
        }
    }
}

/// The answer for row `i`: `{ ok: true, value: TriggerResult }` or `{ ok: false, error: {code,
/// message, retryAfter, outcomeUnknown, …} }` (the core's error fields as JS saw them).
pub fn settle(run: &mut Run, i: usize, outcome: &Value, now_ms: f64) {
    let Some(row) = run.rows.get_mut(i) else { return };
    if row.state != RowState::Running {
        return; // settled already (a late answer after recovery): keep what was shown
    }
    if outcome.get("ok").and_then(Value::as_bool) == Some(true) {
        let v = outcome.get("value").unwrap_or(&Value::Null);
        let succeeded = v.get("succeeded").and_then(Value::as_bool).unwrap_or(false);
        row.state = if succeeded { RowState::Succeeded } else { RowState::Failed };
        row.message = if succeeded { ErrorText::RowDone.into() } else { module_message(v) };
        return;
    }
    let e = outcome.get("error").unwrap_or(&Value::Null);
    let message = e.get("message").and_then(Value::as_str).map_or_else(|| ErrorText::TriggerFailed.into(), str::to_string);
    if e.get("code").and_then(Value::as_str) == Some("rate-limited") {
        // Refused before it ran: the row is not sent, and nothing after it is.
        row.state = RowState::Pending;
        let wait = e.get("retryAfter").and_then(Value::as_f64).unwrap_or(60.0).max(1.0);
        stop(run, StopCause::RateLimit);
        run.continue_at = Some(now_ms + wait * 1000.0);
        run.stop_message = message;
    } else if e.get("outcomeUnknown").and_then(Value::as_bool) == Some(true) {
        row.state = RowState::OutcomeUnknown;
        row.message = message;
    } else {
        row.state = RowState::Failed;
        row.message = message;
    }
}

fn module_message(v: &Value) -> String {
    let errs: Vec<String> = v
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let m = e.get("message").and_then(Value::as_str)?;
            Some(match e.get("module").and_then(Value::as_str) {
                Some(module) => format!("{module}: {m}"),
                None => m.to_string(),
            })
        })
        .collect();
    if errs.is_empty() {
        ErrorText::ModuleAnswered { status: v.get("status").and_then(Value::as_str).unwrap_or("failure").to_string() }.into()
    } else {
        errs.join("; ")
    }
}

/// A run read back by a worker that did not start it (the worker was stopped): a row left
/// `running` may have been sent, so it is "outcome unknown", never sent again.
pub fn recover(run: &mut Run) {
    for r in &mut run.rows {
        if r.state == RowState::Running {
            r.state = RowState::OutcomeUnknown;
            r.message = ErrorText::RecoveredUnknown.into();
        }
    }
}

/// The rows a 429 left unsent, as groups for a new confirmation (to continue).
pub fn remaining(run: &Run) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for r in run.rows.iter().filter(|r| r.state == RowState::Pending) {
        match groups.iter_mut().find(|g| g.title == r.title) {
            Some(g) => {
                g.actions.push(r.action.clone());
                g.targets.push(r.target.clone());
            }
            None => groups.push(Group { title: r.title.clone(), label: String::new(), actions: vec![r.action.clone()], targets: vec![r.target.clone()] }),
        }
    }
    for g in &mut groups {
        g.label = format!("{} \u{2014} {}", g.title, count_noun(&g.actions));
    }
    groups
}

/// What the panel shows for a run at `now_ms`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    pub summary: String,
    /// What the panel's live region says for this state: `summary` without what changes every
    /// second (the count while running, the countdown after a 429), so a screen reader hears the
    /// start, the end and when a stopped run can continue, once each.
    pub announce: String,
    pub rows: Vec<RowView>,
    /// A 429 stopped it and the wait is over: the panel offers "Continue".
    pub can_continue: bool,
    pub running: bool,
    /// Running and Stop not pressed yet: the panel offers Stop.
    pub can_stop: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowView {
    pub title: String,
    pub target: String,
    pub state: RowState,
    pub label: String,
}

pub fn view(run: &Run, now_ms: f64) -> RunView {
    let count = |s: RowState| run.rows.iter().filter(|r| r.state == s).count();
    let (ok, failed, unknown, pending) = (count(RowState::Succeeded), count(RowState::Failed), count(RowState::OutcomeUnknown), count(RowState::Pending));
    let sent: String = ErrorText::RunCounts { ok: ok as u64, failed: failed as u64, unknown: unknown as u64 }.into();
    let pending_n = pending as u64;
    let can_continue = run.state == RunState::Stopped
        && run.rows.iter().any(|r| r.state == RowState::Pending)
        && (run.stopped_by != StopCause::RateLimit || run.continue_at.is_some_and(|t| now_ms >= t));
    let mut announce = None;
    let summary: String = match run.state {
        RunState::Running => {
            announce = Some(ErrorText::RunningAnnounce { n: run.rows.len() as u64 }.into());
            ErrorText::RunningSummary { sent: (run.rows.len() - pending - count(RowState::Running)) as u64, total: run.rows.len() as u64, counts: sent }.into()
        }
        RunState::Done => ErrorText::RunDone { counts: sent }.into(),
        RunState::Stopped => match run.stopped_by {
            StopCause::RateLimit => {
                let wait = run.continue_at.map(|t| ((t - now_ms) / 1000.0).ceil().max(0.0) as u64).unwrap_or(0);
                announce = Some(ErrorText::StoppedRateLimitAnnounce { counts: sent.clone(), pending: pending_n, can_continue }.into());
                ErrorText::StoppedRateLimit { counts: sent, pending: pending_n, wait, message: run.stop_message.clone() }.into()
            }
            StopCause::User => ErrorText::StoppedUser { counts: sent, pending: pending_n }.into(),
            StopCause::Connection => ErrorText::StoppedConnection { counts: sent, pending: pending_n }.into(),
        },
    };
    let not_run: String = match run.stopped_by {
        StopCause::RateLimit => ErrorText::NotRunRateLimit,
        StopCause::User => ErrorText::NotRunStopped,
        StopCause::Connection => ErrorText::NotRunConnection,
    }
    .into();
    let rows = run
        .rows
        .iter()
        .map(|r| {
            let label = match r.state {
                RowState::Pending if run.state == RunState::Stopped => not_run.clone(),
                RowState::Pending => ErrorText::RowWaiting.into(),
                RowState::Running => ErrorText::RowSending.into(),
                RowState::Succeeded => ErrorText::RowSucceeded.into(),
                RowState::Failed => ErrorText::RowFailed { message: r.message.clone() }.into(),
                RowState::OutcomeUnknown => ErrorText::RowUnknown { message: r.message.clone() }.into(),
            };
            RowView { title: r.title.clone(), target: r.target.clone(), state: r.state, label }
        })
        .collect();
    let running = run.state == RunState::Running;
    let announce = announce.unwrap_or_else(|| summary.clone());
    RunView { summary, announce, rows, can_continue, running, can_stop: running && !run.stop_requested }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn act(title: &str, t: &str, v: &str) -> Value {
        json!({ "id": title, "title": title, "module": "Umbrella", "url": format!("/respond/trigger/m/{title}?observable_type={t}&observable_value={v}"),
                "observable": { "type": t, "value": v } })
    }

    fn groups() -> Vec<Group> {
        plan(&[
            act("Block this domain", "domain", "a.com"),
            act("Block this domain", "domain", "b.com"),
            act("Isolate host", "ip", "1.2.3.4"),
            act("Block this domain", "domain", "a.com"), // offered twice
        ])
    }

    #[test]
    fn plan_groups_by_action_and_counts_targets() {
        let g = groups();
        assert_eq!(g.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), ["Block this domain \u{2014} 2 domains", "Isolate host \u{2014} 1 IP address"]);
        assert_eq!(g[0].targets, ["domain a.com", "domain b.com"]);
        let c = confirmation(&g);
        assert_eq!(c.calls, 3);
        assert_eq!(c.heading, "Run 2 actions on 3 targets?");
        assert_eq!(
            c.lines,
            [
                "Block this domain \u{2014} 2 domains (Umbrella):",
                "  domain a.com",
                "  domain b.com",
                "Isolate host \u{2014} 1 IP address (Umbrella):",
                "  ip 1.2.3.4"
            ]
        );
        assert!(c.cost.starts_with("This sends 3 trigger calls to Threat Response, one at a time: 3 of the 8,000 calls an hour"), "{}", c.cost);
        assert_eq!(c.refused, None);
    }

    /// Issue 25, item 8: a target rated Clean or Common is named apart and left out of the run
    /// until ticked; the others are confirmed as before.
    #[test]
    fn rows_rated_clean_or_common_are_set_apart_and_unticked() {
        let g = plan(&[
            act("Block this domain", "domain", "a.com"),
            act("Block this domain", "domain", "google.com"),
            act("Block this domain", "domain", "cdn.com"),
            act("Isolate host", "ip", "1.2.3.4"),
        ]);
        let page: Vec<(String, String)> = [("domain", "a.com"), ("domain", "google.com"), ("domain", "cdn.com"), ("ip", "1.2.3.4")]
            .iter()
            .map(|(t, v)| (t.to_string(), v.to_string()))
            .collect();
        let classes = [1, 3, 4, 2]; // Malicious, Clean, Common, Malicious
        let c = confirmation_rated(&g, &page, &classes, &[], &[], None);
        assert_eq!(c.heading, "Run 2 actions on 2 targets?");
        assert_eq!(
            c.lines,
            ["Block this domain \u{2014} 1 domain (Umbrella):", "  domain a.com", "Isolate host \u{2014} 1 IP address (Umbrella):", "  ip 1.2.3.4"]
        );
        assert_eq!(c.calls, 2);
        assert_eq!(c.groups.iter().map(|g| g.actions.len()).sum::<usize>(), 2, "the run leaves them out");
        assert_eq!(
            c.apart.iter().map(|r| (r.label.as_str(), r.rating, r.ticked)).collect::<Vec<_>>(),
            [("Block this domain: domain google.com (Clean)", "Clean", false), ("Block this domain: domain cdn.com (Common)", "Common", false)]
        );
        assert!(c.apart_note.starts_with("Rated Clean or Common by your enrichment modules: these rows are not ticked."), "{}", c.apart_note);
        // Ticked by the user: run with the others, still named apart.
        let url = c.apart[0].url.clone();
        let c = confirmation_rated(&g, &page, &classes, &[], &[url], None);
        assert_eq!(c.calls, 3);
        assert!(c.lines.contains(&"  domain google.com".to_string()));
        assert_eq!(c.apart.iter().map(|r| r.ticked).collect::<Vec<_>>(), [true, false]);
        // Nothing rated: the plain confirmation.
        let plain = confirmation_rated(&g, &page, &[0, 0, 5, 2], &[], &[], None);
        assert_eq!(plain.lines, confirmation(&g).lines);
        assert!(plain.apart.is_empty() && plain.apart_note.is_empty());
    }

    /// Issue 21, item 3: a target not visible on the page (hidden by its style) is named apart,
    /// unticked, with its own note; ticked by the user, it runs.
    #[test]
    fn rows_not_visible_on_the_page_are_set_apart_and_unticked() {
        let g =
            plan(&[act("Block this domain", "domain", "a.com"), act("Block this domain", "domain", "ours.com"), act("Block this domain", "domain", "cdn.com")]);
        let page: Vec<(String, String)> = ["a.com", "ours.com", "cdn.com"].iter().map(|v| ("domain".to_string(), v.to_string())).collect();
        let c = confirmation_rated(&g, &page, &[1, 1, 4], &[false, true, false], &[], None);
        assert_eq!(c.lines, ["Block this domain \u{2014} 1 domain (Umbrella):", "  domain a.com"]);
        assert_eq!(
            c.apart.iter().map(|r| (r.label.as_str(), r.rating, r.ticked)).collect::<Vec<_>>(),
            [
                ("Block this domain: domain ours.com (Not visible on the page)", NOT_VISIBLE, false),
                ("Block this domain: domain cdn.com (Common)", "Common", false)
            ]
        );
        assert_eq!(c.apart_note, "Rated Clean or Common by your enrichment modules: this row is not ticked. Not visible on the page (the page hides the text with its style: a hostile page can hide indicators among real ones): this row is not ticked. Tick one only if you mean to act on it.");
        let url = c.apart[0].url.clone();
        let c = confirmation_rated(&g, &page, &[1, 1, 4], &[false, true, false], &[url], None);
        assert_eq!(c.lines, ["Block this domain \u{2014} 2 domains (Umbrella):", "  domain a.com", "  domain ours.com"]);
        // Not visible wins over a rating: the page's hiding is what the person must know.
        let c = confirmation_rated(&g, &page, &[1, 3, 1], &[false, true, false], &[], None);
        assert_eq!(c.apart.iter().map(|r| r.rating).collect::<Vec<_>>(), [NOT_VISIBLE]);
        assert!(c.apart_note.starts_with("Not visible on the page"), "{}", c.apart_note);
    }

    #[test]
    fn audit_notes_are_counted_in_the_cost_and_against_what_is_left() {
        let g = plan(&[act("Block this domain", "domain", "a.com"), act("Block this domain", "domain", "b.com")]);
        let budget = |remaining| Some(crate::api::RateBudget { remaining, limit: Some(8000) });
        let c = with_audit_notes(confirmation_within(&g, budget(100)), budget(100));
        assert_eq!(c.calls, 2, "the triggers");
        assert!(c.cost.ends_with(" Each row\u{2019}s audit note is one more API call: 2 more calls, 4 in all."), "{}", c.cost);
        assert_eq!(c.refused, None);
        // 2 triggers fit in 3 calls, their notes do not: refused before anything is sent.
        let c = with_audit_notes(confirmation_within(&g, budget(3)), budget(3));
        assert_eq!(
            c.refused.as_deref(),
            Some("4 calls with the audit notes are more than the 3 your organisation has left this hour: choose fewer, or wait for the hour to turn.")
        );
        assert_eq!(with_audit_notes(confirmation_within(&[], None), None).cost, confirmation_within(&[], None).cost, "no row, no note");
    }

    #[test]
    fn more_calls_than_the_hourly_budget_are_refused() {
        let many: Vec<Value> = (0..8001).map(|i| act("Block this domain", "domain", &format!("d{i}.com"))).collect();
        assert!(confirmation(&plan(&many)).refused.is_some());
    }

    #[test]
    fn rows_run_one_at_a_time_each_exactly_once() {
        let mut r = start(None, "r1", &groups()).unwrap();
        assert_eq!(r.rows.len(), 3);
        let i = next(&mut r).unwrap();
        assert_eq!(next(&mut r), None, "one at a time");
        settle(&mut r, i, &json!({ "ok": true, "value": { "status": "success", "succeeded": true, "errors": [] } }), 0.0);
        settle(&mut r, i, &json!({ "ok": false, "error": { "code": "network", "message": "late" } }), 0.0);
        assert_eq!(r.rows[i].state, RowState::Succeeded, "a row settles once");
        let j = next(&mut r).unwrap();
        settle(
            &mut r,
            j,
            &json!({ "ok": true, "value": { "status": "failure", "succeeded": false, "errors": [{ "module": "Umbrella", "message": "quota" }] } }),
            0.0,
        );
        assert_eq!((r.rows[j].state, r.rows[j].message.as_str()), (RowState::Failed, "Umbrella: quota"));
        let k = next(&mut r).unwrap();
        settle(&mut r, k, &json!({ "ok": false, "error": { "code": "timeout", "message": "No answer.", "outcomeUnknown": true } }), 0.0);
        assert_eq!(r.rows[k].state, RowState::OutcomeUnknown);
        assert_eq!(next(&mut r), None);
        assert_eq!(r.state, RunState::Done);
        assert_eq!(view(&r, 0.0).summary, "Done: 1 succeeded, 1 failed, 1 outcome unknown.");
        assert!(start(Some(&r), "r2", &groups()).is_ok(), "a finished run does not block the next");
    }

    #[test]
    fn a_429_stops_the_run_and_says_what_ran_what_did_not_and_when_to_continue() {
        let mut r = start(None, "r1", &groups()).unwrap();
        let i = next(&mut r).unwrap();
        settle(&mut r, i, &json!({ "ok": true, "value": { "status": "success", "succeeded": true } }), 0.0);
        let j = next(&mut r).unwrap();
        settle(&mut r, j, &json!({ "ok": false, "error": { "code": "rate-limited", "message": "Rate limited.", "retryAfter": 30 } }), 1_000.0);
        assert_eq!(r.state, RunState::Stopped);
        assert_eq!(next(&mut r), None, "nothing more is sent");
        let v = view(&r, 11_000.0);
        assert_eq!(v.summary, "Stopped by the rate limit (429): 1 succeeded, 0 failed, 0 outcome unknown; 2 not run. Continue in 20 s. (Rate limited.)");
        assert_eq!(v.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Succeeded", "Not run (rate limit)", "Not run (rate limit)"]);
        assert!(!v.can_continue);
        assert!(view(&r, 31_000.0).can_continue);
        let rest = remaining(&r);
        assert_eq!(rest.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), ["Block this domain \u{2014} 1 domain", "Isolate host \u{2014} 1 IP address"]);
        assert!(start(Some(&r), "r2", &rest).is_ok(), "a stopped run may be continued by a new one");
    }

    #[test]
    fn a_second_run_is_refused_while_one_runs_and_a_running_row_is_never_resent_after_a_restart() {
        let mut r = start(None, "r1", &groups()).unwrap();
        assert!(start(Some(&r), "r2", &groups()).is_err());
        let i = next(&mut r).unwrap();
        // The worker stopped here: the stored run has a running row.
        let mut back: Run = serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
        recover(&mut back);
        assert_eq!(back.rows[i].state, RowState::OutcomeUnknown);
        let shown = &view(&back, 0.0).rows[i].label;
        assert_eq!(shown.matches("Outcome unknown").count(), 1, "said once: {shown}");
        let j = next(&mut back).unwrap();
        assert_ne!(i, j, "the row that may have been sent is not sent again");
        assert!(start(None, "x", &[]).is_err());
    }

    /// Issue 20.7: with the budget the last answer stated, the cost names what is left, and a
    /// run needing more than that is refused before anything is sent.
    #[test]
    fn the_confirmation_counts_against_what_the_organisation_has_left() {
        let actions: Vec<Value> =
            (0..14).map(|i| json!({"url": format!("/respond/trigger/m/a?observable_type=domain&observable_value={i}.example"), "title": "Block"})).collect();
        let g = Group { title: "Block".into(), label: "Block \u{2014} 14 domains".into(), targets: vec!["domain a.example".into()], actions };
        let left = crate::api::RateBudget { limit: Some(8000), remaining: 7412 };
        let c = confirmation_within(std::slice::from_ref(&g), Some(left));
        assert!(
            c.cost.starts_with(
                "This sends 14 trigger calls to Threat Response, one at a time: 14 of the 7,412 calls your organisation has left this hour of its 8,000"
            ),
            "{}",
            c.cost
        );
        assert_eq!(c.refused, None);
        let c = confirmation_within(&[g], Some(crate::api::RateBudget { limit: None, remaining: 9 }));
        assert_eq!(
            c.refused.as_deref(),
            Some("14 calls are more than the 9 your organisation has left this hour: choose fewer, or wait for the hour to turn.")
        );
        assert_eq!(
            serde_json::to_value(left).unwrap(),
            json!({"limit": 8000, "remaining": 7412, "text": "Your organisation has 7,412 of 8,000 API calls left this hour (shared by all its users and integrations)."})
        );
    }

    /// Issue 23.2: the live region's line changes at the start, the end and when a stopped run can
    /// continue, never with each row or each second of a countdown (a screen reader would repeat it).
    #[test]
    fn the_announced_line_changes_only_when_a_person_needs_to_hear_it() {
        let mut r = start(None, "r1", &groups()).unwrap();
        let said = |r: &Run, now: f64| view(r, now).announce;
        assert_eq!(said(&r, 0.0), "Running 3 actions, one at a time.");
        let i = next(&mut r).unwrap();
        settle(&mut r, i, &json!({ "ok": true, "value": { "status": "success", "succeeded": true } }), 0.0);
        assert_ne!(view(&r, 0.0).summary, view(&start(None, "r0", &groups()).unwrap(), 0.0).summary, "the visible count moves");
        assert_eq!(said(&r, 0.0), "Running 3 actions, one at a time.", "the announced line does not");
        let j = next(&mut r).unwrap();
        settle(&mut r, j, &json!({ "ok": false, "error": { "code": "rate-limited", "message": "Rate limited.", "retryAfter": 30 } }), 1_000.0);
        let stopped = "Stopped by the rate limit (429): 1 succeeded, 0 failed, 0 outcome unknown; 2 not run.";
        assert_eq!(said(&r, 11_000.0), stopped);
        assert_eq!(said(&r, 12_000.0), stopped, "not with each second of the countdown");
        assert_ne!(view(&r, 11_000.0).summary, view(&r, 12_000.0).summary);
        assert_eq!(said(&r, 31_000.0), format!("{stopped} You can continue now."));
        let mut r = start(None, "r2", &groups()).unwrap();
        for _ in 0..3 {
            let k = next(&mut r).unwrap();
            settle(&mut r, k, &json!({ "ok": true, "value": { "status": "success", "succeeded": true } }), 0.0);
        }
        assert_eq!(next(&mut r), None);
        assert_eq!(said(&r, 0.0), "Done: 3 succeeded, 0 failed, 0 outcome unknown.");
        assert_eq!(said(&r, 0.0), view(&r, 0.0).summary);
    }

    /// Issue 21.4: Stop sends nothing more (the row in flight finishes and is reported), and a
    /// run confirmed for one connection sends nothing with another one.
    #[test]
    fn stop_and_a_changed_connection_send_nothing_more() {
        let mut r = start_bound(None, "r1", &groups(), "conn-a").unwrap();
        let first = next_bound(&mut r, "conn-a").unwrap();
        assert!(view(&r, 0.0).can_stop);
        request_stop(&mut r);
        assert!(!view(&r, 0.0).can_stop, "pressed once");
        assert_eq!(r.state, RunState::Running, "the row in flight finishes first");
        settle(&mut r, first, &json!({ "ok": true, "value": { "status": "success", "succeeded": true, "errors": [] } }), 0.0);
        assert_eq!(next_bound(&mut r, "conn-a"), None);
        assert_eq!((r.state, r.stopped_by), (RunState::Stopped, StopCause::User));
        let v = view(&r, 0.0);
        assert_eq!(v.summary, "Stopped: 1 succeeded, 0 failed, 0 outcome unknown; 2 not run.");
        assert_eq!(v.rows.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(), ["Succeeded", "Not run (stopped)", "Not run (stopped)"]);
        assert!(v.can_continue, "the rest can be confirmed again at once");
        assert_eq!(remaining(&r).iter().map(|g| g.targets.len()).sum::<usize>(), 2);
        // Stop with nothing in flight: stopped at once.
        let mut r = start_bound(None, "r2", &groups(), "conn-a").unwrap();
        request_stop(&mut r);
        assert_eq!(r.state, RunState::Stopped);
        // Another connection (signed out, another host, another person): stopped before the next row.
        let mut r = start_bound(None, "r3", &groups(), "conn-a").unwrap();
        let i = next_bound(&mut r, "conn-a").unwrap();
        settle(&mut r, i, &json!({ "ok": true, "value": { "status": "success", "succeeded": true, "errors": [] } }), 0.0);
        assert_eq!(next_bound(&mut r, ""), None);
        assert_eq!((r.state, r.stopped_by), (RunState::Stopped, StopCause::Connection));
        assert!(view(&r, 0.0).summary.starts_with("Stopped: the connection changed"));
        assert_eq!(view(&r, 0.0).rows[1].label, "Not run (connection changed)");
        // A run stored before the binding existed keeps running as before.
        let mut old = start(None, "r4", &groups()).unwrap();
        assert!(next_bound(&mut old, "anything").is_some());
    }
}
