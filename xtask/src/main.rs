//! `cargo xtask <command>`: the project's dev commands (see README).
//!
//! - `demo [--check]`: set up, build, start the stand-in and the demo server, print what to
//!   open; `--check` drives the demo headless in Chromium, saves screenshots under
//!   `target/demo/`, and exits non-zero if a step fails.
//! - `test`: set up (plus Debian's chromium), then every suite: lint, conformance (stand-in),
//!   native, wasm in Chromium, end-to-end (Playwright). One summary line per suite; non-zero exit on any failure.
//! - `e2e [FILE…]`: build, start the servers, pack the npm package (as `test` does, for
//!   tests/e2e/npm-package.test.mjs), run only the named end-to-end files (all of
//!   `tests/e2e/` without names): the quick loop while working on one test file.
//! - `lint`: self-containment, rustfmt, clippy (native and wasm32), ESLint; the first suite
//!   of `test` (a failing lint does not stop the other suites; the run still fails).
//! - `circles [DIR]`: only lint's import-circle check (`circles.rs`), printing every circle (of
//!   the checkout in DIR, e.g. an older commit's `git archive`, when given).
//! - `build`: the portal's wasm package into `www/pkg/` and the extension's into
//!   `target/pkg-extension/`, with their sizes against their budgets.
//! - `bench`: extraction benchmark side by side, page scan, respond view (docs/development.md,
//!   benchmarks); each section rewrites its part of `docs/bench-report.md`. `bench extract` runs
//!   the extraction part alone (no Chromium), `bench scan` / `bench respond` theirs.
//! - `fuzz`: long property-based runs of every parser of untrusted input (`src/fuzz.rs`)
//!   and of the extraction engine (`tests/extract_fuzz.rs`); `FUZZ_CASES` sets the count.
//! - `update-tlds`: refresh the compiled-in IANA TLD list from npm `tlds`.
//! - `package [--check]`: the store-ready Chrome/Edge and Firefox zips in `dist/` (package.rs),
//!   with their sizes and SHA-256; `--check` builds them twice (`target/package-check/<pid>/`)
//!   and compares the bytes (a suite of `test`).
//! - `e2e-firefox [FILE…]`: packages, servers, then only the Firefox end-to-end files.
//! - `conformance [--base-url URL | --region us|eu|apjc] [--private-intel-url URL] [--write]`:
//!   the API contract's read-only checks with the core's native client, a table of expected and
//!   got per check (conformance.rs); against a tenant with `SECUREX_CLIENT_ID` /
//!   `SECUREX_CLIENT_SECRET`, else against a stand-in it starts. A suite of `test` (stand-in,
//!   `--write`). Never triggers a response action.

mod bench;
mod build;
mod circles;
mod conformance;
mod ctx;
mod dist;
mod fuzz;
mod icons;
mod lint;
mod locales;
mod npm;
mod package;
mod proxy;
mod report;
mod serve;
mod setup;
mod tidy;
mod tlds;

use ctx::{run, Ctx, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf();
    let ctx = Ctx { root };
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&ctx, args.iter().any(|a| a == "--check")),
        Some("test") => test(&ctx),
        Some("e2e") => e2e(&ctx, &args[1..]),
        Some("circles") => circles::check(&args.get(1).map(PathBuf::from).unwrap_or(ctx.root.clone())),
        Some("lint") => setup::ensure_build_tools(&ctx).and_then(|_| lint::run_all(&ctx)),
        Some("build") => setup::ensure_build_tools(&ctx).and_then(|_| build::wasm_package(&ctx)),
        Some("bench") if args.get(1).is_some_and(|a| a == "scan") => bench::scan(&ctx),
        Some("bench") if args.get(1).is_some_and(|a| a == "respond") => bench::respond(&ctx),
        Some("bench") if args.get(1).is_some_and(|a| a == "extract") => setup::ensure_build_tools(&ctx).and_then(|_| bench::run(&ctx.root)),
        Some("bench") => setup::ensure_build_tools(&ctx).and_then(|_| bench::run(&ctx.root)).and_then(|_| bench::scan(&ctx)).and_then(|_| bench::respond(&ctx)),
        Some("fuzz") => fuzz_parsers(&ctx).and_then(|_| fuzz::run(&ctx.root)),
        Some("update-tlds") => tlds::update_tlds(&ctx.root),
        Some("package") if args.iter().any(|a| a == "--check") => package::check(&ctx),
        Some("package") => package::run(&ctx),
        Some("e2e-firefox") => e2e_firefox(&ctx, &args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        _ => Err(
            "usage: cargo xtask <demo [--check] | test | lint | e2e [FILE…] | build | bench [extract|scan|respond] | fuzz | update-tlds | package [--check] | e2e-firefox [FILE…] | conformance [--base-url URL | --region us|eu|apjc] [--write]>"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Running {
    standin: standin::Handle,
    /// The same stand-in with CORS off: the proxy's upstream (`STANDIN_NOCORS_URL`).
    standin_no_cors: standin::Handle,
    www: serve::Server,
    /// The dev copy of the extension the browser tests load (`EXT_DIR`).
    ext_dir: PathBuf,
    /// The npm package (`NPM_TGZ`) and the folder of the app a test builds from it
    /// (`NPM_APP_DIR`; its `dist/` is served under [`NPM_APP_PATH`]): [`with_npm_package`].
    npm: Option<(PathBuf, PathBuf)>,
}

/// Where the demo server of a test run serves `target/e2e/<pid>/npm-app/dist/`
/// (tests/e2e/npm-package.test.mjs builds a portal app there with Vite).
const NPM_APP_PATH: &str = "/npm-app";

fn start_servers(ctx: &Ctx, www_port: u16, mount: Option<(String, PathBuf)>) -> Result<Running, String> {
    let config = standin::Config { log_requests: std::env::var_os("STANDIN_LOG").is_some(), ..standin::Config::default() };
    let standin = standin::spawn(config.clone());
    // What a real portal faces: Threat Response without a CORS grant for the portal's origin.
    // The demo's proxy forwards there (tests/e2e/portal-proxy.test.mjs).
    let standin_no_cors = standin::spawn(standin::Config { cors_enabled: false, ..config });
    let backend = serve::DemoBackend {
        standin_url: standin.url.clone(),
        proxy_upstream: standin_no_cors.url.clone(),
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: DEMO_CLIENT_SECRET.into(),
    };
    let www = serve::start(&ctx.root.join("www"), www_port, backend, mount)?;
    Ok(Running { standin, standin_no_cors, www, ext_dir: ctx.root.join("dist/extension"), npm: None })
}

fn demo(ctx: &Ctx, check: bool) -> Result<(), String> {
    setup::ensure_build_tools(ctx)?;
    if check {
        setup::ensure_browser()?;
    }
    build::wasm_package(ctx)?;
    let servers = start_servers(ctx, if check { 0 } else { 8080 }, None).or_else(|_| start_servers(ctx, 0, None))?;
    dist::extension(ctx, &servers.standin.url)?;
    if check {
        let out = ctx.root.join("target/demo");
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        return run(node(ctx, &servers).arg(ctx.root.join("tests/e2e/demo-check.mjs")).env("DEMO_OUT", &out));
    }
    println!();
    println!("  Threat Response stand-in:  {}", servers.standin.url);
    println!("  Demo page:                 {}/", servers.www.url);
    println!("  Portal demo:               {}/portal.html (token provider)", servers.www.url);
    println!("                             {}/portal-proxy.html (proxy mode, recommended)", servers.www.url);
    println!("  Extension (preconfigured): load {}/dist/extension as an unpacked extension", ctx.root.display());
    println!("                             (chrome://extensions → Developer mode → Load unpacked)");
    println!();
    println!("  Ctrl-C stops the demo.");
    loop {
        std::thread::park();
    }
}

/// Servers for a test run, and the extension built into a folder of this run's own
/// (`target/e2e/<pid>/extension`): two runs in one tree never load each other's copy.
fn test_servers(ctx: &Ctx) -> Result<Running, String> {
    let runs = ctx.root.join("target/e2e");
    let run_dir = runs.join(std::process::id().to_string());
    let mut servers = start_servers(ctx, 0, Some((NPM_APP_PATH.into(), run_dir.join("npm-app/dist"))))?;
    // Folders of earlier runs whose process is gone.
    if let Ok(entries) = std::fs::read_dir(&runs) {
        for e in entries.flatten() {
            let alive = e.file_name().to_str().is_some_and(|pid| Path::new("/proc").join(pid).exists());
            if !alive {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    servers.ext_dir = run_dir.join("extension");
    dist::extension_into(ctx, &servers.standin.url, &servers.ext_dir)?;
    Ok(servers)
}

/// Packs the npm package (`npm.rs`, as `cargo xtask package` does) into this run's folder for
/// tests/e2e/npm-package.test.mjs (about 1 s); the wasm package must be built.
fn with_npm_package(ctx: &Ctx, mut servers: Running) -> Result<Running, String> {
    let run_dir = servers.ext_dir.parent().ok_or("the run's folder")?.to_path_buf();
    let tgz = npm::pack(ctx, &package::version(ctx)?, &run_dir)?;
    servers.npm = Some((tgz, run_dir.join("npm-app")));
    Ok(servers)
}

/// `node --test` one file at a time, spec on stdout and TAP into this run's folder (report.rs).
fn node_test(ctx: &Ctx, servers: &Running, suite: &str) -> Command {
    let mut cmd = node(ctx, servers);
    cmd.args(["--test", "--test-concurrency=1"]);
    report::reporters(&mut cmd, &report::tap_path(&servers.ext_dir, suite));
    cmd
}

fn node(ctx: &Ctx, servers: &Running) -> Command {
    let mut cmd = Command::new("node");
    cmd.current_dir(&ctx.root)
        .env("STANDIN_URL", &servers.standin.url)
        .env("STANDIN_NOCORS_URL", &servers.standin_no_cors.url)
        .env("WWW_URL", &servers.www.url)
        .env("WWW_PORT", servers.www.port.to_string())
        .env("CHROMIUM", "/usr/bin/chromium")
        .env("EXT_DIR", &servers.ext_dir)
        .env("REPO_ROOT", &ctx.root);
    if let Some((tgz, app)) = &servers.npm {
        cmd.env("NPM_TGZ", tgz).env("NPM_APP_DIR", app).env("NPM_APP_PATH", format!("{NPM_APP_PATH}/"));
    }
    cmd
}

fn test(ctx: &Ctx) -> Result<(), String> {
    setup::ensure_build_tools(ctx)?;
    setup::ensure_browser()?;
    setup::ensure_firefox()?;
    let geckodriver = setup::ensure_geckodriver(ctx)?;
    // Lint first (issue 12): self-contained, rustfmt, clippy for both targets, ESLint.
    const LINT: &str = "lint (self-contained, rustfmt, clippy native + wasm32, ESLint)";
    println!("\n==== suite: {LINT} ====");
    let t = Instant::now();
    let linted = lint::run_all(ctx);
    let mut results: Vec<(&str, Result<(), String>, f64)> = vec![(LINT, linted, t.elapsed().as_secs_f64())];
    // The API contract's checks with the core's native client (issue 20.9), in this process
    // against a stand-in of its own, with the casebook round trip; never a response action.
    const CONFORMANCE: &str = "conformance (API contract checks against the stand-in, --write)";
    println!("\n==== suite: {CONFORMANCE} ====");
    let t = Instant::now();
    let conformed = conformance::standin_suite(true);
    results.push((CONFORMANCE, conformed, t.elapsed().as_secs_f64()));
    build::wasm_package(ctx)?;
    let servers = with_npm_package(ctx, test_servers(ctx)?)?;
    // A node suite's TAP file names its failed tests in the summary (report.rs).
    let mut suite = |name: &'static str, cmd: &mut Command| {
        println!("\n==== suite: {name} ====");
        let t = Instant::now();
        let r = report::run_named(cmd);
        results.push((name, r, t.elapsed().as_secs_f64()));
    };
    // --show-output prints the fault matrix table (tests/fault_matrix.rs).
    // The property tests run with a fixed seed here (`PROPTEST_RNG_SEED`, unless set), so the test command is
    // deterministic; `cargo xtask fuzz` explores with random seeds and many more cases.
    let seed = std::env::var("PROPTEST_RNG_SEED").unwrap_or_else(|_| "20261129".into());
    suite(
        "native (cargo test --workspace)",
        Command::new("cargo").args(["test", "--workspace", "--", "--show-output"]).env("PROPTEST_RNG_SEED", &seed).current_dir(&ctx.root),
    );
    suite(
        "wasm in Chromium (wasm-bindgen-test)",
        Command::new("cargo")
            .args(["test", "-p", "securex-respond", "--target", "wasm32-unknown-unknown", "--test", "browser*"])
            .env("STANDIN_URL", &servers.standin.url)
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env_remove("GECKODRIVER")
            .current_dir(&ctx.root),
    );
    suite("end-to-end (Playwright + chromium)", node_test(ctx, &servers, "chromium").arg("tests/e2e/"));
    // Firefox (issue 13): both packages built twice and compared, then the wasm suite through
    // geckodriver and the Firefox package end to end through WebDriver BiDi.
    // (In this process: a binary another run in the same tree rebuilt may be gone from disk.)
    const PACKAGES: &str = "packages (reproducible; Chrome/Edge + Firefox)";
    println!("\n==== suite: {PACKAGES} ====");
    let t = Instant::now();
    let packaged = (package::check(ctx), t.elapsed().as_secs_f64());
    suite(
        "wasm in Firefox (wasm-bindgen-test + geckodriver)",
        Command::new("cargo")
            .args(["test", "-p", "securex-respond", "--target", "wasm32-unknown-unknown", "--test", "browser*"])
            .env("STANDIN_URL", &servers.standin.url)
            .env("GECKODRIVER", &geckodriver)
            .env("GECKODRIVER_ARGS", format!("--binary {}", setup::FIREFOX))
            .env_remove("CHROMEDRIVER")
            .current_dir(&ctx.root),
    );
    suite("end-to-end in Firefox (WebDriver BiDi + firefox-esr)", &mut firefox_node(ctx, &servers, &["tests/e2e-firefox/"])?);
    results.insert(results.len() - 2, (PACKAGES, packaged.0, packaged.1));
    println!("\n==== summary ====");
    let mut failed = 0;
    for (name, r, secs) in &results {
        match r {
            Ok(()) => println!("{name}: ok ({secs:.0} s)"),
            Err(e) => {
                failed += 1;
                println!("{name}: FAILED ({secs:.0} s): {e}");
            }
        }
    }
    println!("suites: {} passed, {} failed", results.len() - failed, failed);
    for browser in ["Chromium", "Firefox"] {
        let mine: Vec<_> = results.iter().filter(|(n, _, _)| n.to_lowercase().contains(&browser.to_lowercase())).collect();
        let bad = mine.iter().filter(|(_, r, _)| r.is_err()).count();
        let secs: f64 = mine.iter().map(|(_, _, s)| s).sum();
        println!("{browser}: {} of {} suites passed ({secs:.0} s){}", mine.len() - bad, mine.len(), if bad == 0 { "" } else { ": FAILED" });
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} suite(s) failed"))
    }
}

/// Only the end-to-end suite, optionally only some of its files (the quick loop).
fn e2e(ctx: &Ctx, files: &[String]) -> Result<(), String> {
    setup::ensure_build_tools(ctx)?;
    setup::ensure_browser()?;
    build::wasm_package(ctx)?;
    let servers = with_npm_package(ctx, test_servers(ctx)?)?;
    let mut cmd = node_test(ctx, &servers, "chromium");
    if files.is_empty() {
        cmd.arg("tests/e2e/");
    } else {
        cmd.args(files);
    }
    report::run_named(&mut cmd)
}

/// The Firefox end-to-end command: node with WebSocket (BiDi), the packages `package --check`
/// built in this process (`package::check_dir`) and their version.
fn firefox_node(ctx: &Ctx, servers: &Running, files: &[&str]) -> Result<Command, String> {
    let mut cmd = node(ctx, servers);
    cmd.env("FIREFOX", setup::FIREFOX).env("PACKAGE_DIR", package::check_dir(ctx).join("a")).env("PACKAGE_VERSION", package::version(ctx)?).args([
        "--experimental-websocket",
        "--test",
        "--test-concurrency=1",
    ]);
    report::reporters(&mut cmd, &report::tap_path(&servers.ext_dir, "firefox"));
    cmd.args(files);
    Ok(cmd)
}

/// Only the Firefox suites' end-to-end part (the quick loop): packages, servers, the named files.
fn e2e_firefox(ctx: &Ctx, files: &[String]) -> Result<(), String> {
    setup::ensure_build_tools(ctx)?;
    setup::ensure_firefox()?;
    build::wasm_package(ctx)?;
    package::check(ctx)?;
    let servers = test_servers(ctx)?;
    let files: Vec<&str> = if files.is_empty() { vec!["tests/e2e-firefox/"] } else { files.iter().map(String::as_str).collect() };
    report::run_named(&mut firefox_node(ctx, &servers, &files)?)
}

/// The core's parser properties (`src/fuzz.rs`, 5 properties) with a large case count.
fn fuzz_parsers(ctx: &Ctx) -> Result<(), String> {
    let cases: u64 = std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(50_000);
    let t = Instant::now();
    run(Command::new("cargo").current_dir(&ctx.root).env("CARGO_TARGET_DIR", ctx.root.join("target/fuzz")).env("PROPTEST_CASES", cases.to_string()).args([
        "test",
        "--release",
        "--lib",
        "fuzz::",
    ]))?;
    println!("fuzz: parsers: 5 properties x {cases} cases = {} executions, no failure ({:.0} s)", 5 * cases, t.elapsed().as_secs_f64());
    Ok(())
}
