// Issue 23, item 2: accessibility. axe-core (tests/e2e/axe.mjs) over every page a person works
// in, each in the state that shows the most, in the light and the dark theme
// (prefers-color-scheme): the extension's respond view (observables, verdict badges, actions, the
// confirmation open, a result, an error), the options page, the scan panel (results with verdicts,
// the bulk confirmation open), the casebook step, and the portal element on the demo portal page
// (and the demo page's own view). No serious or critical violation may remain; milder ones are
// printed as test diagnostics. The keyboard-only flows are in keyboard.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, WWW, tenant, fault, launch, portalTenant } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';
import { openFixture, openPanel } from './scan-lib.mjs';
import { axeViolations, formatViolations, FAILING } from './axe.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read', 'casebook'];
const THEMES = ['light', 'dark'];

let x;
let browser;
before(async () => {
  x = await Ext.launch();
  browser = await launch();
});
after(async () => {
  await x?.close();
  await browser?.close();
});

async function setup({ enrich = true } = {}) {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, privateIntelUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await x.evaluate((on) => chrome.storage.local.set({ enrich: on, sightings: on }), enrich);
  return t;
}

/**
 * Checks the page as it is now in both themes; collects the failures (so one run shows every
 * state and theme that fails) and logs the milder findings.
 */
async function check(t, page, what, failures) {
  for (const scheme of THEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    const all = await axeViolations(page);
    const bad = all.filter((v) => FAILING.includes(v.impact));
    if (bad.length) failures.push(`${what} (${scheme}):\n${formatViolations(bad)}`);
    const mild = all.filter((v) => !FAILING.includes(v.impact));
    if (mild.length) t.diagnostic(`${what} (${scheme}), not failing: ${mild.map((v) => `${v.id} [${v.impact}] ×${v.nodes.length}`).join(', ')}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const verdict = (failures) => assert.equal(failures.length, 0, `serious or critical axe violations:\n${failures.join('\n\n')}`);

test('respond view: observables with verdicts, actions, the confirmation open, a result, an error', async (t) => {
  const c = await setup();
  const failures = [];
  const view = await x.menuClick('Beacon to evil.com from 203.0.113.7; cisco.com is fine.');
  await view.waitForSelector('.sxr-module');
  await view.waitForSelector('.sxr-observables .sxr-badge', { timeout: 15000 });
  await view.waitForFunction(() => !document.querySelector('.sxr-pending'), null, { timeout: 15000 });
  await check(t, view, 'respond view, listed', failures);

  const run = view.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { hasText: 'Block this domain' }).locator('.sxr-run').first();
  await run.click();
  await view.waitForSelector('.sxr-confirm:not([hidden])');
  await check(t, view, 'respond view, confirmation open', failures);

  await view.click('.sxr-confirm-run');
  await view.waitForSelector('.sxr-result:not([hidden]) .sxr-success');
  await check(t, view, 'respond view, result shown', failures);

  await fault(c.id, 'trigger', { kind: 'status', status: 503, body: '{"error":"down"}', content_type: 'application/json' }, 1);
  await run.click();
  await view.click('.sxr-confirm-run');
  await view.waitForSelector('.sxr-result:not([hidden]) .sxr-error');
  await check(t, view, 'respond view, error shown', failures);

  // Each module's verdict open (a details list) and the verdict badges' own colours.
  await view.locator('.sxr-observables .sxr-badge').first().click();
  await check(t, view, 'respond view, a verdict list open', failures);
  await view.close();
  verdict(failures);
});

test('options page', async (t) => {
  await setup();
  const failures = [];
  const page = await x.page('options.html');
  await check(t, page, 'options', failures);
  await page.click('#test');
  await page.waitForFunction(() => document.querySelector('#result').textContent !== '', null, { timeout: 15000 });
  await check(t, page, 'options, after Test connection', failures);
  await page.check('input[name="authMode"][value="signin"]');
  await check(t, page, 'options, sign-in mode', failures);
  await page.close();
  verdict(failures);
});

test('onboarding page: every step, after Test connection, and an error', async (t) => {
  await setup();
  const failures = [];
  const page = await x.page('onboarding.html');
  await check(t, page, 'onboarding', failures);
  await page.check('input[name="authMode"][value="shared"]');
  await page.click('#test');
  await page.waitForSelector('#status .connection', { timeout: 15000 });
  await check(t, page, 'onboarding, after Test connection', failures);
  await page.selectOption('#region', 'custom');
  await page.fill('#baseUrl', 'http://visibility.example.com'); // plain http off loopback: the core refuses it
  await page.click('#save');
  await page.waitForSelector('#status .sxr-error');
  await check(t, page, 'onboarding, an error', failures);
  await page.check('input[name="authMode"][value="signin"]');
  await check(t, page, 'onboarding, sign-in mode', failures);
  await page.close();
  verdict(failures);
});

test('scan panel: results with verdicts, then the bulk confirmation open', async (t) => {
  await setup();
  const failures = [];
  const { page, tabId } = await openFixture(x, 'scan-campaign.html');
  const { panel } = await openPanel(x, tabId);
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });
  await check(t, panel, 'scan panel, results', failures);
  await panel.check('#verdict-colours');
  await check(t, panel, 'scan panel, verdict colours on', failures);
  await panel.selectOption('#type', 'domain');
  await panel.click('#select-shown');
  await panel.click('#respond');
  const block = panel.locator('label.group', { hasText: /^ Block this domain/ });
  await block.locator('input').check();
  await check(t, panel, 'scan panel, actions to pick', failures);
  await panel.click('#review');
  await panel.waitForSelector('#confirm-run:not([disabled])');
  await check(t, panel, 'scan panel, bulk confirmation open', failures);
  await panel.click('#confirm-run');
  await panel.waitForSelector('.run-summary:text-matches("^Done")', { timeout: 20000 });
  await check(t, panel, 'scan panel, run done', failures);
  await panel.close();
  await page.close();
  verdict(failures);
});

test('casebook step: the new-casebook form, then an existing casebook picked', async (t) => {
  await setup();
  const failures = [];
  const opened = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html'), timeout: 10000 });
  await x.evaluate((text) => globalThis.__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: text, pageUrl: 'https://news.example/wave-3' }, { title: 'Threat report' }), 'C2 at evil.com and 203.0.113.7');
  const view = await opened;
  await view.setViewportSize({ width: 560, height: 900 });
  await view.waitForSelector('body[data-ready="1"]');
  await view.waitForSelector('.sxr-module');
  await view.click('.sxr-cb-toggle');
  await view.waitForFunction(() => document.querySelector('.sxr-cb-title').value !== '');
  await check(t, view, 'casebook, new', failures);
  await view.click('.sxr-cb-save');
  await view.waitForSelector('.sxr-cb-done');
  await check(t, view, 'casebook, created', failures);
  await view.check('.sxr-cb-mode-existing');
  await view.waitForSelector('.sxr-cb-item');
  await check(t, view, 'casebook, existing', failures);
  await view.close();
  verdict(failures);
});

test('portal element on the demo portal page, and the demo page', async (t) => {
  const c = await portalTenant();
  const failures = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${WWW}/portal.html?tenant=${encodeURIComponent(c.id)}`);
  await page.waitForSelector('#respond-all:not([disabled])');
  await check(t, page, 'portal page, closed', failures);
  await page.click('#respond-all');
  await page.waitForSelector('securex-respond .sxr-module h3:text("Umbrella")');
  await page.waitForFunction(() => !document.querySelector('securex-respond').shadowRoot.querySelector('.sxr-pending'), null, { timeout: 15000 });
  await check(t, page, 'portal element, listed', failures);
  await page.locator('securex-respond .sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { hasText: /Block this domain/ }).locator('button').first().click();
  await check(t, page, 'portal element, confirmation open', failures);
  await page.locator('securex-respond .sxr-confirm-run').click();
  await page.waitForSelector('securex-respond .sxr-result:not([hidden])');
  await check(t, page, 'portal element, result', failures);

  await page.goto(`${WWW}/`);
  await page.waitForSelector('#find:not([disabled])');
  await page.click('#find');
  await page.waitForSelector('.sxr-module');
  await check(t, page, 'demo page, listed', failures);
  await page.close();
  verdict(failures);
});
