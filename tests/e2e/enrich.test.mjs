// Verdicts and pivots beside each observable (issue 8), in the extension's respond view and in
// the portal element, against the stand-in: badges, module verdicts on demand, pivot links only
// for https, a slow module shown as such, a missing enrich:read scope said once while responding
// still works, and the actions list never waiting for enrichment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, WWW, tenant, fault, events, launch, portalTenant } from './lib.mjs';
import { Ext, SHOTS } from './ext-helpers.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];

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

const routes = async (clientId) => (await events(clientId)).map((e) => e.route);
const count = async (clientId, route) => (await routes(clientId)).filter((r) => r === route).length;

/** One observable's row: its badge, verdict modules and pivots, as the page shows them. */
const rows = (page, root = '') => page.$$eval(`${root} .sxr-observables > li`, (lis) => lis.map((li) => ({
  value: li.querySelector('.sxr-value')?.textContent,
  badge: li.querySelector('.sxr-badge')?.textContent ?? null,
  disposition: li.querySelector('.sxr-verdict')?.dataset.disposition ?? null,
  modules: [...li.querySelectorAll('.sxr-verdict-module')].map((m) => m.textContent),
  links: [...li.querySelectorAll('a.sxr-pivot')].map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel'), text: a.textContent })),
  inert: [...li.querySelectorAll('.sxr-pivot-inert')].map((s) => s.textContent),
})));

/** The respond view page without a selection (the toolbar's paste mode), then `text`. */
async function pasteView(text, beforeFind) {
  const view = await x.page('view.html');
  await view.setViewportSize({ width: 560, height: 900 });
  if (beforeFind) await view.evaluate(beforeFind);
  await view.fill('#text', text);
  await view.click('#find');
  return view;
}

test('extension: badges (Malicious / Clean), module verdicts on demand, Talos pivot links, the slow module shown', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const view = await x.menuClick('Beacon to evil.com; cisco.com is fine.');
  await view.waitForSelector('.sxr-module');
  await view.waitForSelector('.sxr-observables .sxr-badge');
  // Pivots cost a call most responds never use: asked only when the person opens them.
  assert.equal(await count(t.id, 'refer'), 0, 'no pivots call before Show pivots');
  await view.click('.sxr-pivots-load');
  await view.waitForSelector('.sxr-observables a.sxr-pivot');
  const got = await rows(view);
  const evil = got.find((r) => r.value === 'evil.com');
  const cisco = got.find((r) => r.value === 'cisco.com');
  assert.equal(evil.badge, 'Malicious');
  assert.equal(evil.disposition, '2');
  assert.equal(cisco.badge, 'Clean');
  assert.equal(cisco.disposition, '1');
  assert.deepEqual(evil.modules, ['Private Intelligence', 'Talos'], 'each module\u2019s verdict is in the row');
  for (const r of [evil, cisco]) {
    assert.equal(r.links.length, 1, JSON.stringify(r));
    const [a] = r.links;
    assert.ok(a.href.startsWith('https://talosintelligence.com/'), a.href);
    assert.ok(a.href.includes(encodeURIComponent(r.value)) || a.href.includes(r.value), a.href);
    assert.equal(a.target, '_blank');
    assert.equal(a.rel, 'noopener noreferrer');
  }
  // Module verdicts on demand: closed at first, opened by a click on the badge.
  const details = view.locator('.sxr-observables > li', { hasText: 'evil.com' }).locator('details.sxr-verdict');
  assert.equal(await details.evaluate((d) => d.open), false);
  assert.equal(await view.locator('.sxr-verdict-list', { hasText: 'Private Intelligence' }).first().isVisible(), false);
  await details.locator('summary').click();
  assert.equal(await details.evaluate((d) => d.open), true);
  assert.match(await details.locator('.sxr-verdict-list').textContent(), /Private Intelligence: Malicious.*Talos: Malicious/);
  // The stand-in's "Slow Intel" timed out: shown as such, nothing else hidden.
  const notes = await view.locator('.sxr-enrich-error').allTextContents();
  assert.ok(notes.some((n) => /Slow Intel: .*timeout/.test(n)), JSON.stringify(notes));
  assert.equal(await view.locator('.sxr-error').count(), 0, 'no flow error');
  // One call each: actions, verdicts and sightings together (observe), pivots on request; one
  // token exchange for all.
  assert.equal(await count(t.id, 'respond_observables'), 1);
  assert.equal(await count(t.id, 'observe'), 1, 'verdicts and sightings from one observe call');
  assert.equal(await count(t.id, 'deliberate'), 0);
  assert.equal(await count(t.id, 'refer'), 1);
  assert.equal(await count(t.id, 'token'), 1);
  await view.screenshot({ path: join(SHOTS, 'enrich.png'), fullPage: true });
  await view.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('extension: the option "Show verdicts and pivots" off → no badges and no enrich calls; on again → back', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const opts = await x.page('options.html');
  assert.equal(await opts.isChecked('#enrich'), true, 'on by default');
  assert.match(await opts.textContent('label:has(#enrich)'), /Show verdicts and pivots \(1 more API call per respond; pivots only when you open them\)/);
  await opts.uncheck('#enrich');
  await opts.waitForFunction(() => document.getElementById('enrichStatus').textContent === 'Saved.');
  assert.equal(await x.evaluate(async () => (await chrome.storage.local.get('enrich')).enrich), false, 'stored in storage.local');

  const off = await x.menuClick('evil.com');
  await off.waitForSelector('.sxr-module');
  assert.equal(await off.locator('.sxr-enrich, .sxr-badge, .sxr-pivot').count(), 0);
  assert.equal(await count(t.id, 'deliberate') + await count(t.id, 'refer') + await count(t.id, 'observe'), 0, 'no enrich call while off');
  const refused = await off.evaluate(() => chrome.runtime.sendMessage({ type: 'view→sw:verdicts', observables: [{ type: 'domain', value: 'evil.com' }] }));
  assert.equal(refused.ok, false, 'the worker refuses enrichment while off');
  await off.close();

  await opts.evaluate(() => { document.getElementById('enrichStatus').textContent = ''; });
  await opts.check('#enrich');
  await opts.waitForFunction(() => document.getElementById('enrichStatus').textContent === 'Saved.');
  await opts.reload();
  await opts.waitForSelector('body[data-ready="1"]');
  assert.equal(await opts.isChecked('#enrich'), true, 'kept after a reload');
  await opts.close();
  const on = await x.menuClick('evil.com');
  await on.waitForSelector('.sxr-badge');
  assert.equal(await count(t.id, 'observe'), 1);
  await on.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('extension: without enrich:read the view says so once; actions and a trigger still work', async () => {
  const t = await tenant(['inspect:read', 'response']);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const view = await x.menuClick('evil.com and cisco.com');
  await view.waitForSelector('.sxr-module');
  await view.waitForSelector('.sxr-enrich-scope');
  // The observe call (verdicts and sightings) was refused, and pivots too once asked for.
  await view.waitForFunction(() => !document.querySelector('.sxr-pending'));
  await view.click('.sxr-pivots-load');
  await view.waitForFunction(() => !document.querySelector('.sxr-pivots-load'));
  await view.waitForTimeout(200);
  const scope = await view.locator('.sxr-enrich-scope').allTextContents();
  assert.equal(scope.length, 1, 'said once');
  assert.match(scope[0], /^Verdicts and pivots need the enrich:read scope/);
  assert.equal(await view.locator('.sxr-enrich-failed, .sxr-badge, .sxr-error').count(), 0, 'no other enrichment error, no flow error');
  assert.equal(await count(t.id, 'observe'), 1);
  assert.equal(await count(t.id, 'refer'), 1);

  await view.locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).first().locator('button').click();
  assert.match(await view.textContent('.sxr-confirm-text'), /Block this domain.*evil\.com/);
  await view.click('.sxr-confirm-run');
  await view.waitForSelector('.sxr-result:not([hidden])');
  assert.match(await view.textContent('.sxr-result'), /succeeded/);
  assert.equal(await count(t.id, 'trigger'), 1);
  assert.equal(await view.locator('.sxr-enrich-scope').count(), 1, 'still said once');
  await view.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('extension: javascript: and http: pivot URLs are shown as text, never as links', async () => {
  const t = await tenant(FULL);
  const pivot = (id, title, url) => ({
    module: 'Hostile Refer', module_instance_id: 'hostile-refer', module_type_id: 'hostile', id, title,
    description: 'pivot from a module', categories: ['Search'], url,
  });
  await fault(t.id, 'refer', {
    kind: 'body', content_type: 'application/json', body: JSON.stringify({ data: [
      pivot('p-js-evil.com', 'JS pivot', 'javascript:window.__pwned=1//evil.com'),
      pivot('p-http-evil.com', 'HTTP pivot', 'http://lookup.example/evil.com'),
      pivot('p-rel-evil.com', 'Relative pivot', '/lookup/evil.com'),
      pivot('p-https-evil.com', 'HTTPS pivot', 'https://lookup.example/q?evil.com'),
    ] }),
  });
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const view = await x.menuClick('evil.com');
  await view.click('.sxr-pivots-load');
  await view.waitForSelector('.sxr-pivot');
  // Every link but the Investigate links, which the core builds from the base URL itself (plain http only on loopback).
  const hrefs = await view.$$eval('a:not(.sxr-investigate):not(.sxr-investigate-all)', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(!hrefs.some((h) => /^javascript:/i.test(h || '')), JSON.stringify(hrefs));
  assert.ok(!hrefs.some((h) => /^http:/i.test(h || '')), JSON.stringify(hrefs));
  assert.ok(!hrefs.some((h) => (h || '').includes('/lookup/evil.com')), JSON.stringify(hrefs));
  const [row] = await rows(view);
  assert.deepEqual(row.links.map((l) => [l.text, l.href, l.target, l.rel]), [['HTTPS pivot', 'https://lookup.example/q?evil.com', '_blank', 'noopener noreferrer']]);
  assert.equal(row.inert.length, 3, JSON.stringify(row.inert));
  assert.ok(row.inert[0].startsWith('JS pivot') && row.inert[1].startsWith('HTTP pivot') && row.inert[2].startsWith('Relative pivot'), JSON.stringify(row.inert));
  await view.locator('.sxr-pivot-inert', { hasText: 'JS pivot' }).click();
  assert.equal(await view.evaluate(() => window.__pwned), undefined);
  assert.equal(x.context.pages().filter((p) => p.url().startsWith('http')).length, 0, 'nothing opened');
  await view.close();
});

test('extension: a slow verdict module (1.5 s) does not delay the actions list', async () => {
  const t = await tenant(FULL);
  await fault(t.id, 'observe', { kind: 'delay', ms: 1500 });
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  // Record the order in which the parts appear, from inside the page, before the flow starts.
  const view = await pasteView('evil.com cisco.com', () => {
    window.__order = [];
    const seen = new Set();
    const note = () => {
      for (const [name, sel] of [['module', '.sxr-module'], ['pending', '.sxr-pending'], ['pivot', '.sxr-pivots-load'], ['badge', '.sxr-badge']]) {
        if (!seen.has(name) && document.querySelector(sel)) {
          seen.add(name);
          window.__order.push({ name, pendingNow: !!document.querySelector('.sxr-pending'), badgeNow: !!document.querySelector('.sxr-badge') });
        }
      }
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
  });
  await view.waitForSelector('.sxr-badge', { timeout: 15000 });
  const order = await view.evaluate(() => window.__order);
  const names = order.map((o) => o.name);
  assert.ok(names.indexOf('module') >= 0 && names.indexOf('module') < names.indexOf('badge'), JSON.stringify(order));
  const atModules = order.find((o) => o.name === 'module');
  assert.equal(atModules.pendingNow, true, 'the verdicts were still pending when the actions appeared');
  assert.equal(atModules.badgeNow, false);
  assert.ok(names.indexOf('pivot') < names.indexOf('badge'), `Show pivots is not held back by verdicts: ${JSON.stringify(order)}`);
  await view.close();
});

test('portal element: badges and pivots in the shadow root; no-enrich turns them off', async () => {
  const t = await portalTenant(FULL);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(`${WWW}/portal.html?tenant=${encodeURIComponent(t.id)}`);
  await page.waitForSelector('#respond-all:not([disabled])');
  await page.click('#summary', { clickCount: 3 });
  await page.locator('securex-respond .sxr-float').click();
  await page.waitForSelector('securex-respond .sxr-module');
  await page.waitForSelector('securex-respond .sxr-badge');
  await page.locator('securex-respond .sxr-pivots-load').click();
  await page.waitForSelector('securex-respond a.sxr-pivot');
  const got = await page.evaluate(() => {
    const root = document.querySelector('securex-respond').shadowRoot;
    return [...root.querySelectorAll('.sxr-observables > li')].map((li) => ({
      value: li.querySelector('.sxr-value').textContent,
      badge: li.querySelector('.sxr-badge')?.textContent,
      links: [...li.querySelectorAll('a.sxr-pivot')].map((a) => [a.getAttribute('href'), a.target, a.rel]),
    }));
  });
  const evil = got.find((r) => r.value === 'evil.com');
  assert.equal(evil?.badge, 'Malicious', JSON.stringify(got));
  assert.ok(evil.links.length === 1 && evil.links[0][0].startsWith('https://talosintelligence.com/') && evil.links[0][1] === '_blank' && evil.links[0][2] === 'noopener noreferrer', JSON.stringify(evil));
  assert.equal(got.find((r) => r.value === '203.0.113.7')?.badge, 'Unknown');
  assert.equal(await count(t.id, 'observe'), 1, 'verdicts and sightings from one call');
  assert.equal(await count(t.id, 'deliberate'), 0);
  assert.equal(await count(t.id, 'refer'), 1);
  await page.locator('securex-respond').screenshot({ path: join(SHOTS, 'enrich-portal.png') });

  // no-enrich: the next respond asks only for actions.
  await page.evaluate(() => document.querySelector('securex-respond').setAttribute('no-enrich', ''));
  assert.equal(await page.evaluate(() => document.querySelector('securex-respond').noEnrich), true);
  await page.click('#respond-all');
  await page.waitForFunction(() => {
    const root = document.querySelector('securex-respond').shadowRoot;
    return root.querySelector('.sxr-module') && !root.querySelector('.sxr-status').textContent;
  });
  assert.equal(await page.locator('securex-respond .sxr-badge, securex-respond .sxr-pivot').count(), 0);
  assert.equal(await count(t.id, 'respond_observables'), 2);
  assert.equal(await count(t.id, 'observe'), 1, 'no verdicts call with no-enrich');
  assert.equal(await count(t.id, 'refer'), 1, 'no pivots call with no-enrich');
  await page.close();
});
