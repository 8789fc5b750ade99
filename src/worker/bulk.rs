//! The bulk run of "Scan this page" (issue 14), bound to what was confirmed: every row's
//! confirmation is used up before anything starts, run-starts are serialised (two at once cannot
//! both start a loop), each row is stored `running` before its trigger and sent once, Stop lets
//! only the row in flight finish, the run stops when the connection it was confirmed for is no
//! longer the one in effect, and a worker stopped mid-row leaves that row "outcome unknown"
//! (`crate::scan::run` decides each step). With a casebook chosen and audit notes on, every
//! row's outcome is noted there, as a single trigger's is. And the scan store's bound.

use super::{error_value, store, Host, Worker};
use crate::confirm::ActionTarget;
use crate::error::{Error, Result};
use crate::scan::run::{self, Group, Run};
use crate::view::text::{Locale, Text};
use serde_json::{json, Value};

/// Where a run's audit notes go: `{ run, casebook, written, failed, lastError? }` in storage.session.
pub const AUDIT: &str = "scanRunAudit";

/// The largest stored scan, in bytes of its JSON (storage.session holds 10 MB in all): beyond
/// it, the observables that do not fit are left out of the stored scan, with a notice.
pub const SCAN_STORE_CAP: usize = 4 << 20;

/// `scan` cut to `cap` bytes of JSON: observables kept in page order while they fit; a notice
/// says how many were left out and what to do.
pub fn bound_scan(mut scan: Value, cap: usize, locale: Locale) -> Value {
    let size = |v: &Value| serde_json::to_vec(v).map_or(usize::MAX, |b| b.len());
    if size(&scan) <= cap {
        return scan;
    }
    let Some(list) = scan.get_mut("observables").and_then(Value::as_array_mut).map(std::mem::take) else { return scan };
    let total = list.len();
    // Room for the notice (and the list's own punctuation) kept aside.
    let mut used = size(&scan) + 512;
    let mut kept = Vec::new();
    for o in list {
        let n = size(&o) + 1;
        if used + n > cap {
            break;
        }
        used += n;
        kept.push(o);
    }
    let left = total - kept.len();
    if let Some(o) = scan.as_object_mut() {
        o.insert("observables".into(), Value::Array(kept));
        let notice = Text::ScanLeftOut { left: left as u64, total: total as u64, megabytes: (cap >> 20) as u64 }.say(locale);
        match o.get_mut("notices").and_then(Value::as_array_mut) {
            Some(n) => n.push(Value::String(notice)),
            None => {
                o.insert("notices".into(), json!([notice]));
            }
        }
        o.insert("leftOut".into(), json!(left));
    }
    scan
}

/// The confirmation's groups as the panel sends them back (read leniently, as the core made them).
fn groups_from(v: &Value) -> Result<Vec<Group>> {
    // English on purpose: the scan panel always sends back the groups the core made (a developer's bug).
    let list = v.as_array().ok_or_else(|| Error::bad_input("run-start takes the groups of the confirmation."))?;
    Ok(list.iter().map(crate::typed::from_value::<Group>).collect())
}

fn parse_run(v: Value, locale: Locale) -> Result<Option<Run>> {
    if v.is_null() {
        return Ok(None);
    }
    serde_json::from_value(v).map(Some).map_err(|_| Error::bad_input(Text::RunUnreadable {}.say(locale)))
}

impl<H: Host> Worker<H> {
    /// Stores a scan (older ones removed), cut to [`SCAN_STORE_CAP`].
    pub async fn put_scan(&self, id: &str, scan: Value) -> Result<Value> {
        let scan = bound_scan(scan, SCAN_STORE_CAP, crate::view::text::current());
        store::remove_prefixed(&self.host, store::SCAN).await?;
        store::set_session(&self.host, &format!("{}{id}", store::SCAN), scan.clone()).await?;
        Ok(scan)
    }

    /// Reads the stored run, lets the core change it, stores it: one change at a time.
    async fn with_run<R>(&self, f: impl FnOnce(Option<Run>) -> Result<(Option<Run>, R)>) -> Result<R> {
        let _g = self.run_lock.lock().await;
        let current = parse_run(store::session_value(&self.host, store::RUN).await?, crate::view::text::current())?;
        let (next, r) = f(current)?;
        if let Some(run) = next {
            store::set_session(&self.host, store::RUN, super::to_value(&run)?).await?;
        }
        Ok(r)
    }

    /// `scan→sw:run-start`'s groups as sent, read into [`Group`]s (a list is required) by the
    /// dispatch before [`Self::start_run`].
    pub(super) fn run_groups(groups: &Value) -> Result<Vec<Group>> {
        groups_from(groups)
    }

    /// Starts the confirmed run: one start at a time; every row's confirmation used up first
    /// (none missing, none reused); the run stored, bound to the connection in effect.
    pub(super) async fn start_run(&self, groups: Vec<Group>, nonces: &[Option<String>], casebook: Option<String>) -> Result<Value> {
        let _s = self.start_lock.lock().await;
        // A row's url is its action's `url` (a row that is a bare text has none: refused).
        let urls: Vec<ActionTarget> = groups.iter().flat_map(|g| g.actions.iter().map(crate::typed::from_value::<ActionTarget>)).collect();
        self.redeem_all(nonces, &urls).await?;
        let bound = self.connection().await;
        let id = super::host::uuid(&self.host);
        let run = self
            .with_run(|current| {
                let r = run::start_bound(current.as_ref(), &id, &groups, &bound)?;
                Ok((Some(r.clone()), r))
            })
            .await?;
        let audit = match casebook.filter(|c| !c.is_empty()) {
            Some(c) => json!({ "run": id, "casebook": c, "written": 0, "failed": 0 }),
            None => Value::Null,
        };
        store::set_session(&self.host, AUDIT, audit).await?;
        super::to_value(&run)
    }

    /// The stored run for the panel, with its audit notes' counts as `audit: { casebook, written,
    /// failed, lastError? }` when this run was started with a casebook.
    pub(super) async fn run_state(&self) -> Result<Value> {
        let mut run = store::session_value(&self.host, store::RUN).await?;
        let audit = store::session_value(&self.host, AUDIT).await?;
        if let Some(o) = run.as_object_mut() {
            if audit.get("casebook").is_some() && audit.get("run").is_some() && audit.get("run") == o.get("id") {
                o.insert("audit".into(), audit);
            }
        }
        Ok(run)
    }

    /// Stop: the core marks the run; the loop sends nothing more after the row in flight.
    pub(super) async fn stop_run(&self) -> Result<Value> {
        let r = self
            .with_run(|current| {
                let next = current.map(|mut r| {
                    run::request_stop(&mut r);
                    r
                });
                Ok((next.clone(), next))
            })
            .await?;
        r.map_or(Ok(Value::Null), |r| super::to_value(&r))
    }

    /// At worker start: a run stored as running that no loop of this worker owns was cut off by
    /// a stop; its row left running becomes "outcome unknown" (never sent again). `true`: the
    /// shell should drive the rest ([`Worker::run_loop`]).
    pub async fn resume_run(&self) -> Result<bool> {
        if self.looping.get() {
            return Ok(false);
        }
        let running = self
            .with_run(|current| match current {
                Some(mut r) if r.state == run::RunState::Running => {
                    run::recover(&mut r);
                    Ok((Some(r), true))
                }
                _ => Ok((None, false)),
            })
            .await?;
        if running {
            self.looping.set(true);
        }
        Ok(running)
    }

    /// One row at a time: the core marks it running, it is stored, then sent once; its answer is
    /// stored (a storage failure after the trigger is logged: the loop stops rather than guess).
    pub async fn run_loop(&self) -> Result<()> {
        let r = self.run_rows().await;
        self.looping.set(false);
        r
    }

    async fn run_rows(&self) -> Result<()> {
        loop {
            let now = self.connection().await;
            let next = self
                .with_run(|current| {
                    let Some(mut r) = current else { return Ok((None, None)) };
                    let row = run::next_bound(&mut r, &now);
                    let action = row.map(|i| r.rows[i].action.clone());
                    Ok((Some(r), row.zip(action)))
                })
                .await?;
            let Some((row, action)) = next else { return Ok(()) };
            let action = ActionTarget::from_value(&action);
            let outcome = match self.send_trigger(&action).await {
                Ok(v) => json!({ "ok": true, "value": v }),
                Err(e) => json!({ "ok": false, "error": error_value(&e) }),
            };
            let at = self.host.now_ms();
            self.with_run(|current| {
                Ok((
                    current.map(|mut r| {
                        run::settle(&mut r, row, &outcome, at);
                        r
                    }),
                    (),
                ))
            })
            .await?;
            self.note_row(&action, &outcome).await;
        }
    }

    /// The row's audit note, when the run has a casebook and audit notes are on; counted in [`AUDIT`].
    async fn note_row(&self, action: &ActionTarget, outcome: &Value) {
        let Ok(mut audit) = store::session_value(&self.host, AUDIT).await else { return };
        let Some(casebook) = audit.get("casebook").and_then(Value::as_str).map(str::to_string) else { return };
        let shown = outcome.get("value").or_else(|| outcome.get("error")).cloned().unwrap_or(Value::Null);
        let Some(note) = self.audit_note(&casebook, action, &shown).await else { return };
        if let Some(o) = audit.as_object_mut() {
            let k = if note.get("error").is_some() { "failed" } else { "written" };
            let n = o.get(k).and_then(Value::as_u64).unwrap_or(0) + 1;
            o.insert(k.into(), json!(n));
            if let Some(e) = note.get("error") {
                o.insert("lastError".into(), e.clone());
            }
        }
        if let Err(e) = store::set_session(&self.host, AUDIT, audit).await {
            self.host.warn(&format!("SecureX Respond: counting the audit notes: {}", e.message));
        }
    }
}
