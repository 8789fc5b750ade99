//! `cargo xtask conformance [--base-url URL | --region us|eu|apjc] [--private-intel-url URL] [--write]`:
//! the API contract's read-only checks (issue 20, point 9), run with the core's own native
//! client (`UreqTransport` + `Client`), one table row per check: what the contract expects,
//! what came back, PASS / FAIL / SKIP. Non-zero exit when any check fails.
//!
//! - With `SECUREX_CLIENT_ID` / `SECUREX_CLIENT_SECRET` (and `SECUREX_REGION`, `SECUREX_BASE_URL`
//!   or the flags) it runs against that tenant: an administrator checks theirs before rolling
//!   out. The secret and the tokens are never printed (every cell is scrubbed of them).
//! - Without them it starts the stand-in in this process, creates an API client through its
//!   control API with the scopes the product requests, and runs against it (the suite of
//!   `cargo xtask test`).
//! - It sends only reads on a fixed harmless observable set (documentation names and
//!   addresses). `--write` adds a casebook round trip (create, add, read, delete) under a title
//!   that says what it is. It never triggers a response action: no trigger URL is ever sent.

use securex_respond::api::intel::NewCasebook;
use securex_respond::auth::{self, Credentials};
use securex_respond::http::{HttpRequest, Method, Transport};
use securex_respond::native::UreqTransport;
use securex_respond::{Client, Endpoint, Error, ErrorKind, Observable, TokenSource};

/// What every read check asks about: documentation names and addresses (RFC 2606, RFC 5737).
pub const TEXT: &str = "Conformance check of example.com and 192.0.2.1 (documentation names, nothing to act on)";
/// The scopes the product requests (and the stand-in client gets).
pub const SCOPES: [&str; 4] = ["inspect:read", "response", "enrich:read", "casebook"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// Not run: the granted scopes switch the feature off (the `features` row fails for it).
    Skip,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub expected: String,
    pub got: String,
    pub status: Status,
}

impl Check {
    fn new(name: &str, expected: &str, got: impl Into<String>, pass: bool) -> Check {
        Check { name: name.into(), expected: expected.into(), got: got.into(), status: if pass { Status::Pass } else { Status::Fail } }
    }
    /// A row from a call's result: `describe` says what came back on success.
    fn of<T>(name: &str, expected: &str, r: &Result<T, Error>, describe: impl FnOnce(&T) -> (String, bool)) -> Check {
        match r {
            Ok(v) => {
                let (got, pass) = describe(v);
                Check::new(name, expected, got, pass)
            }
            Err(e) => Check::new(name, expected, error_text(e), false),
        }
    }
}

/// An error as the table shows it: its code, HTTP status and message (already redacted by the client).
pub fn error_text(e: &Error) -> String {
    let status = e.status.map(|s| format!(" HTTP {s}")).unwrap_or_default();
    format!("error {}{status}: {}", e.kind.code(), e.message)
}

/// Options from the command line and the environment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    pub base_url: Option<String>,
    pub region: Option<String>,
    pub private_intel_url: Option<String>,
    pub write: bool,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// Flags win over `SECUREX_*` variables (`env` looks one up).
pub fn parse_options(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--base-url" => o.base_url = Some(value(a)?),
            "--region" => o.region = Some(value(a)?),
            "--private-intel-url" => o.private_intel_url = Some(value(a)?),
            "--write" => o.write = true,
            _ => return Err(format!("conformance: unknown argument {a:?}. Usage: {USAGE}")),
        }
    }
    let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    if o.base_url.is_none() && o.region.is_none() {
        o.base_url = env("SECUREX_BASE_URL");
        o.region = if o.base_url.is_none() { env("SECUREX_REGION") } else { None };
    }
    o.private_intel_url = o.private_intel_url.or_else(|| env("SECUREX_PRIVATE_INTEL_URL"));
    o.client_id = env("SECUREX_CLIENT_ID");
    o.client_secret = env("SECUREX_CLIENT_SECRET");
    match (&o.client_id, &o.client_secret) {
        (Some(_), None) | (None, Some(_)) => return Err("conformance: set both SECUREX_CLIENT_ID and SECUREX_CLIENT_SECRET (or neither, for the stand-in)".into()),
        (None, None) if o.base_url.is_some() || o.region.is_some() => {
            return Err("conformance: a tenant (--base-url, --region, SECUREX_BASE_URL or SECUREX_REGION) needs SECUREX_CLIENT_ID and SECUREX_CLIENT_SECRET; without any of them it runs against the stand-in".into())
        }
        (Some(_), Some(_)) if o.base_url.is_none() && o.region.is_none() => {
            return Err("conformance: with SECUREX_CLIENT_ID set, give the tenant's region (--region or SECUREX_REGION: us, eu, apjc) or --base-url / SECUREX_BASE_URL".into())
        }
        _ => {}
    }
    Ok(o)
}

pub const USAGE: &str = "cargo xtask conformance [--base-url URL | --region us|eu|apjc] [--private-intel-url URL] [--write]";

/// `cargo xtask conformance …`.
pub fn run(args: &[String]) -> Result<(), String> {
    let o = parse_options(args, |k| std::env::var(k).ok())?;
    if o.client_id.is_none() {
        return standin_suite(o.write);
    }
    let target = o.base_url.clone().or_else(|| o.region.as_ref().map(|r| format!("region {r}"))).unwrap_or_default();
    report(&o, &target)
}

/// Against a stand-in started in this process, whatever the environment says (the suite of
/// `cargo xtask test`, and `cargo xtask conformance` without credentials).
pub fn standin_suite(write: bool) -> Result<(), String> {
    let standin = standin::spawn(standin::Config::default());
    let id = format!("conformance-{}", std::process::id());
    let secret = format!("conformance-secret-{}-{}", std::process::id(), UreqTransport::default().now_ms() as u64);
    create_standin_client(&standin.url, &id, &secret)?;
    let url = standin.url.clone();
    let o =
        Options { base_url: Some(url.clone()), private_intel_url: Some(url.clone()), client_id: Some(id), client_secret: Some(secret), write, region: None };
    report(&o, &format!("the stand-in at {url} (started for this run)"))
}

/// Runs the checks, prints the table and the count; an error names the failed checks.
fn report(o: &Options, target: &str) -> Result<(), String> {
    println!("conformance: {target}, API client {}", o.client_id.as_deref().unwrap_or(""));
    println!("observables: example.com (domain), 192.0.2.1 (ip); {}", if o.write { "reads and a casebook round trip" } else { "reads only" });
    println!("never sent: any response action (respond/trigger)\n");
    let checks = pollster::block_on(checks(o))?;
    let secrets: Vec<&str> = o.client_secret.iter().map(String::as_str).collect();
    print!("{}", table(&checks, &secrets));
    let failed: Vec<&str> = checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.name.as_str()).collect();
    let skipped = checks.iter().filter(|c| c.status == Status::Skip).count();
    println!("\n{} checks: {} passed, {} failed, {skipped} skipped", checks.len(), checks.len() - failed.len() - skipped, failed.len());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} check(s) failed: {}", failed.len(), failed.join(", ")))
    }
}

/// `POST /__standin/clients` with the control header.
fn create_standin_client(base: &str, id: &str, secret: &str) -> Result<(), String> {
    let body = serde_json::json!({ "client_id": id, "client_secret": secret, "scopes": SCOPES });
    let req = HttpRequest {
        method: Method::Post,
        url: format!("{base}/__standin/clients"),
        headers: vec![("Content-Type".into(), "application/json".into()), ("X-Standin-Control".into(), "1".into())],
        body: Some(body.to_string()),
        timeout_ms: 10_000,
    };
    match pollster::block_on(UreqTransport::default().send(req)) {
        Ok(r) if r.status == 200 => Ok(()),
        Ok(r) => Err(format!("stand-in control: POST /__standin/clients answered {}", r.status)),
        Err(e) => Err(format!("stand-in control: POST /__standin/clients: {e:?}")),
    }
}

fn observables() -> Vec<Observable> {
    vec![Observable { kind: "domain".into(), value: "example.com".into() }, Observable { kind: "ip".into(), value: "192.0.2.1".into() }]
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Every check, in contract order. Only a setup mistake (a bad region or URL) is an `Err`.
pub async fn checks(o: &Options) -> Result<Vec<Check>, String> {
    let endpoint = Endpoint::new(o.region.as_deref(), o.base_url.as_deref(), None)
        .and_then(|e| e.with_private_intel_url(o.private_intel_url.as_deref()))
        .map_err(|e| format!("conformance: {}", e.message))?;
    let creds =
        Credentials::new(o.client_id.as_deref().unwrap_or(""), o.client_secret.as_deref().unwrap_or("")).map_err(|e| format!("conformance: {}", e.message))?;
    let client = Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(creds));
    let mut out = Vec::new();

    // token: client credentials.
    let info = client.check_connection().await;
    let token = client.token_snapshot();
    out.push(Check::of("token", "a bearer token, expires_in > 0, scope granting inspect:read and response", &info, |i| {
        let t = token.as_ref();
        let secs = t.map_or(0.0, |t| ((t.expires_at_ms - client.transport().now_ms()) / 1000.0).round());
        let got = format!(
            "bearer token ({} chars), expires in {secs} s, scope \"{}\"{}",
            t.map_or(0, |t| t.access_token.len()),
            i.scopes.join(" "),
            if i.missing_scopes.is_empty() { String::new() } else { format!("; missing {}", i.missing_scopes.join(" ")) }
        );
        (got, t.is_some_and(|t| !t.access_token.is_empty()) && secs > 0.0 && i.missing_scopes.is_empty())
    }));
    let features = match &info {
        Ok(i) => i.features.clone(),
        Err(_) => auth::features(None),
    };
    out.push(Check::of("features", "find, respond, enrich, casebooks on (scopes the product requests)", &info, |_| {
        let got = features
            .iter()
            .map(|f| {
                if !f.on {
                    format!("{} off ({})", f.id, f.reason)
                } else if f.read_only {
                    format!("{} read-only", f.id)
                } else {
                    format!("{} on", f.id)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        (got, features.iter().all(|f| f.on && !f.read_only))
    }));
    let on = |id: &str| features.iter().find(|f| f.id == id).is_none_or(|f| f.on);
    let writable = features.iter().find(|f| f.id == "casebooks").is_none_or(|f| f.on && !f.read_only);
    let skip = |name: &str, expected: &str, scope: &str| Check {
        name: name.into(),
        expected: expected.into(),
        got: format!("not run: the {scope} scope was not granted"),
        status: Status::Skip,
    };
    let obs = observables();

    const INSPECT: &str = "domain example.com and ip 192.0.2.1 found in the text";
    if on("find") {
        let r = client.inspect(TEXT).await;
        out.push(Check::of("inspect", INSPECT, &r, |found| {
            let has = |k: &str, v: &str| found.iter().any(|o| o.kind == k && o.value == v);
            let got = found.iter().map(|o| format!("{} {}", o.kind, o.value)).collect::<Vec<_>>().join(", ");
            (if got.is_empty() { "no observables".into() } else { got }, has("domain", "example.com") && has("ip", "192.0.2.1"))
        }));
    } else {
        out.push(skip("inspect", INSPECT, "inspect:read"));
    }

    const DELIBERATE: &str = "a verdict entry per observable (module errors listed, not fatal)";
    const OBSERVE: &str = "verdicts and sightings for both observables from one call";
    const REFER: &str = "pivot links (0 or more) and module errors, parsed";
    if on("enrich") {
        let r = client.verdicts(&obs).await;
        out.push(Check::of("deliberate", DELIBERATE, &r, |v| {
            let each = v
                .observables
                .iter()
                .map(|o| format!("{} {} ({})", o.value, o.disposition_name, plural(o.verdicts.len(), "verdict")))
                .collect::<Vec<_>>()
                .join(", ");
            (format!("{each}; {}", plural(v.errors.len(), "module error")), v.observables.len() == obs.len())
        }));
        let r = client.observe(&obs).await;
        out.push(Check::of("observe", OBSERVE, &r, |o| {
            let seen = o.sightings.observables.iter().map(|s| format!("{}: {}", s.value, s.label)).collect::<Vec<_>>().join("; ");
            let got =
                format!("{} with verdicts; {seen}; {}", plural(o.verdicts.observables.len(), "observable"), plural(o.sightings.errors.len(), "module error"));
            (got, o.verdicts.observables.len() == obs.len() && o.sightings.observables.len() == obs.len())
        }));
        let r = client.pivots(&obs).await;
        out.push(Check::of("refer", REFER, &r, |p| (format!("{}, {}", plural(p.pivots.len(), "pivot"), plural(p.errors.len(), "module error")), true)));
    } else {
        for (name, expected) in [("deliberate", DELIBERATE), ("observe", OBSERVE), ("refer", REFER)] {
            out.push(skip(name, expected, "enrich:read"));
        }
    }

    const RESPOND: &str = "response actions listed (none triggered), module errors kept";
    if on("respond") {
        let r = client.actions(&obs).await;
        out.push(Check::of("respond/observables", RESPOND, &r, |a| {
            let got = format!("{} from {}, {}", plural(a.actions.len(), "action"), plural(a.modules.len(), "module"), plural(a.errors.len(), "module error"));
            (got, true)
        }));
    } else {
        out.push(skip("respond/observables", RESPOND, "response"));
    }

    const SEARCH: &str = "casebook search answers a list (token matching)";
    if on("casebooks") {
        let r = client.casebooks(Some("securex-respond conformance"), Some(5.0)).await;
        out.push(Check::of("casebook search", SEARCH, &r, |l| (format!("{} titled \"securex-respond conformance\"", plural(l.len(), "casebook")), true)));
    } else {
        out.push(skip("casebook search", SEARCH, "casebook"));
    }

    let r = client.whoami().await;
    out.push(Check::of("whoami", "200 naming who holds the token (read leniently)", &r, |w| match w {
        Some(who) => (who.clone(), true),
        None => ("200, names nobody usable (shown as \"Signed in\")".into(), true),
    }));

    if o.write {
        const WRITE: &str = "casebook created, added to, read back, deleted";
        if writable {
            casebook_round_trip(&client, &mut out).await;
        } else {
            out.push(skip("casebook write", WRITE, "casebook"));
        }
    }

    // Last, so it reflects every answer above.
    let budget = client.budget();
    out.push(Check::new(
        "rate budget",
        "X-RateLimit-Org-Remaining on successful answers",
        budget.map_or("no answer carried X-RateLimit-Org-Remaining".into(), |b| match b.limit {
            Some(l) => format!("{} of {l} calls left this hour", b.remaining),
            None => format!("{} calls left this hour (no X-RateLimit-Org-Limit)", b.remaining),
        }),
        budget.is_some(),
    ));
    // A last guard (the client already redacts what it returns): no cell holds the secret or
    // the token this run held.
    let token = client.token_snapshot().map(|t| t.access_token).unwrap_or_default();
    let hidden: Vec<&str> = o.client_secret.iter().map(String::as_str).chain([token.as_str()]).collect();
    for c in &mut out {
        c.expected = scrub(&c.expected, &hidden);
        c.got = scrub(&c.got, &hidden);
    }
    Ok(out)
}

/// Every occurrence of a secret (4 characters or more) replaced by `[redacted]`.
fn scrub(text: &str, secrets: &[&str]) -> String {
    secrets.iter().filter(|x| x.len() >= 4).fold(text.to_string(), |acc, x| acc.replace(x, "[redacted]"))
}

/// `--write`: create (with a title that says what it is), add, read back, delete.
async fn casebook_round_trip(client: &Client<UreqTransport>, out: &mut Vec<Check>) {
    let now = securex_respond::api::time::iso_utc(client.transport().now_ms());
    let title = format!("securex-respond conformance {}Z — safe to delete", &now[..19]);
    let new = NewCasebook {
        title: title.clone(),
        description: Some("Created by `cargo xtask conformance --write` (securex-respond) to check casebook writes; deleted at the end of the run.".into()),
        note: Some("Conformance check: no response action was run.".into()),
        observables: observables()[1..].to_vec(),
        ..NewCasebook::default()
    };
    let created = client.create_casebook(&new).await;
    out.push(Check::of("casebook create", "a new casebook with an id, the title and ip 192.0.2.1", &created, |c| {
        (format!("{} \"{}\", {}", c.id, c.title, plural(c.observables.len(), "observable")), !c.id.is_empty() && c.title == title && c.observables.len() == 1)
    }));
    let Ok(book) = created else { return };
    let domain = &observables()[..1];
    let added = client.add_to_casebook(&book.id, domain, None).await;
    out.push(Check::of("casebook add", "the casebook holds both observables, example.com once", &added, |c| {
        let n = c.observables.iter().filter(|o| o.kind == "domain" && o.value == "example.com").count();
        (
            format!("{}, example.com {}", plural(c.observables.len(), "observable"), if n == 1 { "once".into() } else { format!("{n} times") }),
            n == 1 && c.observables.len() == 2,
        )
    }));
    let read = client.casebook(&book.id).await;
    out.push(Check::of("casebook read", "the same title and 2 observables", &read, |c| {
        let n = c.observables.iter().filter(|o| o.kind == "domain" && o.value == "example.com").count();
        (format!("\"{}\", {}", c.title, plural(c.observables.len(), "observable")), c.title == title && n == 1 && c.observables.len() == 2)
    }));
    // The core has no delete (the product never deletes casebooks): sent here through the
    // client's own transport with the token it holds.
    let deleted = delete_casebook(client, &book.id).await;
    let gone = match &deleted {
        Ok(_) => Some(client.casebook(&book.id).await),
        Err(_) => None,
    };
    let (got, pass) = match (&deleted, &gone) {
        (Err(e), _) => (format!("{e}; the casebook {} is left: delete it in XDR", book.id), false),
        (Ok(s), Some(Err(e))) if e.kind == ErrorKind::BadInput || e.status == Some(404) => {
            (format!("HTTP {s}, then reading it: not found"), (200..300).contains(s))
        }
        (Ok(s), Some(Ok(_))) => (format!("HTTP {s}, but it can still be read: delete {} in XDR", book.id), false),
        (Ok(s), Some(Err(e))) => (format!("HTTP {s}, then reading it: {}", error_text(e)), false),
        (Ok(s), None) => (format!("HTTP {s}"), false),
    };
    out.push(Check::new("casebook delete", "DELETE /ctia/casebook/{id} 204, then not found", got, pass));
}

/// `DELETE {private intel}/ctia/casebook/{id}` with the client's current token; the status.
async fn delete_casebook(client: &Client<UreqTransport>, id: &str) -> Result<u16, String> {
    let base = client.endpoint().private_intel().map_err(|e| e.message)?.to_string();
    let token = client.token_snapshot().ok_or("no token held")?;
    let id = securex_respond::api::intel::casebook_id(id).map_err(|e| e.message)?;
    let req = HttpRequest {
        method: Method::Delete,
        url: format!("{base}/ctia/casebook/{id}"),
        headers: vec![("Authorization".into(), format!("Bearer {}", token.access_token)), ("Accept".into(), "application/json".into())],
        body: None,
        timeout_ms: client.endpoint().timeout_ms,
    };
    match client.transport().send(req).await {
        Ok(r) if (200..300).contains(&r.status) => Ok(r.status),
        Ok(r) => Err(format!("DELETE answered HTTP {}", r.status)),
        Err(e) => Err(format!("DELETE failed: {e:?}")),
    }
}

/// Column limits of the table; longer cells wrap onto more lines.
const WIDTHS: [usize; 4] = [20, 46, 64, 6];

/// The table: check, expected, got, result. Every occurrence of a secret in a cell becomes
/// `[redacted]` (a last guard: the client already redacts what it returns).
pub fn table(checks: &[Check], secrets: &[&str]) -> String {
    let scrub = |s: &str| scrub(s, secrets);
    let rows: Vec<[Vec<String>; 4]> = checks
        .iter()
        .map(|c| [wrap(&c.name, WIDTHS[0]), wrap(&scrub(&c.expected), WIDTHS[1]), wrap(&scrub(&c.got), WIDTHS[2]), vec![c.status.as_str().to_string()]])
        .collect();
    let head = ["check", "expected", "got", "result"];
    let mut w: [usize; 4] = head.map(|h| h.chars().count());
    for r in &rows {
        for (i, cell) in r.iter().enumerate() {
            w[i] = w[i].max(cell.iter().map(|l| l.chars().count()).max().unwrap_or(0));
        }
    }
    let line = |cells: [&str; 4]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - c.chars().count();
            s.push_str(c);
            if i < 3 {
                s.push_str(&" ".repeat(pad));
                s.push_str(" | ");
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(head);
    out.push_str(&w.iter().map(|n| "-".repeat(*n)).collect::<Vec<_>>().join("-+-"));
    out.push('\n');
    for r in &rows {
        let n = r.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..n {
            let cell = |i: usize| r[i].get(k).map(String::as_str).unwrap_or("");
            out.push_str(&line([cell(0), cell(1), cell(2), cell(3)]));
        }
    }
    out
}

/// Words onto lines of at most `width` characters (a longer word is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let cur = lines.last_mut().expect("never empty");
            let len = cur.chars().count();
            let need = if len == 0 { word.len() } else { len + 1 + word.len() };
            if need <= width {
                if len > 0 {
                    cur.push(' ');
                }
                cur.extend(word.iter());
                break;
            }
            if len > 0 {
                lines.push(String::new());
                continue;
            }
            let rest = word.split_off(width);
            cur.extend(word.iter());
            lines.push(String::new());
            word = rest;
        }
    }
    if lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, got: &str, status: Status) -> Check {
        Check { name: name.into(), expected: "what the contract says".into(), got: got.into(), status }
    }

    #[test]
    fn table_has_one_row_per_check_aligned_and_wrapped() {
        let long = "word ".repeat(40);
        let t = table(&[row("token", "bearer token (40 chars)", Status::Pass), row("whoami", &long, Status::Fail), row("refer", "x", Status::Skip)], &[]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("check") && lines[0].contains("| expected") && lines[0].ends_with("| result"), "{t}");
        assert!(lines[1].chars().all(|c| c == '-' || c == '+'), "{t}");
        assert!(lines[2].starts_with("token ") && lines[2].ends_with("| PASS"), "{t}");
        let whoami: Vec<&&str> = lines.iter().filter(|l| l.contains("word")).collect();
        assert!(whoami.len() >= 3, "a long cell wraps: {t}");
        assert!(whoami[0].ends_with("| FAIL") && whoami[0].starts_with("whoami"), "the result on the row's first line: {t}");
        assert!(lines.last().unwrap().ends_with("| SKIP"));
        // Every column starts at the same place on every line.
        let bars = |l: &str| l.char_indices().filter(|(_, c)| *c == '|').map(|(i, _)| i).collect::<Vec<_>>();
        let first = bars(lines[0]);
        for l in lines.iter().skip(2) {
            assert_eq!(bars(l), first, "{t}");
        }
        assert!(t.lines().all(|l| l.chars().count() <= WIDTHS.iter().sum::<usize>() + 9), "{t}");
    }

    #[test]
    fn wrap_cuts_a_word_longer_than_the_column() {
        assert_eq!(wrap("abcdefghij klm", 4), ["abcd", "efgh", "ij", "klm"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("a b c", 3), ["a b", "c"]);
    }

    #[test]
    fn table_never_shows_a_secret() {
        let t = table(&[row("token", "answer quoting S3CRET-xyz and S3CRET-xyz again", Status::Fail)], &["S3CRET-xyz", ""]);
        assert!(!t.contains("S3CRET-xyz") && t.contains("[redacted]"), "{t}");
    }

    #[test]
    fn options_pick_the_tenant_or_the_standin() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = |_: &str| None;
        assert_eq!(parse_options(&args(&["--write"]), none).unwrap(), Options { write: true, ..Options::default() });
        let env = |k: &str| match k {
            "SECUREX_CLIENT_ID" => Some("client-1".to_string()),
            "SECUREX_CLIENT_SECRET" => Some("s".to_string()),
            "SECUREX_REGION" => Some("eu".to_string()),
            _ => None,
        };
        let o = parse_options(&args(&[]), env).unwrap();
        assert_eq!((o.region.as_deref(), o.base_url.as_deref(), o.client_id.as_deref()), (Some("eu"), None, Some("client-1")));
        let o = parse_options(&args(&["--base-url", "https://visibility.amp.cisco.com"]), env).unwrap();
        assert_eq!((o.region, o.base_url.as_deref()), (None, Some("https://visibility.amp.cisco.com")), "a flag wins over the environment");
        assert!(parse_options(&args(&["--region", "us"]), none).unwrap_err().contains("SECUREX_CLIENT_ID"), "a tenant needs credentials");
        let id_only = |k: &str| (k == "SECUREX_CLIENT_ID").then(|| "c".to_string());
        assert!(parse_options(&args(&["--region", "us"]), id_only).is_err());
        let no_region = |k: &str| env(k).filter(|_| k != "SECUREX_REGION");
        assert!(parse_options(&args(&[]), no_region).unwrap_err().contains("region"));
        assert!(parse_options(&args(&["--base-url"]), none).unwrap_err().contains("needs a value"));
        assert!(parse_options(&args(&["--trigger"]), none).unwrap_err().contains("unknown argument"));
    }

    /// The whole suite against an in-process stand-in: the contract's read checks and the
    /// casebook round trip pass, and the secret never appears in the table.
    #[test]
    fn suite_against_the_standin() {
        let standin = standin::spawn(standin::Config::default());
        let (id, secret) = ("conformance-test", "conformance-test-secret-0123456789");
        create_standin_client(&standin.url, id, secret).unwrap();
        let o = Options {
            base_url: Some(standin.url.clone()),
            private_intel_url: Some(standin.url.clone()),
            write: true,
            client_id: Some(id.into()),
            client_secret: Some(secret.into()),
            ..Options::default()
        };
        let checks = pollster::block_on(checks(&o)).unwrap();
        let status = |name: &str| checks.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no {name} row: {checks:?}")).status;
        for name in [
            "token",
            "features",
            "inspect",
            "deliberate",
            "observe",
            "refer",
            "respond/observables",
            "casebook search",
            "casebook create",
            "casebook add",
            "casebook read",
            "whoami",
            "casebook delete",
            "rate budget",
        ] {
            assert_eq!(status(name), Status::Pass, "{name}: {checks:#?}");
        }
        let token = checks.iter().find(|c| c.name == "token").unwrap();
        assert!(token.got.contains("inspect:read response enrich:read casebook"), "{token:?}");
        let t = table(&checks, &[secret]);
        assert!(!t.contains(secret), "{t}");
    }
}
