// "Scan this page" (issue 14) with the real extension in Chromium against the stand-in: fixture
// pages (a threat report with defanged and split indicators, a SIEM-like table of 1,000 rows,
// shadow DOM and frames, hostile text), highlight ranges against the core's offsets, a page
// that no scan step changes (MutationObserver), verdict colours, and the panel's list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, WWW, ROOT, tenant } from './lib.mjs';
import { Ext, SHOTS } from './ext-helpers.mjs';
import { openFixture, scanTab, openPanel, highlightsInPage, rangesInIsolatedWorld } from './scan-lib.mjs';
import { assertReportFound } from './scan-expect.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
let x;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  x = await Ext.launch();
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await x.evaluate(() => chrome.storage.local.set({ enrich: true }));
});
after(async () => { await x?.close(); });

const values = (scan) => scan.observables.map((o) => `${o.type} ${o.value}`);

test('threat report: defanged, split across inline elements, IDN, zero-width, <pre> log; hidden, script, template and table cells left apart', async () => {
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  const r = await scanTab(x, tabId);
  const got = values(r.scan);
  assertReportFound(got);
  const evil = r.scan.observables.find((o) => o.type === 'domain' && o.value === 'evil.com');
  assert.equal(evil.occurrences.length, 2, 'evil[.]com in the URL and evil<b>.com</b>');
  assert.equal(evil.defanged, true);

  // Every range drawn is the core's (node, offset) pair, and spans the text the core found.
  const iso = await rangesInIsolatedWorld(x, tabId);
  assert.equal(iso.length * 5, r.ranges.length);
  iso.forEach((q, k) => assert.deepEqual(q.slice(0, 4), r.ranges.slice(k * 5 + 1, k * 5 + 5), `occurrence ${k}`));
  const split = iso.find((q) => q[4] === 'evil.com');
  assert.ok(split && split[0] !== split[2], 'evil<b>.com</b>: one range from the text node into the <b>');
  assert.ok(iso.some((q) => q[4] === '198.51.100.23' && q[0] !== q[2]), '198.51.100<span>.23</span>: one range over both nodes');
  assert.ok(iso.some((q) => q[4] === 'bücher。de'));
  assert.ok(iso.some((q) => q[4] === 'ev\u200bil-cdn.org'), 'the range covers the original text, zero-width space included');

  // The page's own world sees the same highlights (one registry per document).
  const hl = await highlightsInPage(page);
  assert.equal(Object.values(hl).flat().length, iso.length);
  assert.deepEqual(Object.values(hl).flat().sort(), iso.map((q) => q[4]).sort());
  await page.close();
});

test('rendered text only: a node holding an occurrence that is not rendered is left out and the text around it joins as shown', async () => {
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  // Whether a node is rendered is asked only for the nodes holding occurrences; one that is not
  // makes the core scan again without the hidden nodes.
  await page.evaluate(() => {
    document.body.innerHTML = `<p id="a">Joined: evil<span style="display:none">x</span>.com here</p>
      <div style="display:contents">in-contents.org</div>
      <div style="display:none"><div style="display:contents">contents-in-hidden.org</div></div>
      <div style="visibility:hidden">invisible.org <span style="visibility:visible">visible-again.org</span></div>
      <p>and 198.51.100<span hidden>.99</span>.7</p>`;
  });
  const r = await scanTab(x, tabId);
  assert.equal(r.timings.rescanned, true);
  assert.deepEqual(values(r.scan).sort(), ['domain evil.com', 'domain in-contents.org', 'domain visible-again.org', 'ip 198.51.100.7']);
  const iso = await rangesInIsolatedWorld(x, tabId);
  const evil = iso.find((q) => q[4] === 'evilx.com');
  assert.ok(evil && evil[2] === evil[0] + 2 && evil[1] === 8 && evil[3] === 4, `one range from "evil" over the hidden span to ".com": ${JSON.stringify(iso)}`);
  await page.close();
});

test('shadow DOM and frames: open shadow roots and slots, same-origin frames scanned, other origins reported as skipped', async () => {
  const { page, tabId } = await openFixture(x, 'scan-frames.html');
  await page.frameLocator('#same').locator('p').waitFor();
  const r = await scanTab(x, tabId);
  const got = values(r.scan);
  for (const want of ['domain light.org', 'domain shadow.org', 'domain slotted.org', 'domain framed.org']) assert.ok(got.includes(want), `${want} in ${got}`);
  assert.ok(!got.includes('domain closed-shadow.org'), 'closed shadow roots are not readable');
  assert.equal(r.scan.observables.find((o) => o.value === 'framed.org').occurrences.length, 1, 'the other-origin copy is not read');
  assert.equal(r.scan.notices.length, 1);
  assert.match(r.scan.notices[0], /^1 frame from another site was not scanned: http:\/\/localhost:\d+\/scan-fixture\/scan-frame-inner\.html$/);
  const hl = await highlightsInPage(page);
  assert.ok(Object.values(hl).flat().includes('shadow.org'), 'a range inside the shadow tree is registered');
  const inFrame = await page.frame({ url: /scan-frame-inner/ }).evaluate(() => [...CSS.highlights.values()].flatMap((h) => [...h].map((r) => r.toString())));
  assert.deepEqual(inFrame, ['framed.org'], 'the frame\u2019s range is in the frame\u2019s own registry');
  // The rules colour the shadow tree and the frame too (the frame has its own copy).
  const found = 'rgba(125, 211, 252, 0.5)';
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('host').shadowRoot.querySelector('b'), '::highlight(sxr-found)').backgroundColor), found);
  assert.equal(await page.frame({ url: /scan-frame-inner/ }).evaluate(() => getComputedStyle(document.querySelector('p'), '::highlight(sxr-found)').backgroundColor), found);
  await page.close();
});

test('SIEM table of 1,000 rows: each cell apart, each observable once with its count', async () => {
  const { page, tabId } = await openFixture(x, 'scan-siem.html');
  const r = await scanTab(x, tabId);
  const count = (v) => r.scan.observables.find((o) => o.value === v)?.occurrences.length;
  assert.equal(r.scan.observables.filter((o) => o.type === 'ip').length, 1000);
  assert.equal(count('evil.com'), 20);
  assert.equal(count('malware.example.net'), 10);
  assert.equal(count('host7.corp.example.org'), 20);
  assert.equal(r.scan.observables.length, 1000 + 40 + 2);
  assert.equal(r.ranges.length / 5, 2000);
  // The rows in the window were highlighted first, from a part of the text (then all of them).
  assert.equal(typeof r.timings.first, 'number', 'the first pass drew the highlights in the window');
  assert.ok(r.timings.firstRead > 0 && r.timings.firstRead < r.scan.scanned / 10, `${r.timings.firstRead} of ${r.scan.scanned} characters read first`);
  assert.equal((await highlightsInPage(page))['sxr-found'].length, 2000, 'then every occurrence, once, in the one neutral highlight');
  await page.close();
});

test('a scan changes nothing in the page: MutationObserver sees no record through scan, colours, next occurrence and clear', async () => {
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  const before = await page.evaluate(() => {
    window.__records = 0;
    new MutationObserver((l) => { window.__records += l.length; }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    return document.documentElement.outerHTML;
  });
  const { panel } = await openPanel(x, tabId);
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });
  await panel.check('#verdict-colours');
  await page.waitForFunction(() => CSS.highlights.has('sxr-malicious'));
  await panel.locator('tr', { hasText: 'evil.com' }).first().locator('button.next').click();
  await panel.locator('tr', { hasText: 'evil.com' }).first().locator('button.next').click();
  const hl = await highlightsInPage(page);
  assert.ok(hl['sxr-current']?.length === 1, 'the current occurrence is marked');
  await panel.click('#clear');
  await page.waitForFunction(() => CSS.highlights.size === 0);
  assert.equal(await page.evaluate(() => window.__records), 0);
  assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before);
  await panel.close();
  await page.close();
});

test('verdict colours: badges by verdict as the verdicts arrive; highlights by verdict once turned on for the page; a legend, filters and select all shown', async () => {
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  const { panel } = await openPanel(x, tabId);
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });
  assert.deepEqual(Object.keys(await highlightsInPage(page)), ['sxr-found'], 'off by default: one neutral highlight');
  await panel.check('#verdict-colours');
  await page.waitForFunction(() => CSS.highlights.has('sxr-malicious'));
  const hl = await highlightsInPage(page);
  // The stand-in's rules: evil.com, malware.example.net Malicious; cisco.com Clean; the rest unknown.
  assert.deepEqual(hl['sxr-malicious'].sort(), ['evil.com', 'evil[.]com', 'malware.example.net'], JSON.stringify(hl));
  assert.deepEqual(hl['sxr-clean'], ['cisco[.]com']);
  assert.ok(hl['sxr-unknown'].includes('203.0.113[.]7'));
  assert.equal(hl['sxr-pending'], undefined, 'every observable has its verdict');
  // The colours come from the inserted ::highlight rules (no stylesheet node in the page).
  const colour = await page.evaluate(() => getComputedStyle(document.getElementById('p1'), '::highlight(sxr-malicious)').backgroundColor);
  assert.equal(colour, 'rgba(220, 38, 38, 0.55)');
  assert.deepEqual(await panel.$$eval('#legend [data-class]', (l) => l.map((e) => e.textContent)),
    ['No verdict yet', 'Malicious', 'Suspicious', 'Clean', 'Common', 'Unknown']);
  assert.equal(await panel.locator('tr[data-index]', { hasText: 'cisco.com' }).locator('.badge').textContent(), 'Clean');
  await panel.selectOption('#verdict', { label: 'Malicious' });
  const shown = await panel.$$eval('tbody tr .value', (l) => l.map((e) => e.firstChild.textContent));
  assert.deepEqual(shown, ['evil.com', 'malware.example.net']);
  await panel.selectOption('#type', 'url');
  assert.equal(await panel.locator('tbody tr').count(), 0);
  await panel.selectOption('#type', 'domain');
  assert.equal(await panel.locator('tbody tr').count(), 2);
  await panel.click('#select-shown');
  assert.equal(await panel.textContent('#selected'), '2 selected');
  await panel.selectOption('#type', '');
  await panel.selectOption('#verdict', '-1');
  assert.equal(await panel.locator('tbody tr input:checked').count(), 2);
  await page.bringToFront();
  await page.screenshot({ path: join(SHOTS, 'scan-page.png') });
  await panel.setViewportSize({ width: 720, height: 820 });
  await panel.screenshot({ path: join(SHOTS, 'scan-panel.png') });
  assert.deepEqual(x.pageErrors(), []);
  await panel.close();
  await page.close();
});

test('hostile text is listed as text: nothing in it runs, in the page or in the panel', async () => {
  const { page, tabId } = await openFixture(x, 'scan-hostile.html');
  const { panel } = await openPanel(x, tabId);
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await panel.evaluate(() => window.__pwned), undefined);
  assert.equal(await panel.locator('tbody img, tbody script').count(), 0);
  const listed = await panel.$$eval('tbody tr .value', (l) => l.map((e) => e.firstChild.textContent));
  assert.ok(listed.includes('evil.com') && listed.includes('gnol.org'), JSON.stringify(listed));
  assert.deepEqual(x.pageErrors(), []);
  await panel.close();
  await page.close();
});

test('without the CSS Custom Highlight API the panel says so and still lists everything', async () => {
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  // The extension's isolated world of this tab loses the API (as in a browser without it).
  await x.evaluate((id) => chrome.scripting.executeScript({ target: { tabId: id }, func: () => { delete globalThis.Highlight; } }), tabId);
  const { panel, scan } = await openPanel(x, tabId);
  assert.equal(scan.scan.highlights, false);
  assert.equal(await panel.textContent('#notices .notice'), 'This browser has no CSS Custom Highlight API: nothing is highlighted on the page, and everything found is listed here.');
  assert.equal(await panel.locator('tbody tr').count(), scan.scan.observables.length);
  assert.ok(scan.scan.observables.length >= 13);
  assert.equal(await page.evaluate(() => CSS.highlights.size), 0, 'nothing drawn, nothing rewritten instead');
  await panel.close();
  await page.close();
});

test('a page over the limit is scanned up to it, and the panel says so', async () => {
  const { page, tabId } = await openFixture(x, 'scan-large.html');
  const { panel, scan } = await openPanel(x, tabId);
  assert.ok(scan.scan.scanned <= 8_000_000 && scan.scan.scanned > 7_900_000, String(scan.scan.scanned));
  const got = values(scan.scan);
  assert.ok(got.includes('domain first.example.com'));
  assert.ok(!got.includes('domain last.example.com'), 'past the limit: not read');
  const notice = await panel.textContent('#notices .notice');
  assert.match(notice, /^This page has more text than a scan reads \(8,000,000 characters\): the first 7,9\d\d,\d{3} characters were scanned \(at least [\d,]+ more were not\)\./);
  await panel.close();
  await page.close();
});

test('the gesture entries: a context-menu entry on the page, a keyboard command, the popup button', async () => {
  const manifest = JSON.parse(readFileSync(join(process.env.EXT_DIR || join(ROOT, 'dist/extension'), 'manifest.json'), 'utf8'));
  assert.ok(manifest.commands['scan-page'].suggested_key.default);
  assert.deepEqual(manifest.host_permissions.filter((h) => !h.startsWith('https://visibility.') && !h.startsWith('https://private.intel.') && h !== 'http://127.0.0.1/*'), [], 'no new host permission');
  assert.ok(!manifest.content_scripts, 'no persistent content script');
  const popup = await x.page('view.html?popup');
  assert.equal(await popup.textContent('#scan-page'), 'Scan this page');
  await popup.close();
  // The context menu's handler (Playwright cannot click native menus) opens the panel.
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  const opened = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/scan.html'), timeout: 10000 });
  await x.evaluate((id) => globalThis.__sxr.openScan(id), tabId);
  const panel = await opened;
  await panel.waitForSelector('body[data-ready="1"]');
  assert.ok(await panel.locator('tbody tr').count() > 10);
  await panel.close();
  await page.close();
  void WWW;
});

test('a page the browser does not let extensions read: the gesture still opens the panel, which says why and what to do', async () => {
  const page = await x.context.newPage();
  await page.goto('chrome://version/');
  await page.bringToFront();
  // Match patterns cannot name chrome:// pages: the active tab is the one just opened.
  const tabId = await x.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
  assert.ok(tabId, 'a tab for chrome://version');
  const opened = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/scan.html'), timeout: 10000 });
  await x.evaluate((id) => globalThis.__sxr.openScan(id), tabId);
  const panel = await opened;
  await panel.waitForSelector('body[data-ready="error"]');
  assert.match(await panel.textContent('#notices'), /^This page cannot be scanned: the browser does not let extensions read it .*paste it into the toolbar popup instead/);
  assert.equal(await panel.locator('tbody tr').count(), 0);
  await panel.close();
  await page.close();
});
