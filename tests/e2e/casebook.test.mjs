// Casebooks, Investigate links, sightings and audit notes (issue 15), in the extension's respond
// view and in the portal element, against the stand-in. The stand-in's own casebooks (read over
// HTTP with the tenant's token, not through the extension) are the witness of what was written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, WWW, control, events, fault, launch, portalTenant, renderedButHidden } from './lib.mjs';
import { Ext, SHOTS } from './ext-helpers.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read', 'casebook'];
const SHA = 'b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967';
const REPORT = `Beacon to evil.com; the dropper ${SHA.toUpperCase()} ran on the host. cisco.com is fine.`;
const TODAY = /— \d{4}-\d{2}-\d{2}$/;

let x;
let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  x = await Ext.launch();
  browser = await launch();
});
after(async () => {
  await x?.close();
  await browser?.close();
});

let n = 0;
/**
 * A stand-in API client whose secret does not contain its id (lib.mjs's does, and the core then
 * redacts the id from answers as a piece of the secret: right, but not what an audit note shows).
 */
async function tenant(scopes) {
  const id = `client-e2e-cb-${process.pid}-${n++}`;
  const secret = `pw-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
  await control('clients', { client_id: id, client_secret: secret, scopes });
  return { id, secret };
}

const routes = async (id) => (await events(id)).map((e) => e.route);
const count = async (id, route) => (await routes(id)).filter((r) => r === route).length;

/** The stand-in's API with the tenant's own token (not through the extension or the element). */
async function standin(t, method, path, body) {
  const basic = Buffer.from(`${t.id}:${t.secret}`).toString('base64');
  const tok = await (await fetch(`${STANDIN}/iroh/oauth2/token`, {
    method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials',
  })).json();
  const r = await fetch(`${STANDIN}${path}`, {
    method, headers: { authorization: `Bearer ${tok.access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  return r.json();
}
const stored = (t, id) => standin(t, 'GET', `/ctia/casebook/${id}`);
const spid = (id) => id.replace(/^casebook-/, '');

/** The respond view for a selection made on a page with this title and address (what the context menu passes). */
async function viewFrom(text, page) {
  const opened = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html'), timeout: 10000 });
  await x.evaluate(([t, p]) => globalThis.__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: t, pageUrl: p.url }, { title: p.title }), [text, page]);
  const view = await opened;
  await view.setViewportSize({ width: 560, height: 900 });
  await view.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
  return view;
}

/** Settings as Save writes them; the display preferences as the options page stores them. */
async function configure(t, extra = {}) {
  await x.configure({ baseUrl: STANDIN, privateIntelUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await prefs({ sightings: true, auditNote: false, ...extra });
}
const prefs = (p) => x.evaluate((v) => chrome.storage.local.set(v), p);

test('extension: a new casebook from the selection: title from the page and date, the address only when ticked, Open in XDR', async () => {
  const t = await tenant(FULL);
  await configure(t);
  const view = await viewFrom(REPORT, { title: 'Threat report: wave 3', url: 'https://news.example/wave-3?ref=feed' });
  await view.waitForSelector('.sxr-module');
  // Closed until asked for: no form (and no empty title) before the button is pressed.
  assert.equal(await view.isVisible('.sxr-cb-form'), false, 'the casebook form is closed until Add to casebook…');
  assert.deepEqual(await renderedButHidden(view), [], 'every element toggled with hidden is not rendered');
  await view.click('.sxr-cb-toggle');
  assert.equal(await view.isVisible('.sxr-cb-form'), true);
  await view.waitForFunction(() => document.querySelector('.sxr-cb-title').value !== '');
  const title = await view.inputValue('.sxr-cb-title');
  assert.match(title, /^Threat report: wave 3 — \d{4}-\d{2}-\d{2}$/);
  // The toggle closes it again.
  await view.click('.sxr-cb-toggle');
  assert.equal(await view.isVisible('.sxr-cb-form'), false);
  await view.click('.sxr-cb-toggle');
  // Not ticked: created without the page's address.
  await view.locator('.sxr-observables li', { hasText: 'cisco.com' }).locator('input').uncheck();
  await view.fill('.sxr-cb-note', 'first look, from the morning report');
  await view.screenshot({ path: join(SHOTS, 'casebook.png'), fullPage: true });
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-done');
  const id = await view.getAttribute('.sxr-cb-done', 'data-id');
  const book = await stored(t, id);
  assert.equal(book.title, title);
  assert.equal(book.description, undefined, 'no address unless ticked');
  assert.deepEqual(book.observables.map((o) => o.value), ['evil.com', SHA], 'the ticked observables, as extracted');
  assert.deepEqual(book.texts, [{ type: 'note', text: 'first look, from the morning report' }]);
  const open = view.locator('a.sxr-cb-open');
  assert.equal(await open.getAttribute('href'), `${STANDIN}/investigate?spid=${spid(id)}`);
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.getAttribute('rel'), 'noopener noreferrer');

  // Ticked: the address goes into the description of the next new casebook.
  await view.check('.sxr-cb-url');
  await view.waitForFunction(() => document.querySelector('.sxr-cb-form').dataset.description !== '');
  await view.click('.sxr-cb-save');
  await view.waitForFunction((first) => document.querySelector('.sxr-cb-done')?.dataset.id !== first, id);
  const second = await stored(t, await view.getAttribute('.sxr-cb-done', 'data-id'));
  assert.equal(second.description, 'Observables from https://news.example/wave-3?ref=feed');
  assert.equal(await count(t.id, 'casebook_create'), 2);
  await view.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('extension: add to an existing casebook picked from the latest, by search; a deleted one said clearly', async () => {
  const t = await tenant(FULL);
  await configure(t);
  const old = await standin(t, 'POST', '/ctia/casebook', { type: 'casebook', title: 'Ransomware case', observables: [{ type: 'ip', value: '203.0.113.7' }], timestamp: '2026-10-01T00:00:00.000Z' });
  const newer = await standin(t, 'POST', '/ctia/casebook', { type: 'casebook', title: 'Phishing case', observables: [], timestamp: '2026-11-01T00:00:00.000Z' });
  const view = await x.menuClick('C2 at evil.com');
  await view.waitForSelector('.sxr-module');
  await view.click('.sxr-cb-toggle');
  await view.check('.sxr-cb-mode-existing');
  await view.waitForSelector('.sxr-cb-item');
  assert.deepEqual(await view.$$eval('.sxr-cb-item', (l) => l.map((e) => e.textContent)).then((l) => l.map((s) => s.split(' · ')[0].trim())), ['Phishing case', 'Ransomware case'], 'the latest first');
  // Search matches whole words, as CTIA's does: "ransom" is not "Ransomware" (the hint says so).
  assert.match(await view.getAttribute('.sxr-cb-search', 'placeholder'), /whole words/);
  await view.fill('.sxr-cb-search', 'ransom');
  await view.waitForSelector('.sxr-cb-empty');
  await view.fill('.sxr-cb-search', 'ransomware');
  await view.waitForFunction(() => document.querySelectorAll('.sxr-cb-item').length === 1);
  const oldId = old.id.split('/').pop();
  assert.equal(await view.getAttribute('.sxr-cb-item', 'data-id'), oldId);
  await view.fill('.sxr-cb-note', 'same C2 seen again');
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-done');
  assert.match(await view.textContent('.sxr-cb-done'), /Added to “Ransomware case” \(2 observables\)/);
  const book = await stored(t, oldId);
  assert.deepEqual(book.observables, [{ type: 'ip', value: '203.0.113.7' }, { type: 'domain', value: 'evil.com' }]);
  assert.deepEqual(book.texts, [{ type: 'note', text: 'same C2 seen again' }]);
  const tail = (await routes(t.id)).filter((r) => r.startsWith('casebook_') && r !== 'casebook_get'); // _get: this test's own reads
  assert.deepEqual(tail.slice(-2), ['casebook_observables', 'casebook_texts'], 'observables, then the note');
  assert.equal((await stored(t, newer.id.split('/').pop())).observables.length, 0, 'the other casebook untouched');

  // Adding the same observable again reads the casebook and sends no second copy (CTIA's add
  // concatenates): only the note goes in.
  await view.fill('.sxr-cb-note', 'and again');
  await view.click('.sxr-cb-save');
  await view.waitForFunction(() => document.querySelector('.sxr-cb-done')?.textContent.includes('(2 observables)') && document.querySelector('.sxr-cb-note').value === '');
  assert.deepEqual((await stored(t, oldId)).observables, [{ type: 'ip', value: '203.0.113.7' }, { type: 'domain', value: 'evil.com' }], 'evil.com once');

  // Deleted in XDR meanwhile (CTIA answers the read with 404 and an empty body): said clearly, no note sent.
  const notes = await count(t.id, 'casebook_texts');
  await fault(t.id, 'casebook_get', { kind: 'status', status: 404, body: '' }, 1);
  await view.fill('.sxr-cb-note', 'never sent');
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-out .sxr-error');
  assert.match(await view.textContent('.sxr-cb-out .sxr-error'), new RegExp(`The casebook ${oldId} was not found: it may have been deleted.*Choose another casebook or create a new one`));
  assert.equal(await count(t.id, 'casebook_texts'), notes, 'no note after the observables failed');
  await view.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('extension: the audit note after a confirmed action lands in the chosen casebook', async () => {
  const t = await tenant(FULL);
  await configure(t, { auditNote: true });
  const view = await x.menuClick('C2 at evil.com');
  await view.waitForSelector('.sxr-module');
  await view.click('.sxr-cb-toggle');
  await view.fill('.sxr-cb-title', 'Incident 4711');
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-done');
  const id = await view.getAttribute('.sxr-cb-done', 'data-id');
  await view.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('button').click();
  await view.click('.sxr-confirm-run');
  await view.waitForSelector('.sxr-result:not([hidden]) .sxr-audit');
  const line = await view.textContent('.sxr-audit');
  assert.match(line, new RegExp(`^Audit note added to “Incident 4711”: ${t.id} ran Block this domain \\(Umbrella\\) on domain evil\\.com: success at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC$`));
  const book = await stored(t, id);
  assert.equal(book.texts?.length, 1);
  assert.equal(`Audit note added to “Incident 4711”: ${book.texts[0].text}`, line, 'the stand-in holds exactly that note');
  assert.equal(await count(t.id, 'trigger'), 1);
  const r = await routes(t.id);
  assert.ok(r.lastIndexOf('casebook_texts') > r.lastIndexOf('trigger'), 'the note after the trigger');

  // Audit notes off (the options page's checkbox): the next action writes none.
  const opts = await x.page('options.html');
  assert.equal(await opts.isChecked('#auditNote'), true);
  await opts.uncheck('#auditNote');
  await opts.waitForFunction(() => document.getElementById('auditNoteStatus').textContent === 'Saved.');
  await opts.close();
  const again = await x.menuClick('C2 at evil.com');
  await again.waitForSelector('.sxr-module');
  await again.click('.sxr-cb-toggle');
  await again.click('.sxr-cb-save');
  await again.waitForSelector('.sxr-cb-done');
  await again.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { has: again.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('button').click();
  await again.click('.sxr-confirm-run');
  await again.waitForSelector('.sxr-result:not([hidden])');
  assert.equal(await again.locator('.sxr-audit').count(), 0);
  assert.equal((await stored(t, await again.getAttribute('.sxr-cb-done', 'data-id'))).texts?.length ?? 0, 0, 'CTIA stores no texts key when there are none');
  await view.close();
  await again.close();
});

test('extension: exact Investigate links per observable and for the selection; too long → a casebook, with consent', async () => {
  const t = await tenant(FULL);
  await configure(t);
  const view = await x.menuClick('C2 at evil.com and 203.0.113.7');
  await view.waitForSelector('a.sxr-investigate-all');
  assert.equal(await view.getAttribute('a.sxr-investigate-all', 'href'), `${STANDIN}/investigate?q=evil.com%0A203.0.113.7`);
  // The rows' links come after the selection's (one more round of calls to the worker).
  await view.waitForFunction(() => document.querySelectorAll('.sxr-observables > li a.sxr-investigate').length === 2);
  const each = await view.$$eval('.sxr-observables > li', (lis) => lis.map((li) => [li.querySelector('.sxr-value').textContent, li.querySelector('a.sxr-investigate')?.getAttribute('href'), li.querySelector('a.sxr-investigate')?.rel]));
  assert.deepEqual(each, [['evil.com', `${STANDIN}/investigate?q=evil.com`, 'noopener noreferrer'], ['203.0.113.7', `${STANDIN}/investigate?q=203.0.113.7`, 'noopener noreferrer']]);
  await view.close();

  const many = Array.from({ length: 120 }, (_, i) => `host-${i}.evil-campaign.com`).join(' ');
  const long = await x.menuClick(many);
  await long.waitForSelector('.sxr-investigate-long');
  assert.match(await long.textContent('.sxr-investigate-long'), /too long for an Investigate link \(\d+ characters; links stop at 2083\)/);
  assert.equal(await long.locator('a.sxr-investigate-all').count(), 0);
  assert.equal(await count(t.id, 'casebook_create'), 0, 'no casebook without consent');
  await long.click('.sxr-investigate-save');
  await long.waitForSelector('.sxr-cb-form:not([hidden])');
  await long.waitForFunction(() => document.querySelector('.sxr-cb-title').value !== ''); // the drafted title
  await long.click('.sxr-cb-save');
  await long.waitForSelector('a.sxr-cb-open');
  assert.match(await long.getAttribute('a.sxr-cb-open', 'href'), new RegExp(`^${STANDIN}/investigate\\?spid=[0-9a-f-]{36}$`));
  assert.equal(await count(t.id, 'casebook_create'), 1);
  await long.close();
});

test('extension: "Seen on N of your hosts" beside the badge, opening onto targets with last-seen times; the option turns it off', async () => {
  const t = await tenant(FULL);
  await configure(t);
  const view = await x.menuClick(REPORT);
  await view.waitForSelector('.sxr-sightings');
  await view.waitForSelector('.sxr-badge');
  const seen = await view.$$eval('.sxr-observables > li', (lis) => lis.map((li) => [li.querySelector('.sxr-value').textContent, li.querySelector('.sxr-seen')?.textContent, li.querySelector('.sxr-seen')?.dataset.seen]));
  assert.deepEqual(seen, [
    ['evil.com', 'Seen on 2 of your hosts', 'true'], // the firewall's 10.0.0.42 is WS-042 (issue 25 item 9)
    [SHA, 'Seen on 2 of your hosts', 'true'],
    ['cisco.com', 'Seen 40 times in your environment', 'true'],
  ]);
  const evil = view.locator('.sxr-observables > li', { hasText: 'evil.com' });
  const order = await evil.evaluate((li) => [...li.querySelector('.sxr-enrich').children].map((c) => c.className));
  assert.ok(order.indexOf('sxr-verdict') < order.indexOf('sxr-sightings'), `beside the verdict badge: ${order}`);
  await evil.locator('summary.sxr-seen').click();
  const targets = await evil.locator('.sxr-target').evaluateAll((ts) => ts.map((t) => [t.querySelector('.sxr-target-name').textContent, t.querySelector('.sxr-target-seen')?.textContent]));
  assert.deepEqual(targets, [
    ['WS-042', ' last seen 2026-11-27 14:03 UTC'],
    ['SRV-DB-01', ' last seen 2026-11-26 09:30 UTC'],
  ]);
  assert.match(await evil.locator('.sxr-seen-facts').textContent(), /8 sightings: Secure Endpoint, Umbrella · detected, contained, blocked · last seen 2026-11-27 14:03 UTC/);
  const notes = await view.locator('.sxr-enrich-error').allTextContents();
  // One observe call answered verdicts and sightings: its slow module is named once.
  assert.equal(notes.filter((n) => /^Slow Intel.*timeout.*\(warning\)$/.test(n)).length, 1, JSON.stringify(notes));
  assert.equal(await count(t.id, 'observe'), 1, 'one call for all observables');
  await evil.screenshot({ path: join(SHOTS, 'sightings.png') });
  await view.close();

  const opts = await x.page('options.html');
  assert.equal(await opts.isChecked('#sightings'), true, 'on by default');
  await opts.uncheck('#sightings');
  await opts.waitForFunction(() => document.getElementById('sightingsStatus').textContent === 'Saved.');
  assert.equal(await x.evaluate(async () => (await chrome.storage.local.get('sightings')).sightings), false);
  await opts.close();
  const off = await x.menuClick(REPORT);
  await off.waitForSelector('.sxr-badge');
  assert.equal(await off.locator('.sxr-seen').count(), 0);
  assert.equal(await count(t.id, 'observe'), 1, 'no sightings call while off');
  const refused = await off.evaluate(() => chrome.runtime.sendMessage({ type: 'view→sw:sightings', observables: [{ type: 'domain', value: 'evil.com' }] }));
  assert.equal(refused.ok, false);
  assert.match(refused.error.message, /Sightings are turned off/);
  await off.close();
});

test('extension: a custom private-intel host the browser does not allow is named, not a network error; nothing is sent', async () => {
  const t = await tenant(FULL);
  // The stand-in again, under a host name this dev copy has no permission for (127.0.0.1 only).
  const intel = STANDIN.replace('127.0.0.1', 'localhost');
  await x.configure({ baseUrl: STANDIN, privateIntelUrl: intel, clientId: t.id, clientSecret: t.secret });
  await prefs({ sightings: false, auditNote: false });
  const view = await x.menuClick('C2 at evil.com');
  await view.waitForSelector('.sxr-module');
  await view.click('.sxr-cb-toggle');
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-out .sxr-error');
  const said = await view.textContent('.sxr-cb-out .sxr-error');
  assert.match(said, new RegExp(`does not allow the extension to reach ${intel.replace('http://', '')}.*Open the extension options`));
  assert.equal(await view.getAttribute('.sxr-cb-out .sxr-error', 'data-code'), 'bad-input');
  assert.equal((await routes(t.id)).filter((r) => r.startsWith('casebook')).length, 0, 'no casebook request reached the stand-in');
  assert.ok((await routes(t.id)).includes('respond_observables'), 'the API host itself still works');
  await view.close();
});

test('extension: without the casebook scope the view says which scope to add; Test connection shows it', async () => {
  const t = await tenant(['inspect:read', 'response', 'enrich:read']);
  await configure(t);
  const view = await x.menuClick('C2 at evil.com');
  await view.waitForSelector('.sxr-module');
  await view.click('.sxr-cb-toggle');
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-out .sxr-error');
  assert.equal(await view.getAttribute('.sxr-cb-out .sxr-error', 'data-code'), 'missing-scope');
  assert.match(await view.textContent('.sxr-cb-out .sxr-error'), /lacks the scope casebook needed for casebooks.*add Casebook \(casebook\) or Private Intelligence \(private-intel\)/);
  await view.close();

  const opts = await x.page('options.html');
  await opts.click('#test');
  await opts.waitForSelector('.scopes tr[data-scope="casebook"]');
  assert.equal(await opts.getAttribute('.scopes tr[data-scope="casebook"]', 'data-state'), 'missing');
  const granted = await tenant(FULL);
  await opts.fill('#clientId', granted.id);
  await opts.fill('#clientSecret', granted.secret);
  await opts.click('#test');
  await opts.waitForSelector('.scopes tr[data-scope="casebook"][data-state="granted"]');
  assert.equal(await opts.inputValue('#privateIntelUrl'), STANDIN, 'the private intelligence URL beside the custom base URL');
  assert.equal(await opts.isChecked('#sightings'), true);
  await opts.close();
});

test('portal element: casebook from a selection, the Investigate URL, sightings, the audit note naming the portal user', async () => {
  const t = await portalTenant(FULL);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
  await page.goto(`${WWW}/portal.html?tenant=${encodeURIComponent(t.id)}`);
  await page.waitForSelector('#respond-all:not([disabled])');
  await page.evaluate(() => {
    const el = document.querySelector('securex-respond');
    el.auditNote = true;
    el.actor = 'J. Doe (portal)';
  });
  await page.click('#summary', { clickCount: 3 });
  await page.locator('securex-respond .sxr-float').click();
  const root = page.locator('securex-respond');
  await root.locator('.sxr-module').first().waitFor();
  await root.locator('.sxr-sightings').first().waitFor();
  const evilRow = root.locator('.sxr-observables > li').filter({ has: page.locator('.sxr-value', { hasText: /^evil\.com$/ }) });
  await evilRow.locator('.sxr-seen').waitFor();
  assert.equal(await evilRow.locator('.sxr-seen').textContent(), 'Seen on 2 of your hosts');
  // A threat-intel module's reports are not sightings in your environment (contract §2c).
  const reportedRow = root.locator('.sxr-observables > li').filter({ has: page.locator('.sxr-value', { hasText: /^203\.0\.113\.7$/ }) });
  await reportedRow.locator('.sxr-reported').waitFor();
  assert.equal(await reportedRow.locator('.sxr-reported').textContent(), 'Reported by 1 external source, 57 reports');
  assert.equal(await reportedRow.locator('.sxr-seen').textContent(), 'Not seen in your environment');
  assert.equal(await root.locator('a.sxr-investigate-all').getAttribute('href'),
    `${STANDIN}/investigate?q=${encodeURIComponent(await page.evaluate(() => [...document.querySelector('securex-respond').shadowRoot.querySelectorAll('.sxr-value')].map((v) => v.textContent).join('\n')))}`);
  assert.equal(await root.locator('.sxr-cb-form').isVisible(), false, 'closed until asked for, in the element too');
  assert.deepEqual(await renderedButHidden(page), []);
  await root.locator('.sxr-cb-toggle').click();
  await root.locator('.sxr-cb-title').evaluate((i) => i.value !== '');
  assert.match(await root.locator('.sxr-cb-title').inputValue(), TODAY);
  assert.match(await root.locator('.sxr-cb-title').inputValue(), /^SOC portal · INC-20931/);
  await root.locator('.sxr-cb-save').click();
  await root.locator('.sxr-cb-done').waitFor();
  const id = await root.locator('.sxr-cb-done').getAttribute('data-id');
  await root.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { has: page.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).first().locator('button').click();
  await root.locator('.sxr-confirm-run').click();
  await root.locator('.sxr-result:not([hidden]) .sxr-audit').waitFor();
  const book = await stored(t, id);
  assert.equal(book.texts.length, 1);
  assert.match(book.texts[0].text, /^J\. Doe \(portal\) ran Block this domain \(Umbrella\) on domain evil\.com: success at /);
  assert.ok(book.observables.some((o) => o.value === 'evil.com'));
  assert.equal(await count(t.id, 'observe'), 1);
  await page.close();
});
