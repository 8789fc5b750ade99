// Side-by-side benchmark, driven by `cargo xtask bench` (xtask/src/bench.rs):
//   node bench/bench.mjs <target/bench dir>
// Loads target/bench/corpus.txt, the wasm-bindgen package in target/bench/pkg, and ioc-extractor (refang on) in
// the same process; prints one JSON line per result; writes values only one side found to target/bench/only-*.txt.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { extractIOC } from "ioc-extractor";

const dir = process.argv[2];
const require = createRequire(import.meta.url);
const engine = require(join(dir, "pkg", "securex_respond.js"));
const corpus = readFileSync(join(dir, "corpus.txt"), "utf8");
const mb = Buffer.byteLength(corpus) / 1e6;

function best(fn, iters) {
  let t = Infinity, r;
  for (let i = 0; i < iters; i++) {
    const s = process.hrtime.bigint();
    r = fn();
    const e = Number(process.hrtime.bigint() - s) / 1e9;
    if (e < t) t = e;
  }
  return [t, r];
}

const [tw, ours] = best(() => engine.extract(corpus, false), 5);
console.log(JSON.stringify({ engine: "wasm", mb, seconds: tw, mbps: mb / tw, found: ours.length }));
const [ti, theirs] = best(() => extractIOC(corpus, { refang: true }), 2);
console.log(JSON.stringify({ engine: "ioc-extractor", mb, seconds: ti, mbps: mb / ti }));

// Per-type unique values, ioc-extractor's keys mapped to CTIM types.
const map = { ipv4s: "ip", ipv6s: "ipv6", domains: "domain", urls: "url", emails: "email", md5s: "md5", sha1s: "sha1",
  sha256s: "sha256", macAddresses: "mac_address" };
const mine = {};
for (const f of ours) (mine[f.type] ??= new Set()).add(f.value);
const norm = (t, v) => (t === "url" ? v : v.toLowerCase());
for (const [k, t] of Object.entries(map)) {
  const a = mine[t] ?? new Set();
  const b = new Set((theirs[k] ?? []).map((v) => norm(t, v)));
  const onlyA = [...a].filter((v) => !b.has(v));
  const onlyB = [...b].filter((v) => !a.has(v));
  writeFileSync(join(dir, `only-ours-${t}.txt`), onlyA.join("\n") + "\n");
  writeFileSync(join(dir, `only-ioc-extractor-${t}.txt`), onlyB.join("\n") + "\n");
  console.log(JSON.stringify({ counts: t, ours: a.size, iocExtractor: b.size, both: a.size - onlyA.length,
    onlyOurs: onlyA.length, onlyIocExtractor: onlyB.length }));
}

// Adversarial scaling (wasm): files written by the xtask.
for (const name of (process.env.ADV_NAMES ?? "").split(",").filter(Boolean)) {
  for (const k of [1, 4, 16]) {
    const p = join(dir, `adv-${name}-${k}.txt`);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, "utf8");
    const [t] = best(() => engine.extract(text, true), 3);
    const m = Buffer.byteLength(text) / 1e6;
    console.log(JSON.stringify({ adversarial: name, engine: "wasm", k, mb: m, msPerMb: (t * 1000) / m }));
  }
}
