// "Scan this page" with the Firefox package in headless Firefox ESR, against the stand-in: the
// Chromium suite's fixture pages (tests/e2e/fixtures, served here on 127.0.0.1), scanned by the
// gesture's handler; the panel lists what the core found; the page's own CSS.highlights holds
// one range per occurrence (drawn from the content script's world, through Firefox's Xray
// wrappers); the page's DOM never changes; verdict colours; Clear highlights; a bulk respond row
// triggered exactly once; a page over the scan's limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Firefox, packagePath, SHOTS, serveHtml, fillOptions } from './ff.mjs';
import { STANDIN, ROOT, tenant, events } from '../e2e/lib.mjs';
import { assertReportFound, assertVisibility, INVISIBLE_SHOWN } from '../e2e/scan-expect.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
let ff;
let fixtures; // tests/e2e/fixtures on 127.0.0.1
let t; // the stand-in client the options page saves
let n = 0;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fixtures = await serveHtml(join(ROOT, 'tests/e2e/fixtures'), '/scan-fixture/');
  ff = await Firefox.launch();
  await ff.install(packagePath('firefox'));
  // Options: the stand-in as a custom base URL; Save (a real click) asks for 127.0.0.1, which
  // also lets the extension script the fixture pages (the gesture's activeTab, in real use).
  t = await tenant(FULL);
  const opts = await ff.open('options.html');
  await opts.waitFor(() => document.body.dataset.ready === '1');
  await fillOptions(opts, { region: 'custom', baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await opts.click('#save');
  await opts.waitFor(() => document.getElementById('status').textContent === 'Saved.');
  assert.equal(await opts.eval(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })), true);
  await opts.close();
});
after(async () => { await ff?.close(); await fixtures?.close(); });

/** A fixture page in a new tab, with its tab id (read from an extension page) and that page. */
async function openFixture(name) {
  const url = `${fixtures.url}/${name}?n=${n++}`;
  const page = await ff.open(url);
  const ext = await ff.open('options.html');
  const tabId = await ext.eval(async (u) => (await browser.tabs.query({})).find((x) => x.url === u)?.id, url);
  assert.ok(tabId, `a tab for ${url}`);
  return { page, ext, tabId };
}

/**
 * What the context menu and the keyboard command run (openScan: scan, then the panel's window);
 * resolves to the panel and what the core found, as the worker stored it for the panel.
 */
async function scanAndOpen(ext, tabId) {
  const { id } = await ext.eval(async (tab) => (await browser.runtime.getBackgroundPage()).__sxr.openScan(tab), tabId);
  const panel = await ff.waitForContext((url) => url === `${ff.origin}/scan.html?id=${id}`);
  await panel.setViewport(720, 820);
  const ready = await panel.waitFor(() => document.body.dataset.ready);
  assert.equal(ready, '1', await panel.eval(() => document.getElementById('notices').textContent));
  const scan = await ext.eval(async (key) => (await browser.storage.session.get(key))[key], `scan:${id}`);
  return { panel, scan };
}

/** The page's own CSS.highlights, read in its main world: name → the text of each range. */
const highlightsInPage = (page) => page.eval(() => Object.fromEntries([...CSS.highlights].map(([name, h]) => [name, [...h].map((r) => r.toString())])));

/** Marks the element `fn(value)` finds with data-pick=`mark` so that a real click can find it. */
const pick = (page, fn, value, mark) => page.waitFor(`([v, m]) => { const e = (${fn})(v); if (e) e.dataset.pick = m; return !!e; }`, [value, mark]);

test('firefox scan: a threat report on 127.0.0.1: the panel lists what the core found, the page highlights every occurrence, colours by verdict, Clear removes them, the DOM never changes', async () => {
  const { page, ext, tabId } = await openFixture('scan-report.html');
  const before = await page.eval(() => {
    window.__records = 0;
    new MutationObserver((l) => { window.__records += l.length; }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    return document.documentElement.outerHTML;
  });
  const { panel, scan } = await scanAndOpen(ext, tabId);

  // What the core found in the page's text, as in Chromium (tests/e2e/scan.test.mjs).
  const got = scan.observables.map((o) => `${o.type} ${o.value}`);
  assertReportFound(got);
  assert.equal(scan.highlights, true, 'Firefox has the CSS Custom Highlight API');
  assert.deepEqual(scan.notices, []);

  // The panel lists exactly those, in the core's order, each with its count.
  const rows = await panel.waitFor((k) => {
    const r = [...document.querySelectorAll('#list tbody tr')];
    return r.length === k && r.map((tr) => [tr.querySelector('.value').firstChild.textContent, tr.querySelector('.type').textContent, tr.querySelector('.count').textContent]);
  }, scan.observables.length);
  assert.deepEqual(rows, scan.observables.map((o) => [o.value, o.type, `\u00d7${o.occurrences.length}`]));
  const occurrences = scan.observables.reduce((k, o) => k + o.occurrences.length, 0);
  assert.equal(await panel.eval(() => document.getElementById('summary').textContent),
    `${scan.observables.length} observables, ${occurrences} occurrences, in ${scan.nodes} text nodes.`);

  // Verdicts arrive: badges in the panel, highlight colours in the page (the stand-in's rules:
  // evil.com, malware.example.net Malicious; cisco.com Clean; the rest unknown).
  await panel.waitFor(() => document.body.dataset.verdicts, null, 20000);
  assert.equal(await panel.eval(() => document.body.dataset.verdicts), '1', await panel.eval(() => document.getElementById('notices').textContent));
  // Verdict colours are off by default (the page can read its highlights): one neutral highlight.
  assert.deepEqual(Object.keys(await highlightsInPage(page)), ['sxr-found']);
  await panel.click('#verdict-colours');
  await page.waitFor(() => CSS.highlights.has('sxr-malicious'));
  const hl = await highlightsInPage(page);
  const drawn = Object.values(hl).flat();
  assert.equal(drawn.length, occurrences, `one range per occurrence in the page's registry: ${JSON.stringify(hl)}`);
  for (const text of ['hxxps://evil[.]com/gate.php', 'evil.com', '198.51.100.23', 'bücher。de', 'ev\u200bil-cdn.org', '44d88612fea8a8f36de82e1278abb02f']) {
    assert.ok(drawn.includes(text), `${JSON.stringify(text)} highlighted: ${JSON.stringify(hl)}`);
  }
  assert.deepEqual(hl['sxr-malicious']?.sort(), ['evil.com', 'evil[.]com', 'malware.example.net'], JSON.stringify(hl));
  assert.deepEqual(hl['sxr-clean'], ['cisco[.]com']);
  assert.ok(hl['sxr-unknown']?.includes('203.0.113[.]7'), JSON.stringify(hl));
  assert.equal(hl['sxr-pending'], undefined, 'every observable has its verdict');
  assert.equal(await panel.eval(() => [...document.querySelectorAll('#list tbody tr')].find((tr) => tr.querySelector('.value').firstChild.textContent === 'cisco.com').querySelector('.badge').textContent), 'Clean');
  // The colour comes from the ::highlight rules scripting.insertCSS put in (no stylesheet node in the page).
  const colour = await page.eval(() => getComputedStyle(document.getElementById('p1'), '::highlight(sxr-malicious)').backgroundColor);
  assert.equal(colour, 'rgba(220, 38, 38, 0.55)');
  await page.screenshot(join(SHOTS, 'firefox-scan-page.png'));

  // Next ↓ marks the current occurrence (a real click in the panel).
  await pick(panel, (v) => [...document.querySelectorAll('#list tbody tr')].find((tr) => tr.querySelector('.value').firstChild.textContent === v)?.querySelector('button.next'), 'evil.com', 'next');
  await panel.click('[data-pick="next"]');
  assert.deepEqual(await page.waitFor(() => CSS.highlights.get('sxr-current') && [...CSS.highlights.get('sxr-current')].map((r) => r.toString())), ['evil[.]com']);

  // Clear highlights: nothing left in the registry, and nothing in the page ever changed.
  await panel.click('#clear');
  await page.waitFor(() => CSS.highlights.size === 0);
  assert.equal(await panel.waitFor(() => document.getElementById('clear').disabled), true);
  assert.equal(await page.eval(() => window.__records), 0, 'no mutation record through scan, colours, next and clear');
  assert.equal(await page.eval(() => document.documentElement.outerHTML), before);
  assert.equal(await page.eval(() => getComputedStyle(document.getElementById('p1'), '::highlight(sxr-malicious)').backgroundColor), 'rgba(0, 0, 0, 0)', 'the rules are removed too');
  assert.deepEqual(ff.errors(), [], 'no errors in extension pages or the background');
  await panel.close();
  await ext.close();
  await page.close();
});

test('firefox scan: bulk respond from the panel: one row, one confirmation, exactly one trigger in the stand-in log', async () => {
  const { page, ext, tabId } = await openFixture('scan-campaign.html');
  const { panel } = await scanAndOpen(ext, tabId);
  await pick(panel, (v) => [...document.querySelectorAll('#list tbody tr')].find((tr) => tr.querySelector('.value').firstChild.textContent === v)?.querySelector('input[type=checkbox]'), 'evil.com', 'row');
  await panel.click('[data-pick="row"]');
  assert.equal(await panel.waitFor(() => document.getElementById('selected').textContent === '1 selected' && document.getElementById('selected').textContent), '1 selected');
  await panel.click('#respond');
  await pick(panel, (label) => [...document.querySelectorAll('label.group')].find((l) => l.textContent.trim() === label)?.querySelector('input'), 'Block this domain \u2014 1 domain', 'group').catch(async (e) => {
    throw new Error(`${e.message}; groups: ${await panel.eval(() => document.getElementById('bulk').textContent)}`);
  });
  await panel.click('[data-pick="group"]');
  await panel.click('#review');
  assert.equal(await panel.waitFor(() => document.querySelector('#bulk h3')?.textContent), 'Run 1 action on 1 domain?');
  assert.equal(await panel.eval(() => document.querySelector('.confirm-lines').textContent), 'Block this domain \u2014 1 domain (Umbrella):\n  domain evil.com');
  const triggers = async () => (await events(t.id)).filter((e) => e.route === 'trigger');
  assert.equal((await triggers()).length, 0, 'nothing is sent before the confirmation');
  await panel.click('#confirm-run', 2); // a double click: still one trigger
  const summary = await panel.waitFor(() => { const s = document.querySelector('.run-summary')?.textContent; return s?.startsWith('Done') && s; }, null, 20000);
  assert.equal(summary, 'Done: 1 succeeded, 0 failed, 0 outcome unknown.');
  assert.deepEqual(await panel.eval(() => [...document.querySelectorAll('.run-rows td.state')].map((e) => e.textContent)), ['Succeeded']);
  const sent = await triggers();
  assert.equal(sent.length, 1, 'exactly one trigger in the stand-in log');
  assert.ok(sent[0].path_and_query.includes('umbrella-block') && sent[0].path_and_query.includes('evil.com'), sent[0].path_and_query);
  assert.equal(sent[0].origin, ff.origin, 'sent by the extension (moz-extension origin)');
  assert.deepEqual(ff.errors(), []);
  await panel.close();
  await ext.close();
  await page.close();
});

test('firefox scan: a page over the limit is scanned up to it (an 8,000,000-character text back from executeScript), and the panel says so', async () => {
  const { page, ext, tabId } = await openFixture('scan-large.html');
  const { panel, scan } = await scanAndOpen(ext, tabId);
  assert.ok(scan.scanned <= 8_000_000 && scan.scanned > 7_900_000, String(scan.scanned));
  const got = scan.observables.map((o) => `${o.type} ${o.value}`);
  assert.ok(got.includes('domain first.example.com'));
  assert.ok(!got.includes('domain last.example.com'), 'past the limit: not read');
  const notice = await panel.eval(() => document.querySelector('#notices .notice')?.textContent);
  assert.match(notice, /^This page has more text than a scan reads \(8,000,000 characters\): the first 7,9\d\d,\d{3} characters were scanned \(at least [\d,]+ more were not\)\./);
  assert.ok((await page.eval(() => [...CSS.highlights.values()].flatMap((h) => [...h].map((r) => r.toString())))).includes('first.example.com'));
  assert.deepEqual(ff.errors(), []);
  await panel.close();
  await ext.close();
  await page.close();
});

test('firefox scan: an open shadow root and a same-origin frame: each range in its own document\u2019s registry and coloured there (adopted sheet, rules in the frame), through verdicts and Clear; the other-origin frame skipped', async () => {
  const { page, ext, tabId } = await openFixture('scan-frames.html');
  await page.waitFor(() => document.getElementById('same').contentDocument?.querySelector('p'));
  // A report holds many indicators before its frames: 40 more in the top document, ahead of the
  // frame (in Firefox the painter's loop is then warm, JIT-compiled, when it reaches the frame's range).
  await page.eval(() => {
    const p = document.createElement('p');
    p.textContent = `Also seen: ${Array.from({ length: 40 }, (_, i) => `n${i}.example.org`).join(', ')}.`;
    document.body.prepend(p);
    return true;
  });
  const { panel, scan } = await scanAndOpen(ext, tabId);
  const got = scan.observables.map((o) => `${o.type} ${o.value}`);
  for (const want of ['domain light.org', 'domain shadow.org', 'domain slotted.org', 'domain framed.org', 'domain n39.example.org']) assert.ok(got.includes(want), `${want} in ${got}`);
  assert.ok(!got.includes('domain closed-shadow.org'), 'closed shadow roots are not readable');
  assert.equal(scan.observables.find((o) => o.value === 'framed.org').occurrences.length, 1, 'the other-origin copy is not read');
  assert.deepEqual(scan.notices, [`1 frame from another site was not scanned: ${fixtures.other}/scan-fixture/scan-frame-inner.html`]);

  // Read in the page's main world: each document's registry, and the colour a range gets there
  // (against the top document's colour for the same highlight name).
  const seen = () => page.eval(() => {
    const frame = document.getElementById('same').contentWindow;
    const root = document.getElementById('host').shadowRoot;
    const texts = (reg) => Object.fromEntries([...reg].map(([name, h]) => [name, [...h].map((r) => r.toString())]));
    const top = texts(CSS.highlights);
    const inFrame = texts(frame.CSS.highlights);
    const nameOf = (reg, text) => Object.entries(reg).find(([, l]) => l.includes(text))?.[0];
    const colour = (w, e, name) => w.getComputedStyle(e, `::highlight(${name})`).backgroundColor;
    const shadowName = nameOf(top, 'shadow.org');
    const frameName = nameOf(inFrame, 'framed.org');
    return {
      top, inFrame, sheets: root.adoptedStyleSheets.length,
      shadow: shadowName && [colour(window, root.querySelector('b'), shadowName), colour(window, document.querySelector('p'), shadowName)],
      frame: frameName && [colour(frame, frame.document.querySelector('p'), frameName), colour(window, document.querySelector('p'), frameName)],
    };
  });
  const check = (s, when) => {
    const all = Object.values(s.top).flat();
    assert.deepEqual(Object.values(s.inFrame).flat(), ['framed.org'], `${when}: the frame\u2019s range is in the frame\u2019s own registry: ${JSON.stringify(s.inFrame)}`);
    assert.ok(!all.includes('framed.org'), `${when}: the frame\u2019s range is not in the top document\u2019s registry (where it is never painted): ${JSON.stringify(s.top)}`);
    assert.equal(all.length, 43, `${when}: the top document's ranges in its registry: ${JSON.stringify(s.top)}`);
    for (const text of ['light.org', 'shadow.org', 'slotted.org', 'n0.example.org']) assert.ok(all.includes(text), `${when}: ${text} in the page's registry: ${JSON.stringify(s.top)}`);
    assert.equal(s.sheets, 1, `${when}: one constructed sheet adopted by the shadow root that holds a range`);
    assert.notEqual(s.shadow[1], 'rgba(0, 0, 0, 0)', `${when}: the document has the rules`);
    assert.equal(s.shadow[0], s.shadow[1], `${when}: inside the shadow tree the range gets its colour from the adopted sheet`);
    assert.equal(s.frame[0], s.frame[1], `${when}: the same-origin frame got the ::highlight rules too`);
  };
  check(await seen(), 'drawn');
  await panel.waitFor(() => document.body.dataset.verdicts, null, 20000);
  check(await seen(), 'verdicts in the panel, the page neutral');
  assert.deepEqual(Object.keys((await seen()).top), ['sxr-found']);
  // Verdict colours turned on: every document's registry repainted by verdict, none left neutral.
  await panel.click('#verdict-colours');
  await page.waitFor(() => !CSS.highlights.has('sxr-found') && !document.getElementById('same').contentWindow.CSS.highlights.has('sxr-found'));
  const on = await seen();
  check(on, 'verdict colours on');
  assert.ok(!Object.keys(on.top).includes('sxr-found') && !Object.keys(on.inFrame).includes('sxr-found'), JSON.stringify(on));

  await panel.click('#clear');
  await page.waitFor(() => CSS.highlights.size === 0);
  assert.deepEqual(await page.eval(() => [...document.getElementById('same').contentWindow.CSS.highlights.keys()]), [], 'Clear empties the frame\u2019s registry too');
  assert.equal(await page.eval(() => document.getElementById('host').shadowRoot.adoptedStyleSheets.length), 0, 'the adopted sheet is removed');
  assert.deepEqual(ff.errors(), []);
  await panel.close();
  await ext.close();
  await page.close();
});

test('firefox scan: text hidden by style (opacity, font size, transparent, clip-path, clip, off-screen, zero-size box, text-indent) is marked not visible and left out of Select all shown', async () => {
  const { page, ext, tabId } = await openFixture('scan-invisible.html');
  const { panel, scan } = await scanAndOpen(ext, tabId);
  assertVisibility(scan.observables);
  assert.equal(await panel.eval(() => document.querySelectorAll('#list tbody tr .not-visible').length), scan.observables.length - INVISIBLE_SHOWN.length);
  await panel.click('#select-shown');
  assert.equal(await panel.waitFor(() => document.getElementById('selected').textContent), `${INVISIBLE_SHOWN.length} selected`);
  assert.deepEqual(ff.errors(), []);
  await panel.close();
  await ext.close();
  await page.close();
});
