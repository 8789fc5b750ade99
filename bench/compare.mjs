// Side-by-side throughput of several wasm-bindgen (--target nodejs) builds of the engine and ioc-extractor, in
// one process, interleaved rounds (the machine is shared: compare within one run, never across runs):
//   node bench/compare.mjs <corpus.txt> <label>=<pkg dir> [<label>=<pkg dir> ...] [--rounds N] [--all]
// `--all` times extract(text, true) (every occurrence) instead of the deduplicated default.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve, join } from "node:path";
import { extractIOC } from "ioc-extractor";

const args = process.argv.slice(2);
const corpus = readFileSync(args[0], "utf8");
const mb = Buffer.byteLength(corpus) / 1e6;
let rounds = 5;
const all = args.includes("--all");
const require = createRequire(import.meta.url);
const engines = [];
for (let i = 1; i < args.length; i++) {
  if (args[i] === "--rounds") { rounds = Number(args[++i]); continue; }
  if (args[i].startsWith("--")) continue;
  const [label, dir] = args[i].split("=");
  const m = require(join(resolve(dir), "securex_respond.js"));
  engines.push({ label, run: () => m.extract(corpus, all), best: Infinity, found: 0 });
}
engines.push({ label: "ioc-extractor", run: () => extractIOC(corpus, { refang: true }), best: Infinity, found: 0,
  every: 3 });
for (let r = 0; r < rounds; r++) {
  for (const e of engines) {
    if (e.every && r % e.every !== 0) continue;
    const s = process.hrtime.bigint();
    const out = e.run();
    const t = Number(process.hrtime.bigint() - s) / 1e9;
    e.best = Math.min(e.best, t);
    e.found = Array.isArray(out) ? out.length : Object.values(out).reduce((a, v) => a + v.length, 0);
  }
}
const ioc = engines.at(-1);
for (const e of engines) {
  console.log(JSON.stringify({ engine: e.label, mbps: +(mb / e.best).toFixed(2), ratio: +(ioc.best / e.best).toFixed(1),
    found: e.found }));
}
