// "Scan this page", measured (issue 14, item 7), driven by `cargo xtask bench` (xtask/src/bench.rs):
//   node bench/scan-bench.mjs <extension dir>
// One Chromium (Debian's, headless) with the real extension loaded; generated pages served by
// Playwright's router on 127.0.0.1. For each page, side by side in the same browser:
//   - ours: the worker's scan (collect text nodes → wasm core → CSS highlights, first for the
//     text in the window, then for the whole page, each until the frame after its highlights
//     were registered: `firstMs`, `drawnMs`), then the panel's list;
//   - the straightforward approach: a JavaScript regex per text node, matches wrapped in <span>s
//     (TreeWalker, splitText-free rebuild of each matching node), until two animation frames.
//   - the floor (floorProbe): the cheapest form of each step a scan that returns the page's text
//     to the worker cannot skip, each measured alone on a fresh tab.
// They take turns, run by run, so all see the same load on the machine. Memory: the page's
// JS heap and DOM node count after minus before (CDP Performance metrics; the extension's
// isolated world lives in the page's heap). Prints one JSON line per result, and the load
// average before and after each page.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXT = process.argv[2];
const RUNS = Number(process.env.SCAN_BENCH_RUNS || 3);
const ORIGIN = 'http://127.0.0.1:9/bench/';

// ---------- pages (deterministic) ----------

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const WORDS = ('the of and to in that is was for on are with as be at by this had from or have not but what all were when we there can an ' +
  'which their if do will each about how up out them then she many some so these would other into has more her two like him see time could ' +
  'no make than first been its who now people my made over did down only way find use may water long little very after words called just where ' +
  'most know get through back much before go good new write our used me man too any day same right look think also around another came come ' +
  'work three word must because does part even place well such here take why things help put years different away again off went old number').split(' ');
function indicator(r, i) {
  switch (i % 5) {
    case 0: return `198.${51 + (i % 3)}.${(i >> 8) & 255}.${i & 255}`;
    case 1: return `host${i}.example-${i % 97}.com`;
    case 2: return `hxxps://cdn${i}[.]example.net/p/${i}.js`;
    case 3: return Array.from({ length: 64 }, (_, k) => '0123456789abcdef'[(i * 7 + k * 13 + Math.floor(r() * 16)) & 15]).join('');
    default: return `evil${i}[.]org`;
  }
}
function prose(r, chars) {
  let s = '';
  while (s.length < chars) s += WORDS[Math.floor(r() * WORDS.length)] + ' ';
  return s;
}

/** `nodes` paragraphs of about `perNode` characters; every `every`-th carries an indicator. */
function page(nodes, perNode, every) {
  const r = rng(nodes * 31 + every);
  const parts = ['<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>'];
  let n = 0;
  for (let i = 0; i < nodes; i++) {
    let t = prose(r, perNode);
    // Between two words (an indicator glued to a word, like "be198.51.0.7", is no indicator).
    const cut = t.lastIndexOf(' ', perNode >> 1) + 1;
    if (i % every === 0) t = `${t.slice(0, cut)}${indicator(r, n++)} ${t.slice(cut)}`;
    parts.push(`<p>${t}</p>`);
  }
  parts.push('</body></html>');
  return { html: parts.join('\n'), indicators: n };
}

const PAGES = {
  '5 MB, 50,000 text nodes': page(50_000, 100, 25),
  '10,000 indicators': page(20_000, 60, 2),
  '12 MB (over the 8,000,000-character limit)': page(100_000, 120, 50),
};

// ---------- the straightforward approach (runs in the page) ----------

function naive() {
  const t0 = performance.now();
  const re = /\b(?:(?:\d{1,3}\.){3}\d{1,3}|[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32}|hxxps?:\/\/[^\s<]+|https?:\/\/[^\s<]+|(?:[a-z0-9-]+(?:\.|\[\.\]))+(?:com|net|org|io|ru|cn|info|de|uk))\b/gi;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement && !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(n.parentElement.tagName) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  let found = 0;
  for (const n of nodes) {
    const text = n.data;
    re.lastIndex = 0;
    let m;
    let last = 0;
    let frag = null;
    while ((m = re.exec(text))) {
      frag ??= document.createDocumentFragment();
      frag.append(text.slice(last, m.index));
      const span = document.createElement('span');
      span.className = 'ioc';
      span.style.background = '#fca5a5';
      span.textContent = m[0];
      frag.append(span);
      last = m.index + m[0].length;
      found++;
    }
    if (frag) {
      frag.append(text.slice(last));
      n.replaceWith(frag);
    }
  }
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t0, found }))));
}

// ---------- the floor: what any scan that returns the text to the worker pays ----------

/**
 * In the worker, on a freshly loaded tab: the cheapest forms of the steps a scan cannot skip,
 * each alone. `roundtrip`: an executeScript that does nothing. `walk`: the first visit of every
 * element and text node from the extension's world, reading only what a walk must (node type,
 * tag, text length), nothing returned. `transfer`: the page's whole text (read natively by
 * textContent, no walk) returned to the worker, minus the read and the roundtrip. `frame`: one
 * `::highlight` rule and one highlighted range, until the frame after them (the restyle any
 * highlight costs). Runs in the worker: `probe` is serialised by Playwright, so self-contained.
 */
async function floorProbe(tabId) {
  const run = async (func) => {
    const t0 = performance.now();
    const [r] = await chrome.scripting.executeScript({ target: { tabId }, func });
    return { total: performance.now() - t0, ...r.result };
  };
  const roundtrip = (await run(() => ({ inner: 0 }))).total;
  const walk = await run(() => {
    const t0 = performance.now();
    let len = 0;
    const visit = (el) => {
      for (let c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) len += c.data.length;
        else if (c.nodeType === 1 && c.localName !== 'script') visit(c);
      }
    };
    visit(document.documentElement);
    return { inner: performance.now() - t0, len };
  });
  const transfer = await run(() => {
    const t0 = performance.now();
    const text = document.documentElement.textContent;
    return { inner: performance.now() - t0, text };
  });
  const frame = await run(() => new Promise((resolve) => {
    const t0 = performance.now();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('html::highlight(sxr-floor) { background-color: #fca5a5 }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const n = w.nextNode();
    const r = new Range();
    r.setStart(n, 0);
    r.setEnd(n, Math.min(4, n.length));
    CSS.highlights.set('sxr-floor', new Highlight(r));
    requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => resolve({ inner: performance.now() - t0 }); c.port2.postMessage(0); });
  }));
  return {
    roundtrip,
    walk: walk.inner,
    transfer: transfer.total - transfer.inner - roundtrip,
    textLength: transfer.text.length,
    frame: frame.inner,
  };
}

// ---------- harness ----------

const dir = mkdtempSync(join(tmpdir(), 'sxr-bench-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium', headless: true, ignoreDefaultArgs: ['--disable-extensions'],
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-default-apps', '--disable-dev-shm-usage', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
await worker.evaluate(async () => { await globalThis.__sxr.status(); });
let n = 0;
await context.route((u) => u.href.startsWith(ORIGIN), (route) => {
  const name = decodeURIComponent(new URL(route.request().url()).pathname.slice('/bench/'.length));
  return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGES[name].html });
});

async function open(name) {
  const p = await context.newPage();
  const url = `${ORIGIN}${encodeURIComponent(name)}?n=${n++}`;
  await p.goto(url, { timeout: 120000 });
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const cdp = await context.newCDPSession(p);
  await cdp.send('Performance.enable');
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0].id, url);
  return { p, cdp, tabId };
}

async function metrics(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  return { heap: m.JSHeapUsedSize, nodes: m.Nodes };
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const sum = (a, b) => (a ?? 0) + (b ?? 0);
console.log(JSON.stringify({ loadavg: os.loadavg() }));
for (const name of Object.keys(PAGES).filter((k) => !process.env.SCAN_BENCH_PAGE || k.startsWith(process.env.SCAN_BENCH_PAGE))) {
  const bytes = Buffer.byteLength(PAGES[name].html);
  const ours = { first: [], view: [], walk: [], drawn: [], extracted: [], collected: [], list: [], heap: [], nodes: [], transfer: [], core: [], draw: [], visible: [] };
  const plain = { ms: [], heap: [], nodes: [], found: 0 };
  const floor = { roundtrip: [], walk: [], transfer: [], frame: [] };
  let found = 0;
  let occurrences = 0;
  let notices = [];
  let r0;
  // Ours and the regex take turns (ours, regex, ours, …), so both see the same load.
  for (let i = 0; i < RUNS; i++) {
    const { p, cdp, tabId } = await open(name);
    const before = await metrics(cdp);
    const r = await worker.evaluate((id) => globalThis.__sxr.scanTab(id), tabId);
    const after = await metrics(cdp);
    await p.close();
    {
      const { p: q, cdp: c } = await open(name);
      const b = await metrics(c);
      const n = await q.evaluate(naive);
      const a = await metrics(c);
      plain.ms.push(n.ms);
      plain.found = n.found;
      plain.heap.push(a.heap - b.heap);
      plain.nodes.push(a.nodes - b.nodes);
      await q.close();
    }
    {
      const { p: q, tabId: t } = await open(name);
      const f = await worker.evaluate(`(${floorProbe.toString()})(${t})`);
      for (const k of Object.keys(floor)) floor[k].push(f[k]);
      await q.close();
    }
    // The panel's list: the gesture's handler (scan, then the panel's window) until the panel
    // shows its first rows; both ends read the wall clock where they happen (worker, panel).
    const second = await open(name);
    const opened = context.waitForEvent('page', { predicate: (q) => q.url().includes('/scan.html'), timeout: 120000 });
    const clickAt = await worker.evaluate(async (id) => {
      const at = performance.timeOrigin + performance.now();
      await globalThis.__sxr.openScan(id);
      return at;
    }, second.tabId);
    const panel = await opened;
    await panel.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
    const shownAt = await panel.evaluate(() => performance.timeOrigin + performance.getEntriesByName('sxr-list-shown')[0].startTime);
    await panel.close();
    await second.p.close();
    r0 = r;
    const t = r.timings;
    ours.walk.push(t.walk);
    ours.drawn.push(t.drawn);
    ours.extracted.push(t.extracted);
    ours.collected.push(t.collected);
    ours.first.push(t.first ?? t.drawn);
    ours.view.push(t.view);
    ours.transfer.push(t.collected - sum(t.view, sum(t.walk, t.join)));
    ours.core.push(t.extracted - t.collected);
    ours.draw.push(t.drawn - t.extracted);
    ours.visible.push(t.visible);
    ours.list.push(shownAt - clickAt);
    ours.heap.push(after.heap - before.heap);
    ours.nodes.push(after.nodes - before.nodes);
    found = r.scan.observables.length;
    occurrences = r.ranges.length / 5;
    notices = r.scan.notices;
  }
  console.log(JSON.stringify({
    page: name, bytes, runs: RUNS, indicatorsPlanted: PAGES[name].indicators,
    ours: { breakdown: r0.timings, walkMs: median(ours.walk), collectedMs: median(ours.collected), extractedMs: median(ours.extracted), drawnMs: median(ours.drawn), panelListMs: median(ours.list),
      firstMs: median(ours.first), firstAll: ours.first.map(Math.round), viewMs: median(ours.view), transferMs: median(ours.transfer), coreMs: median(ours.core), drawMs: median(ours.draw), visibleMs: median(ours.visible), drawnAll: ours.drawn.map(Math.round),
      heapBytes: median(ours.heap), domNodesAdded: median(ours.nodes), observables: found, occurrences, notices },
    floor: { roundtripMs: median(floor.roundtrip), walkMs: median(floor.walk), transferMs: median(floor.transfer), frameMs: median(floor.frame) },
    naive: { drawnMs: median(plain.ms), drawnAll: plain.ms.map(Math.round), heapBytes: median(plain.heap), domNodesAdded: median(plain.nodes), matches: plain.found },
  }));
  console.log(JSON.stringify({ loadavg: os.loadavg() }));
}
await context.close();
rmSync(dir, { recursive: true, force: true });
