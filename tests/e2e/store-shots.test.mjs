// The store screenshots (issue 23): five 1280×800 pictures at device scale 1, each composed from
// real screenshots of the extension driven against the stand-in (respond view with verdicts and
// actions, the confirmation, the scan panel, options, dark mode) on a neutral background with a
// caption. Saved to target/screenshots/store/; copy them to store/screenshots/ when they change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, WWW, tenant } from './lib.mjs';
import { Ext, SHOTS } from './ext-helpers.mjs';
import { playwright } from './driver.mjs';
import { confirmOnce } from './flows.mjs';
import { openFixture, openPanel } from './scan-lib.mjs';

const OUT = join(SHOTS, 'store');
const W = 1280, H = 800, PANE_H = 660;
const FULL = ['inspect:read', 'response', 'enrich:read'];
const REPORT = `<!doctype html><title>Incident notes</title><style>
  body { font: 16px/1.6 Georgia, serif; margin: 28px 36px; color: #222; background: #fff; }
  h1 { font: 600 24px system-ui, sans-serif; } .meta { color: #666; font: 13px system-ui, sans-serif; }</style>
  <h1>Incident 4471: beaconing from a finance laptop</h1><p class="meta">SOC notes · shift B</p>
  <p>EDR flagged an unsigned binary on FIN-LT-022 shortly after a phishing mail was opened.</p>
  <p id="ioc">Beacon to hxxps://evil[.]com/gate.php from 203.0.113.7; the lure linked cisco[.]com to look genuine.</p>
  <p>Next: block the domain, isolate the host, and check who else received the mail.</p>`;

let x;
before(async () => { mkdirSync(OUT, { recursive: true }); x = await Ext.launch(); });
after(async () => { await x?.close(); });

/** Width and height from a PNG's IHDR (bytes 16–23), after checking the signature. */
function pngSize(buf) {
  assert.equal(buf.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG');
  assert.equal(buf.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Lays the panes (PNG buffers, shown at 1:1) side by side under a caption on a W×H page at device
 * scale 1, saves the picture as OUT/<name>, checks its size (IHDR) and that it is not one colour.
 */
async function compose(name, caption, panes, { dark = false } = {}) {
  const page = await x.context.newPage();
  await page.setViewportSize({ width: W, height: H });
  const imgs = panes.map((p) => `<img src="data:image/png;base64,${p.toString('base64')}">`).join('');
  await page.setContent(`<!doctype html><style>
    html { background: ${dark ? 'linear-gradient(160deg, #0b1220, #1b2536)' : 'linear-gradient(160deg, #e8eef6, #f7f9fc)'}; height: 100%; }
    body { margin: 0; height: ${H}px; display: flex; flex-direction: column; align-items: center; font-family: system-ui, sans-serif; }
    h1 { margin: 0; height: 100px; display: flex; align-items: center; font-size: 28px; font-weight: 600; color: ${dark ? '#e6edf3' : '#1f2a37'}; }
    .panes { display: flex; gap: 28px; align-items: flex-start; }
    img { display: block; border-radius: 8px; box-shadow: 0 6px 24px rgba(0, 0, 0, ${dark ? '.6' : '.18'}); }
  </style><h1></h1><div class="panes">${imgs}</div>`);
  await page.evaluate((c) => { document.querySelector('h1').textContent = c; }, caption); // text, never HTML
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  const png = await page.screenshot();
  writeFileSync(join(OUT, name), png);
  assert.deepEqual(pngSize(png), { width: W, height: H }, `${name} is ${W}×${H}`);
  // Decode it back in the browser and count colours: a blank or failed render is one or two.
  const colours = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, png.toString('base64'));
  assert.ok(colours > 200, `${name}: ${colours} colours, a real picture`);
  await page.close();
  return png;
}

/** The report page with the indicator paragraph selected, as a pane. */
async function reportPane(width) {
  const page = await x.context.newPage();
  await page.setViewportSize({ width, height: PANE_H });
  await page.goto(`${WWW}/`);
  await page.setContent(REPORT);
  await page.bringToFront();
  const text = await page.evaluate(() => { getSelection().selectAllChildren(document.getElementById('ioc')); return getSelection().toString(); });
  const png = await page.screenshot();
  return { page, text, png };
}

/** The respond view for `text`, sized as a pane, with its verdicts and actions in. */
async function respondView(text, width = 560) {
  const view = await x.menuClick(text);
  await view.setViewportSize({ width, height: PANE_H });
  await view.waitForSelector('.sxr-module');
  await view.waitForSelector('.sxr-observables .sxr-badge');
  // Observables with their verdicts at the top, the first actions below them; no focus ring.
  await view.evaluate(() => { document.activeElement?.blur(); document.querySelector('.sxr-obs-section').scrollIntoView(); });
  return view;
}

test('store 1: a selection on a page and the respond view with verdicts and actions', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const report = await reportPane(620);
  assert.match(report.text, /evil\[\.\]com/);
  const view = await respondView(report.text);
  const ds = await view.$$eval('.sxr-observables .sxr-verdict', (vs) => vs.map((v) => v.dataset.disposition));
  assert.ok(ds.includes('2') && ds.includes('1'), `Malicious and Clean verdicts shown: ${JSON.stringify(ds)}`);
  await compose('1-respond.png', 'Select indicators on any page: verdicts and your response actions',
    [report.png, await view.screenshot()]);
  await view.close();
  await report.page.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('store 2: the confirmation names action, module and observable; one trigger after it', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const report = await reportPane(620);
  const view = await respondView(report.text);
  let shot;
  const { confirmText, triggersBeforeRun, triggers } = await confirmOnce(playwright(view), t.id, 'Umbrella', 'Block this domain',
    { beforeRun: async () => { shot = await view.screenshot(); } });
  assert.match(confirmText, /Block this domain.*Umbrella.*evil\.com/);
  assert.equal(triggersBeforeRun, 0, 'nothing triggered while the confirmation is shown');
  assert.equal(triggers.length, 1);
  await compose('2-confirm.png', 'Nothing runs until you confirm: action, module and target named', [report.png, shot]);
  await view.close();
  await report.page.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('store 3: a scanned report with verdict colours and the scan panel', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  await page.setViewportSize({ width: 600, height: PANE_H });
  const { panel } = await openPanel(x, tabId);
  await panel.setViewportSize({ width: 620, height: PANE_H });
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });
  await panel.check('#verdict-colours');
  await page.waitForFunction(() => CSS.highlights.has('sxr-malicious'));
  assert.equal(await panel.locator('tr[data-index]', { hasText: 'cisco.com' }).locator('.badge').textContent(), 'Clean');
  await page.bringToFront();
  const left = await page.screenshot();
  await compose('3-scan.png', 'Scan a page: every indicator found, coloured by verdict', [left, await panel.screenshot()]);
  await panel.close();
  await page.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('store 4: options, with the connection test listing granted scopes', async () => {
  const t = await tenant([...FULL, 'casebook']);
  const opts = await x.page('options.html');
  await opts.setViewportSize({ width: 760, height: PANE_H });
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', t.id);
  await opts.fill('#clientSecret', t.secret);
  await opts.click('#test');
  await opts.waitForSelector('.connection');
  assert.deepEqual(await opts.$$eval('.scopes tr', (rs) => rs.map((r) => [r.dataset.scope, r.dataset.state])),
    [['inspect:read', 'granted'], ['response', 'granted'], ['enrich:read', 'granted'], ['casebook', 'granted']]);
  await opts.evaluate(() => { document.activeElement?.blur(); document.querySelector('.scopes').scrollIntoView({ block: 'end' }); });
  await compose('4-options.png', 'Your API client or XDR sign-in, tested before you save', [await opts.screenshot()]);
  await opts.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('store 5: dark mode, the respond view and the scan panel', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const view = await respondView('Beacon to hxxps://evil[.]com/gate.php from 203.0.113.7; the lure linked cisco[.]com.');
  await view.emulateMedia({ colorScheme: 'dark' });
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  const { panel } = await openPanel(x, tabId);
  await panel.setViewportSize({ width: 620, height: PANE_H });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });
  const bg = await Promise.all([view, panel].map((p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor)));
  for (const c of bg) {
    const [r, g, b] = c.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 120, `a dark background: ${c}`);
  }
  await compose('5-dark.png', 'Light or dark, as your system is set', [await view.screenshot(), await panel.screenshot()], { dark: true });
  await view.close();
  await panel.close();
  await page.close();
  assert.deepEqual(x.pageErrors(), []);
});
