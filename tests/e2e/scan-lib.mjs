// Helpers for the scan suites: fixture pages served on 127.0.0.1 (and on localhost, another
// origin, for the cross-origin frame), the worker's scan, the panel, and what the page shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WWW } from './lib.mjs';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const OTHER = WWW.replace('127.0.0.1', 'localhost');
const routed = new WeakSet();
let n = 0;

/** Serves tests/e2e/fixtures/<name> at WWW/scan-fixture/<name> in this context. */
async function route(x) {
  if (routed.has(x.context)) return;
  routed.add(x.context);
  await x.context.route((u) => u.pathname.startsWith('/scan-fixture/'), (r) => {
    const name = new URL(r.request().url()).pathname.slice('/scan-fixture/'.length);
    const body = readFileSync(join(FIXTURES, name), 'utf8').replaceAll('OTHER_ORIGIN', OTHER);
    return r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

/** Opens a fixture in a new tab; returns the page and its tab id. */
export async function openFixture(x, name) {
  await route(x);
  const page = await x.context.newPage();
  const url = `${WWW}/scan-fixture/${name}?n=${n++}`;
  await page.goto(url);
  const tabId = await x.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  if (!tabId) throw new Error(`no tab for ${url}`);
  return { page, tabId, url };
}

/** The worker's scan of the tab (what the gesture runs before it opens the panel). */
export function scanTab(x, tabId) {
  return x.evaluate((id) => globalThis.__sxr.scanTab(id), tabId);
}

/** Scans the tab and opens its panel as a tab (the gesture opens it in a window of its own). */
export async function openPanel(x, tabId) {
  const r = await scanTab(x, tabId);
  const panel = await x.context.newPage();
  await panel.setViewportSize({ width: 720, height: 820 });
  await panel.goto(`chrome-extension://${x.extensionId}/scan.html?id=${r.id}`);
  await panel.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
  return { panel, scan: r };
}

/** The campaign page scanned, every domain selected and Respond pressed: the panel at the
 *  actions, with the "Block this domain" group's label (not yet ticked). */
export async function campaignToActions(x) {
  const { page, tabId } = await openFixture(x, 'scan-campaign.html');
  const { panel } = await openPanel(x, tabId);
  await panel.selectOption('#type', 'domain');
  await panel.click('#select-shown');
  await panel.click('#respond');
  const block = panel.locator('label.group', { hasText: /^ Block this domain/ });
  await block.waitFor();
  return { page, panel, block };
}

/** The page's own CSS.highlights, as seen from its main world: name → the text of each range. */
export function highlightsInPage(page) {
  return page.evaluate(() => Object.fromEntries([...CSS.highlights].map(([name, h]) => [name, [...h].map((r) => r.toString())])));
}

/** The ranges the extension made, read in its isolated world: [startNode, startOffset, endNode, endOffset, text]. */
export function rangesInIsolatedWorld(x, tabId) {
  return x.evaluate(async (id) => {
    const [r] = await chrome.scripting.executeScript({
      target: { tabId: id },
      func: () => {
        const s = globalThis.__sxrScan;
        return s.ranges.map((r) => [s.nodes.indexOf(r.startContainer), r.startOffset, s.nodes.indexOf(r.endContainer), r.endOffset, r.toString()]);
      },
    });
    return r.result;
  }, tabId);
}
