// "Scan this page" in the worker (issue 14): on the user's gesture (toolbar popup button,
// context-menu entry, keyboard shortcut; activeTab + scripting, nothing persistent) it runs
// scan-page.js's collector in the tab, hands the text to the core (scanPage: observables, and
// each occurrence as (node, offset) pairs), draws the highlights, stores what the panel lists and
// opens the panel. The panel's other requests (verdicts, actions, the bulk run) are the worker
// core's (src/worker/); so is storing a scan (bounded there).
import { ready, worker } from './sw-core.js';
import { collectPage, drawHighlights, nextFrame, repaint, gotoOccurrence, clearHighlights, readStyles } from './scan-page.js';

export const SCAN_MENU_ID = 'scan-page';
export const SCAN_COMMAND = 'scan-page';

const UNREADABLE = 'This page cannot be scanned: the browser does not let extensions read it (its own pages, the extension stores, other extensions). Copy the text and paste it into the toolbar popup instead';

let css = null;
function highlightCss() {
  css ??= fetch(chrome.runtime.getURL('scan-page.css')).then((r) => r.text()).catch(() => '');
  return css;
}

async function inject(tabId, func, args = []) {
  const [r] = await chrome.scripting.executeScript({ target: { tabId }, func, args });
  return r?.result;
}

/**
 * Scans the tab: collect → core → highlights, first for the text in the window (its highlights
 * are drawn, and `afterFirst` called, before the rest of the page is read), then for the whole
 * page; stores the scan under `id`. Returns { id, scan, ranges, timings } without opening the
 * panel (openScan does both). When a node holding an occurrence turns out not to be rendered,
 * the page answers which nodes are not and the core scans again without them (then the ranges
 * are drawn as they are; the first pass just draws nothing).
 * `timings` (for `cargo xtask bench`): ms from the start to the frame that shows the highlights
 * in the window (`first`; null when that pass drew nothing; `firstRead`: the characters it
 * read), to the end of that pass (`view`), to the whole text collected, to the core's answer
 * and to all highlights drawn; in the page: the walk, the join, the rendered check, the ranges
 * made and the frame after them; `visible`: the styles read and the core's visibility decision
 * (after every highlight is drawn, before the scan is stored); `rescanned` when the core scanned twice.
 */
export async function scanTab(tabId, { id = crypto.randomUUID(), afterFirst = () => {} } = {}) {
  const t0 = performance.now();
  const core = await ready;
  const rules = await highlightCss();
  // One neutral highlight for every occurrence: verdict colours only when the analyst turns
  // them on for the page (scan→sw:paint), since the page can read its highlights.
  const { names } = core.scanPaint(false, new Uint8Array());
  const insert = () => chrome.scripting.insertCSS({ target: { tabId, allFrames: true }, css: rules })
    .catch(() => chrome.scripting.insertCSS({ target: { tabId }, css: rules })).catch(() => {});
  const view = await inject(tabId, collectPage, [core.scanViewLimit(), true]).catch((e) => {
    throw new Error(`${UNREADABLE} (${e?.message ?? e})`);
  });
  if (!view) throw new Error(`${UNREADABLE}.`);
  // The rules go in once there is something to draw: with the text in the window when it holds
  // an occurrence, else with the whole page's collector, so that the page restyles for them
  // while the core works here.
  let inserted = null;
  let first = null;
  let firstFrame = null;
  if (view.highlights) {
    const seen = core.scanPage(view.text, view.nodes, {}, []);
    if (seen.ranges.length) {
      // Drawn before the rules go in, so that its rendered check reads a page whose style is up
      // to date; then the rules, and the frame that shows the highlights (the page restyles for
      // the rules: about 100 ms on 50,000 elements) before the rest of the page is read (a walk
      // started earlier runs before that frame and holds it back).
      const shown = await inject(tabId, drawHighlights, [Array.from(seen.ranges), seen.observables.length, names, rules, true, false]);
      inserted = insert();
      await inserted;
      if (shown?.drawn) firstFrame = await inject(tabId, nextFrame).catch(() => null);
    }
  }
  afterFirst();
  const tv = performance.now();
  const collecting = inject(tabId, collectPage, [core.scanLimit(), false]);
  if (view.highlights) inserted ??= insert();
  const got = await collecting;
  if (!got) throw new Error(`${UNREADABLE}.`);
  const t1 = performance.now();
  const collected = { truncated: got.truncated, leftOut: got.leftOut, skippedFrames: got.skippedFrames };
  let page = core.scanPage(got.text, got.nodes, collected, []);
  const t2 = performance.now();
  await inserted;
  let drawn = await inject(tabId, drawHighlights, [Array.from(page.ranges), page.observables.length, names, rules, true]) ?? { drawn: 0, highlights: false };
  let rescanned = false;
  if (drawn.hidden) {
    rescanned = true;
    page = core.scanPage(got.text, got.nodes, collected, drawn.hidden);
    drawn = await inject(tabId, drawHighlights, [Array.from(page.ranges), page.observables.length, names, rules, false]) ?? { drawn: 0, highlights: false };
  }
  const t3 = performance.now();
  // Which occurrences a person can see: the page reads the styles, the core decides.
  const styles = await inject(tabId, readStyles).catch(() => null);
  for (const i of core.scanNotVisible(page.ranges, page.observables.length, styles)) page.observables[i].notVisible = true;
  const t4 = performance.now();
  // The first pass's frame, on the page's clock (both clocks count from the epoch).
  if (firstFrame) first = firstFrame - (performance.timeOrigin + t0);
  const scan = {
    tabId, url: got.url, title: got.title, observables: page.observables, notices: page.notices, types: page.types,
    nodes: page.nodes, scanned: page.scanned, highlights: Boolean(drawn.highlights),
  };
  await (await worker).putScan(id, scan);
  return {
    id, scan, ranges: Array.from(page.ranges),
    timings: { first, firstRead: view.text.length, view: tv - t0, walk: got.walkMs, join: got.joinMs, check: drawn.checkMs, ranges: drawn.rangesMs, frame: drawn.frameMs, collected: t1 - t0, extracted: t2 - t0, drawn: t3 - t0, visible: t4 - t3, rescanned },
  };
}

// Scans whose panel opened before they ended, by id: the panel's first request waits for its
// scan here, and is told why it failed (a page the browser does not let extensions read, a tab
// closed mid-scan) instead of finding nothing.
const inFlight = new Map();

/**
 * The gesture's handler: scan, and open the panel in its own window beside the page once the
 * highlights in the window are drawn (or the scan has failed), while the rest of the page is read.
 */
export async function openScan(tabId) {
  const id = crypto.randomUUID();
  let first;
  const firstDrawn = new Promise((resolve) => { first = resolve; });
  const scanning = scanTab(tabId, { id, afterFirst: first });
  inFlight.set(id, scanning);
  scanning.then(() => inFlight.delete(id), () => {});
  await Promise.race([firstDrawn, scanning.catch(() => {})]);
  const win = await chrome.windows.create({
    url: chrome.runtime.getURL(`scan.html?id=${id}`), type: 'popup', width: 720, height: 820, focused: true,
  });
  return { id, windowId: win?.id };
}

// ---------- the panel's requests ----------

async function scanOf(m) {
  const pending = inFlight.get(m.id);
  if (pending) {
    try {
      await pending;
    } finally {
      inFlight.delete(m.id);
    }
  }
  const key = `scan:${m.id}`;
  const s = /** @type {{ tabId: number } | undefined} */ ((await chrome.storage.session.get(key))[key]);
  if (!s) throw new Error('This scan is no longer available: scan the page again.');
  return s;
}

/** Paints the page: neutral, or by verdict when the analyst turned verdict colours on (the core decides what each means). */
async function paint(m) {
  const s = await scanOf(m);
  const p = (await ready).scanPaint(Boolean(m.verdictColours), Uint8Array.from(m.classes ?? []));
  return inject(s.tabId, repaint, [p.names, Array.from(p.pairs)]);
}

async function gotoOcc(m) {
  const s = await scanOf(m);
  await chrome.tabs.update(s.tabId, { active: true }).catch(() => {});
  return inject(s.tabId, gotoOccurrence, [m.occurrence]);
}

async function clear(m) {
  const s = await scanOf(m);
  const rules = await highlightCss();
  await chrome.scripting.removeCSS({ target: { tabId: s.tabId, allFrames: true }, css: rules }).catch(() => {});
  return inject(s.tabId, clearHighlights);
}

/** The scan passes' messages, still driven here (they run scan-page.js's functions in the tab). */
export const SCAN_HANDLERS = {
  'scan→sw:scan': (m) => scanOf(m),
  'scan→sw:paint': (m) => paint(m),
  'scan→sw:goto': (m) => gotoOcc(m),
  'scan→sw:clear': (m) => clear(m),
  'popup→sw:scan': (m) => openScan(m.tabId),
};
