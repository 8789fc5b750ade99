//! `cargo xtask bench`: the extraction engine side by side with ioc-extractor (npm, used by Mitaka).
//!
//! 1. Builds a deterministic ≥ 5 MB corpus from `tests/data` (ESET write-ups as published, the same text
//!    refanged by plain string replacement, the ioc-fanger pair; repeated to size) → `target/bench/corpus.txt`.
//! 2. Writes adversarial inputs at 1×/4×/16× of 1 MB → `target/bench/adv-<name>-<k>.txt`.
//! 3. Native: `examples/extract_bench.rs` built with `--release` (opt-level 3 override: the workspace release
//!    profile is `z` for the wasm bundle) into `target/bench/native`.
//! 4. Wasm: `cargo build --release --target wasm32-unknown-unknown --lib` (the shipped profile) +
//!    `wasm-bindgen --target nodejs` → `target/bench/pkg`, then `wasm-opt -Oz` with the flags of
//!    `cargo xtask build` (when `node_modules/.bin/wasm-opt` exists), so the module measured and its size are what
//!    ships; sizes raw and gzip before and after wasm-opt.
//! 5. `node bench/bench.mjs` runs the wasm engine and ioc-extractor (refang on) in one process, prints per-type
//!    unique counts and writes values only one side found to `target/bench/only-*.txt`.
//!
//! No dependencies: shells out to cargo, wasm-bindgen, npm, node and gzip.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const CORPUS_MIN: usize = 5 * 1024 * 1024;
const ADV_UNIT: usize = 1024 * 1024;

fn sh(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn field(json: &str, key: &str) -> Option<f64> {
    let k = format!("\"{key}\":");
    let at = json.find(&k)? + k.len();
    let rest = &json[at..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

fn sfield<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let k = format!("\"{key}\":\"");
    let at = json.find(&k)? + k.len();
    let end = json[at..].find('"')?;
    Some(&json[at..at + end])
}

/// Simple refang of the ESET text (the engine's own refang is what is being measured, so not used here).
fn simple_refang(s: &str) -> String {
    s.replace("[.]", ".").replace("[:]", ":").replace("hxxp", "http").replace("hXXp", "http")
}

fn build_corpus(data: &Path) -> Result<String, String> {
    let read = |p: &str| fs::read_to_string(data.join(p)).map_err(|e| format!("{p}: {e}"));
    let eset = read("eset-malware-ioc/write-ups.adoc")?;
    let mut unit = String::new();
    unit.push_str(&eset);
    unit.push('\n');
    unit.push_str(&simple_refang(&eset));
    unit.push('\n');
    unit.push_str(&read("ioc-fanger/sample_text_defanged.txt")?);
    unit.push('\n');
    unit.push_str(&read("ioc-fanger/sample_text_fanged.txt")?);
    unit.push('\n');
    let mut corpus = String::with_capacity(CORPUS_MIN + unit.len());
    while corpus.len() < CORPUS_MIN {
        corpus.push_str(&unit);
    }
    Ok(corpus)
}

/// (name, unit repeated to 1 MB); `no-whitespace` is the corpus with all whitespace removed.
fn adversarial(corpus: &str) -> Vec<(&'static str, String)> {
    let rep = |u: &str| u.repeat(ADV_UNIT / u.len() + 1)[..ADV_UNIT].to_string();
    let nows: String = corpus.chars().filter(|c| !c.is_whitespace()).take(ADV_UNIT).collect();
    vec![
        ("dotted-run", rep("a.")),
        ("dotted-digits", rep("1.")),
        ("at-dot-run", rep("@.")),
        ("at-run", rep("a@")),
        ("bracket-dots", rep("[.]")),
        ("defanged-labels", rep("ab[.]")),
        ("scheme-chain", rep("http://")),
        ("no-whitespace", nows),
    ]
}

pub fn run(root: &Path) -> Result<(), String> {
    let out = root.join("target/bench");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let data = root.join("tests/data");
    let corpus = build_corpus(&data)?;
    fs::write(out.join("corpus.txt"), &corpus).map_err(|e| e.to_string())?;
    println!("corpus: {:.2} MB → {}", corpus.len() as f64 / 1e6, out.join("corpus.txt").display());
    let adv = adversarial(&corpus);
    let mut adv_names = Vec::new();
    for (name, unit) in &adv {
        for k in [1usize, 4, 16] {
            fs::write(out.join(format!("adv-{name}-{k}.txt")), unit.repeat(k)).map_err(|e| e.to_string())?;
        }
        adv_names.push(*name);
    }

    // Native
    println!("building native bench (release, opt-level 3)…");
    sh(Command::new("cargo").current_dir(root).env("CARGO_TARGET_DIR", out.join("native")).env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "3").args([
        "build",
        "--release",
        "--example",
        "extract_bench",
    ]))?;
    let bin: PathBuf = out.join("native/release/examples/extract_bench");
    let native = sh(Command::new(&bin).arg(out.join("corpus.txt")).args(["--iters", "5"]))?;
    let native_mbps = field(&native, "mbps").ok_or("native output")?;
    let mut native_adv = Vec::new();
    for name in &adv_names {
        for k in [1usize, 4, 16] {
            let p = out.join(format!("adv-{name}-{k}.txt"));
            let r = sh(Command::new(&bin).arg(&p).args(["--iters", "3"]))?;
            let (mb, s) = (field(&r, "mb").unwrap_or(0.0), field(&r, "seconds").unwrap_or(0.0));
            native_adv.push((name.to_string(), k, s * 1000.0 / mb));
        }
    }

    // Wasm
    println!("building wasm (shipped release profile) + wasm-bindgen…");
    let wasm_target = out.join("wasm");
    sh(Command::new("cargo").current_dir(root).env("CARGO_TARGET_DIR", &wasm_target).args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
    ]))?;
    let wasm = wasm_target.join("wasm32-unknown-unknown/release/securex_respond.wasm");
    let bindgen = std::env::var("WASM_BINDGEN").unwrap_or_else(|_| "wasm-bindgen".into());
    sh(Command::new(bindgen).args(["--target", "nodejs", "--out-dir"]).arg(out.join("pkg")).arg(&wasm))?;
    // The generated glue is CommonJS; a `"type": "module"` package.json higher up would make Node misread it.
    fs::write(out.join("pkg/package.json"), "{\"type\": \"commonjs\"}\n").map_err(|e| e.to_string())?;
    let bg = out.join("pkg/securex_respond_bg.wasm");
    let sizes = |p: &Path| -> Result<(u64, u64), String> {
        let raw = fs::metadata(p).map_err(|e| e.to_string())?.len();
        let gz = sh(Command::new("sh").arg("-c").arg(format!("gzip -9 -c '{}' | wc -c", p.display())))?;
        Ok((raw, gz.trim().parse().unwrap_or(0)))
    };
    let (raw, gz) = sizes(&bg)?;
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let opt_sizes = if wasm_opt.exists() {
        sh(Command::new(&wasm_opt)
            .args(["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext"])
            .arg("--enable-mutable-globals")
            .arg("--enable-simd")
            .arg(&bg)
            .arg("-o")
            .arg(&bg))?;
        Some(sizes(&bg)?)
    } else {
        None
    };
    let tlds = fs::metadata(root.join("src/extract/tlds.txt")).map(|m| m.len()).unwrap_or(0);

    // Node
    let bench_dir = root.join("bench");
    if !bench_dir.join("node_modules/ioc-extractor").exists() {
        println!("installing bench/ node modules…");
        let lock = bench_dir.join("package-lock.json").exists();
        sh(Command::new("npm").current_dir(&bench_dir).args(if lock {
            vec!["ci", "--no-audit", "--no-fund"]
        } else {
            vec!["install", "--no-audit", "--no-fund"]
        }))?;
    }
    println!("running node bench (wasm engine and ioc-extractor in one process)…");
    let node = sh(Command::new("node").current_dir(&bench_dir).env("ADV_NAMES", adv_names.join(",")).arg("bench.mjs").arg(&out))?;
    let mut wasm_mbps = 0.0;
    let mut ioc_mbps = 0.0;
    let mut counts = Vec::new();
    let mut wasm_adv = Vec::new();
    for line in node.lines() {
        match sfield(line, "engine") {
            Some("wasm") if line.contains("\"adversarial\"") => wasm_adv.push((
                sfield(line, "adversarial").unwrap_or("").to_string(),
                field(line, "k").unwrap_or(0.0) as usize,
                field(line, "msPerMb").unwrap_or(0.0),
            )),
            Some("wasm") => wasm_mbps = field(line, "mbps").unwrap_or(0.0),
            Some("ioc-extractor") => ioc_mbps = field(line, "mbps").unwrap_or(0.0),
            _ => {
                if let Some(t) = sfield(line, "counts") {
                    counts.push((
                        t.to_string(),
                        field(line, "ours").unwrap_or(0.0) as u64,
                        field(line, "iocExtractor").unwrap_or(0.0) as u64,
                        field(line, "both").unwrap_or(0.0) as u64,
                    ));
                }
            }
        }
    }

    println!("\n== throughput on {:.2} MB corpus ==", corpus.len() as f64 / 1e6);
    println!("{:<28} {:>10} {:>14}", "engine", "MB/s", "× ioc-extractor");
    let ratio = |x: f64| if ioc_mbps > 0.0 { x / ioc_mbps } else { 0.0 };
    println!("{:<28} {:>10.1} {:>14.1}", "native (this engine)", native_mbps, ratio(native_mbps));
    println!("{:<28} {:>10.1} {:>14.1}", "wasm in Node (this engine)", wasm_mbps, ratio(wasm_mbps));
    println!("{:<28} {:>10.2} {:>14.1}", "ioc-extractor 8.2.0 refang", ioc_mbps, 1.0);
    println!("\n== unique values per type (only-* files in target/bench/) ==");
    println!("{:<12} {:>8} {:>14} {:>8}", "type", "ours", "ioc-extractor", "both");
    for (t, a, b, both) in &counts {
        println!("{t:<12} {a:>8} {b:>14} {both:>8}");
    }
    println!("\n== adversarial scaling (ms per MB at 1×/4×/16× of 1 MB) ==");
    println!("{:<18} {:>26} {:>26}", "input", "native", "wasm");
    for name in &adv_names {
        let fmt = |v: &Vec<(String, usize, f64)>| v.iter().filter(|(n, _, _)| n == name).map(|(_, _, ms)| format!("{ms:.2}")).collect::<Vec<_>>().join(" / ");
        println!("{name:<18} {:>26} {:>26}", fmt(&native_adv), fmt(&wasm_adv));
    }
    println!(
        "\n== wasm bundle (whole crate incl. the core; tlds.txt is {tlds} bytes) ==\nafter wasm-bindgen: {raw} bytes raw, \
         {gz} bytes gzip -9"
    );
    match opt_sizes {
        Some((r, g)) => println!("after wasm-opt -Oz (shipped, measured above): {r} bytes raw, {g} bytes gzip -9"),
        None => println!("wasm-opt not found in node_modules/.bin (npm ci at the root): module measured unoptimised"),
    }
    Ok(())
}

// ---------- "Scan this page" (issue 14, item 7) ----------

/// The scan section: builds the wasm package and a dev copy of the extension into
/// `target/bench/extension`, then `node bench/scan-bench.mjs` runs ours and the straightforward
/// approach (a JavaScript regex per text node wrapping matches in `<span>`s) side by side in one
/// headless Chromium on generated pages, and prints the table (medians of `SCAN_BENCH_RUNS`, 3).
/// `cargo xtask bench scan` runs this section alone.
pub fn scan(ctx: &crate::ctx::Ctx) -> Result<(), String> {
    crate::setup::ensure_build_tools(ctx)?;
    crate::setup::ensure_browser()?;
    crate::build::wasm_package(ctx)?;
    let ext = ctx.root.join("target/bench/extension");
    crate::dist::extension_into(ctx, "http://127.0.0.1:9", &ext)?;
    println!("running the scan bench in headless Chromium (ours and the straightforward approach, same browser)…");
    let out = sh(Command::new("node").current_dir(&ctx.root).arg("bench/scan-bench.mjs").arg(&ext))?;
    println!("\n== scan this page: click → first highlights (the window), → all highlights, → panel list; memory (medians) ==");
    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>12} {:>11} {:>12} {:>12} {:>9}",
        "page", "ours: 1st", "ours: all", "naive: hl", "× (all)", "ours: list", "ours: heap", "naive: heap", "naive +DOM"
    );
    for line in out.lines() {
        if line.contains("\"loadavg\":") {
            println!("    load average (1, 5, 15 min): {}", line.trim_start_matches("{\"loadavg\":").trim_end_matches('}'));
            continue;
        }
        if !line.contains("\"page\":") {
            continue;
        }
        let page = sfield(line, "page").unwrap_or("?");
        let ours = &line[line.find("\"ours\":").unwrap_or(0)..line.find("\"floor\":").unwrap_or(line.len())];
        let floor = &line[line.find("\"floor\":").unwrap_or(0)..line.find("\"naive\":").unwrap_or(line.len())];
        let naive = &line[line.find("\"naive\":").unwrap_or(0)..];
        let (first, hl, list, heap) = (
            field(ours, "firstMs").unwrap_or(0.0),
            field(ours, "drawnMs").unwrap_or(0.0),
            field(ours, "panelListMs").unwrap_or(0.0),
            field(ours, "heapBytes").unwrap_or(0.0),
        );
        let (nhl, nheap, nodes) =
            (field(naive, "drawnMs").unwrap_or(0.0), field(naive, "heapBytes").unwrap_or(0.0), field(naive, "domNodesAdded").unwrap_or(0.0));
        println!(
            "{page:<44} {:>8.0}ms {:>8.0}ms {:>8.0}ms {:>11.1}× {:>9.0}ms {:>10.1}MB {:>10.1}MB {:>9.0}",
            first,
            hl,
            nhl,
            if hl > 0.0 { nhl / hl } else { 0.0 },
            list,
            heap / 1e6,
            nheap / 1e6,
            nodes
        );
        println!(
            "    ours: first pass {:.0} ms, text walk {:.0} ms, text back in the worker {:.0} ms, core {:.0} ms, ranges and frame {:.0} ms, then visibility (styles read, core) {:.0} ms; {} observables, {} occurrences, {} DOM nodes added{}",
            field(ours, "viewMs").unwrap_or(0.0),
            field(ours, "walkMs").unwrap_or(0.0),
            field(ours, "transferMs").unwrap_or(0.0),
            field(ours, "coreMs").unwrap_or(0.0),
            field(ours, "drawMs").unwrap_or(0.0),
            field(ours, "visibleMs").unwrap_or(0.0),
            field(ours, "observables").unwrap_or(0.0),
            field(ours, "occurrences").unwrap_or(0.0),
            field(ours, "domNodesAdded").unwrap_or(0.0),
            if line.contains("\"notices\":[\"") { "; the panel says: page cut at the limit" } else { "" }
        );
        let steps = [
            field(floor, "roundtripMs").unwrap_or(0.0),
            field(floor, "walkMs").unwrap_or(0.0),
            field(floor, "transferMs").unwrap_or(0.0),
            field(floor, "frameMs").unwrap_or(0.0),
        ];
        println!(
            "    floor, each step alone in its cheapest form: an empty executeScript {:.0} ms, a bare walk {:.0} ms, the text to the worker {:.0} ms, one highlight's frame {:.0} ms; sum {:.0} ms (the regex ÷ 10: {:.0} ms)",
            steps[0],
            steps[1],
            steps[2],
            steps[3],
            steps.iter().sum::<f64>(),
            nhl / 10.0
        );
    }
    Ok(())
}

// ---------- the respond view's first paint (issue 25, item 5) ----------

/// Gesture → observables in the respond view for a first start (just after the browser
/// started), a cold start (the worker stopped) and a warm one, in headless Chromium with a dev
/// copy of the extension (`bench/respond-bench.mjs`; `RESPOND_BENCH_RUNS`, 5). A printed table
/// only: no test asserts a wall-clock time. `cargo xtask bench respond` runs this section alone.
pub fn respond(ctx: &crate::ctx::Ctx) -> Result<(), String> {
    crate::setup::ensure_build_tools(ctx)?;
    crate::setup::ensure_browser()?;
    crate::build::wasm_package(ctx)?;
    let ext = ctx.root.join("target/bench/extension");
    crate::dist::extension_into(ctx, "http://127.0.0.1:9", &ext)?;
    println!("running the respond bench in headless Chromium (gesture → observables)…");
    let out = sh(Command::new("node").current_dir(&ctx.root).arg("bench/respond-bench.mjs").arg(&ext))?;
    println!("\n== respond view: context-menu gesture → observables listed (median, and each run) ==");
    println!("{:<8} {:>10}   runs", "start", "median");
    for line in out.lines().filter(|l| l.contains("\"start\":")) {
        let runs = line.split("\"ms\":[").nth(1).and_then(|r| r.split(']').next()).unwrap_or("");
        println!("{:<8} {:>8.0}ms   {runs}", sfield(line, "start").unwrap_or("?"), field(line, "medianMs").unwrap_or(0.0));
    }
    Ok(())
}
