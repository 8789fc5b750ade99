// The respond view's first paint (issue 25, item 5), driven by `cargo xtask bench respond`
// (xtask/src/bench.rs): node bench/respond-bench.mjs <extension dir>
// Gesture → observables listed in the view, for three starts of the real extension in Debian's
// headless Chromium (RUNS each, a fresh profile per run):
//   first: right after the browser starts (managed storage's first read is slow then);
//   cold:  the worker stopped (CDP ServiceWorker.stopAllWorkers), woken by the gesture's message;
//   warm:  the worker running, a view opened before.
// Local extraction needs no settings: the view shows the observables before it reads them.
// Prints one JSON line per start: { start, ms: [..], medianMs }.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXT = process.argv[2];
const RUNS = Number(process.env.RESPOND_BENCH_RUNS || 5);
const TEXT = 'Beacon to hxxps://evil[.]com/gate.php from 203.0.113.7; dropper 44d88612fea8a8f36de82e1278abb02f';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-dev-shm-usage'];

async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'sxr-rb-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, ignoreDefaultArgs: ['--disable-extensions'],
    args: [...ARGS, `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
  });
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  return { context, worker, dir, id: new URL(worker.url()).host };
}

/** Milliseconds from the gesture (`gesture()` starts it) to the first observable in the view. */
async function gestureToObservables(context, gesture) {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html'), timeout: 20000 });
  const t0 = performance.now();
  await gesture();
  const page = await opened;
  await page.waitForSelector('.sxr-observables li', { timeout: 20000 });
  const ms = performance.now() - t0;
  await page.close();
  return ms;
}

const click = (worker) => worker.evaluate((t) => globalThis.__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: t }, undefined), TEXT);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const out = { first: [], cold: [], warm: [] };

for (let r = 0; r < RUNS; r++) {
  const b = await launch();
  try {
    out.first.push(await gestureToObservables(b.context, () => click(b.worker)));
    out.warm.push(await gestureToObservables(b.context, () => click(b.worker)));
    // Cold: stop the worker as Chrome does when idle; an extension page's message wakes it.
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.id}/options.html`);
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await new Promise((res) => setTimeout(res, 500));
    out.cold.push(await gestureToObservables(b.context, async () => {
      await page.evaluate(() => chrome.runtime.sendMessage({ type: 'view→sw:status' }).catch(() => null));
      const w = b.context.serviceWorkers().at(-1) ?? await b.context.waitForEvent('serviceworker');
      await click(w);
    }));
    await page.close();
  } finally {
    await b.context.close();
    rmSync(b.dir, { recursive: true, force: true });
  }
}
for (const [start, ms] of Object.entries(out)) console.log(JSON.stringify({ start, ms: ms.map((m) => Math.round(m)), medianMs: Math.round(median(ms)) }));
