//! `cargo xtask fuzz`: long run of the extraction engine's fuzz properties (`tests/extract_fuzz.rs`, proptest on
//! stable Rust; cargo-fuzz/libFuzzer would need nightly).
//!
//! Runs `cargo test --release --test extract_fuzz` with `PROPTEST_CASES` = `FUZZ_CASES` (default 200 000 per
//! property, 3 properties) in its own target dir (`target/fuzz`). With `FUZZ_SECONDS=<s>` it instead repeats
//! rounds of `FUZZ_CASES` (default then 20 000) with fresh random seeds until the time is spent. Prints the
//! executions of every round and the total; a failing property prints its minimised input and fails the run.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn round(root: &Path, cases: u64) -> Result<u64, String> {
    let out = Command::new("cargo")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target/fuzz"))
        .env("PROPTEST_CASES", cases.to_string())
        .args(["test", "--release", "--test", "extract_fuzz", "--", "--test-threads=1", "--nocapture"])
        .output()
        .map_err(|e| format!("cargo test: {e}"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err(format!("extract_fuzz failed:\n{text}"));
    }
    // `extract_fuzz: total-so-far <n> executions`, printed by the last test of the (serial) run.
    let execs = text
        .lines()
        .filter_map(|l| l.split("extract_fuzz: total-so-far ").nth(1))
        .filter_map(|r| r.split_whitespace().next()?.parse::<u64>().ok())
        .next_back()
        .unwrap_or(0);
    Ok(execs)
}

pub fn run(root: &Path) -> Result<(), String> {
    let secs: Option<u64> = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok());
    let env_cases: Option<u64> = std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok());
    let t0 = Instant::now();
    let mut total = 0u64;
    let mut rounds = 0u32;
    match secs {
        None => {
            let cases = env_cases.unwrap_or(200_000);
            println!("xtask fuzz: {cases} cases per property…");
            total = round(root, cases)?;
            rounds = 1;
        }
        Some(s) => {
            let cases = env_cases.unwrap_or(20_000);
            println!("xtask fuzz: rounds of {cases} cases per property for {s} s…");
            while t0.elapsed().as_secs() < s {
                let n = round(root, cases)?;
                rounds += 1;
                total += n;
                println!("xtask fuzz: round {rounds}: {n} executions ({:.0} s)", t0.elapsed().as_secs_f64());
            }
        }
    }
    println!("xtask fuzz: {total} executions in {rounds} round(s), {:.0} s, no failure", t0.elapsed().as_secs_f64());
    Ok(())
}
