//! Native side of `cargo xtask bench` (see xtask/src/bench.rs).
//! `extract_bench <file> [--iters N]`: prints `MBps <x>` and per-type unique counts as JSON lines.
//! `extract_bench <file> --dump`: prints `type<TAB>value` for the deduplicated results.
//! `extract_bench <file> --dump-all`: prints `type<TAB>value<TAB>start<TAB>end<TAB>defanged<TAB>source-span`.
//! `extract_bench <file> --no-ext-rule`: dump without the file-extension rule (to measure it).
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: extract_bench <file> [--iters N|--dump|--dump-all]");
    let text = std::fs::read_to_string(path).expect("read corpus");
    let mode = args.get(2).map(String::as_str).unwrap_or("");
    match mode {
        "--dump" => {
            for f in securex_respond::extract::extract(&text) {
                println!("{}\t{}", f.kind, f.value);
            }
        }
        "--no-ext-rule" => {
            let all = securex_respond::extract::extract_all_without_ext_rule(&text);
            for f in securex_respond::extract::dedup(all) {
                println!("{}\t{}", f.kind, f.value);
            }
        }
        "--dump-all" => {
            for f in securex_respond::extract::extract_all(&text) {
                println!("{}\t{}\t{}\t{}\t{}\t{}", f.kind, f.value, f.start, f.end, f.defanged, &text[f.start..f.end]);
            }
        }
        _ => {
            let iters: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
            let mut best = f64::MAX;
            let mut n = 0;
            for _ in 0..iters {
                let t = Instant::now();
                let r = securex_respond::extract::extract_all(&text);
                let el = t.elapsed().as_secs_f64();
                n = r.len();
                best = best.min(el);
            }
            let mb = text.len() as f64 / 1e6;
            println!("{{\"engine\":\"native\",\"mb\":{mb:.3},\"seconds\":{best:.6},\"mbps\":{:.2},\"found\":{n}}}", mb / best);
        }
    }
}
