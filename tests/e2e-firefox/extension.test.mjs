// The Firefox package (dist/securex-respond-<version>-firefox.zip, exactly what would be signed)
// in headless Firefox ESR, installed as a temporary add-on, against the stand-in. One Firefox for
// the file; each test uses its own stand-in client and checks the stand-in's event log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Firefox, packagePath, SHOTS, IDLE_MS, sleep, fillOptions } from './ff.mjs';
import { STANDIN, WWW, tenant, events } from '../e2e/lib.mjs';
import { confirmOnce } from '../e2e/flows.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
const SELECTION = 'Beacon to hxxps://evil[.]com/gate.php and 203.0.113.7 seen on FIN-LT-0412.';
const STANDIN_HOST = 'http://127.0.0.1/*';
let ff;
let t; // the stand-in client the options page saves in the first test

before(async () => {
  ff = await Firefox.launch();
  await ff.install(packagePath('firefox'));
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await ff?.close(); });

const count = async (id, route) => (await events(id)).filter((e) => e.route === route).length;

/** The background page's test hooks (the same functions its listeners call). */
const status = (page) => page.eval(async () => (await browser.runtime.getBackgroundPage()).__sxr.status());

async function options() {
  const page = await ff.open('options.html');
  await page.waitFor(() => document.body.dataset.ready === '1');
  return page;
}

/** The context-menu handler with a selection; resolves to the respond window that opens. */
async function menuClick(page, selectionText) {
  await page.eval(async (text) => (await browser.runtime.getBackgroundPage()).__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: text }), selectionText);
  const view = await ff.waitForContext((url) => url.startsWith(`${ff.origin}/view.html?id=`));
  await view.setViewport(560, 900);
  await view.waitFor(() => document.body.dataset.ready === '1');
  return view;
}

test('firefox: the package installs as a temporary add-on, its background starts, the menu exists, nothing is set up', async () => {
  const page = await ff.open('options.html');
  const r = await page.eval(async () => {
    const bg = await browser.runtime.getBackgroundPage();
    let updateError = null;
    await browser.contextMenus.update('respond-selection', {}).catch((e) => { updateError = e.message; });
    return { created: bg.__sxr.menu.created, updateError, manifest: browser.runtime.getManifest(), setAccessLevel: typeof browser.storage.session.setAccessLevel, same: globalThis.chrome === globalThis.browser };
  });
  assert.equal(r.created, 1);
  assert.equal(r.updateError, null);
  assert.equal(r.manifest.version_name, undefined, 'not the dev copy');
  assert.ok(!r.manifest.host_permissions.includes(STANDIN_HOST), 'the package cannot reach the stand-in until the user allows it');
  assert.equal(r.setAccessLevel, 'undefined', 'Firefox has no storage.session.setAccessLevel (sw-browser.js skips it)');
  assert.equal(r.same, true, 'chrome is browser in Firefox');
  const st = await status(page);
  assert.equal(st.source, 'none');
  assert.equal(st.configured, false);
  await page.close();
});

test('firefox options: a custom base URL asks for its host permission on the click; Test connection; Save', async () => {
  t = await tenant(FULL);
  const page = await options();
  assert.equal(await page.eval(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })), false);
  await fillOptions(page, { region: 'custom', baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  // Before asking: the core's notice says the browser does not allow that host yet.
  const notice = await page.waitFor(() => !document.getElementById('permission').hidden && document.getElementById('permission').textContent);
  assert.equal(notice, `The browser does not allow this extension to reach ${new URL(STANDIN).host} yet. Save or Test connection asks for it.`);
  await page.click('#test'); // a real click: permissions.request needs the user's gesture
  await page.waitFor(() => document.querySelector('.connection'));
  assert.deepEqual(await page.eval(() => [...document.querySelectorAll('.scopes tr')].map((r) => [r.dataset.scope, r.dataset.state])),
    [['inspect:read', 'granted'], ['response', 'granted'], ['enrich:read', 'granted'], ['casebook', 'missing']]);
  assert.equal(await page.eval(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })), true, 'granted on the click');
  assert.equal(await page.eval(() => document.getElementById('permission').hidden), true, 'the notice is gone');
  await fillOptions(page, { clientSecret: t.secret });
  await page.click('#save');
  await page.waitFor(() => document.getElementById('status').textContent === 'Saved.');
  const st = await status(page);
  assert.equal(st.effectiveBaseUrl, STANDIN);
  assert.equal(st.configured, true);
  assert.equal(await count(t.id, 'token'), 1, 'Test connection exchanged one token');
  await page.screenshot(join(SHOTS, 'firefox-options.png'));
  await page.close();
});

test('firefox: selection → observables → actions → confirm → exactly one trigger', async () => {
  assert.ok(t, 'set up by the options test');
  const page = await ff.open('options.html');
  const view = await menuClick(page, SELECTION);
  assert.ok(!(await view.eval(() => location.href)).includes('evil'), 'the selection is not in the URL');
  await view.waitFor(() => document.querySelector('.sxr-module'));
  const obs = await view.eval(() => [...document.querySelectorAll('.sxr-observables .sxr-value')].map((e) => e.textContent));
  assert.ok(obs.includes('evil.com') && obs.includes('203.0.113.7'), JSON.stringify(obs));
  const modules = await view.waitFor(() => {
    const m = [...document.querySelectorAll('.sxr-module h3')].map((h) => h.textContent);
    return m.includes('Umbrella') && m;
  });
  assert.ok(modules.includes('Secure Firewall'), JSON.stringify(modules));
  // The shared flow (../e2e/flows.mjs), the same in Chromium; ff.mjs's Page is the driver.
  const { confirmText, triggersBeforeRun, result, triggers } = await confirmOnce(view, t.id, 'Umbrella', 'Block this domain');
  assert.match(confirmText, /Block this domain.*Umbrella.*domain.*evil\.com/);
  assert.equal(triggersBeforeRun, 0, 'nothing triggered before confirmation');
  assert.match(result, /succeeded/); // after a double click
  assert.equal(triggers.length, 1, 'exactly one trigger in the stand-in log');
  assert.match(triggers[0].path_and_query, /umbrella-block/);
  assert.equal(triggers[0].origin, ff.origin, 'sent by the extension (moz-extension origin)');
  assert.ok(!(await view.eval(() => document.documentElement.outerHTML)).includes(t.secret), 'the view never sees the secret');
  await view.screenshot(join(SHOTS, 'firefox-respond.png'));
  await view.close();
  await page.close();
  assert.deepEqual(ff.errors(), [], 'no errors in extension pages or the background');
});

test('firefox keyboard shortcut: scripting.executeScript reads the selection of the tab', async () => {
  // Any page on 127.0.0.1: the options test allowed that host.
  const source = await ff.open(`${WWW}/portal.html`);
  await source.eval(() => { getSelection().selectAllChildren(document.getElementById('summary')); return true; });
  const page = await ff.open('options.html');
  await page.eval(async (url) => {
    const tab = (await browser.tabs.query({})).find((t) => t.url === url);
    return (await browser.runtime.getBackgroundPage()).__sxr.onCommand('respond-selection', tab);
  }, `${WWW}/portal.html`);
  const view = await ff.waitForContext((url) => url.startsWith(`${ff.origin}/view.html?id=`));
  const text = await view.waitFor(() => document.body.dataset.ready === '1' && document.getElementById('text').value);
  assert.match(text, /https:\/\/evil\.com\/gate\.php/);
  await view.waitFor(() => document.querySelector('.sxr-observables li'));
  await view.close();
  await page.close();
  await source.close();
});

test('firefox: the background is stopped when idle and starts again without a new token exchange', async () => {
  const page = await ff.open('options.html');
  await page.eval(async () => { (await browser.runtime.getBackgroundPage()).__marker = 'before'; return true; });
  assert.equal(await page.eval(async () => (await browser.runtime.getBackgroundPage()).__marker), 'before', 'the same page while it runs');
  const tokens = await count(t.id, 'token');
  assert.ok(tokens >= 1);
  // Firefox suspends an idle event page (IDLE_MS in this profile, 30 s by default).
  await sleep(IDLE_MS * 2 + 1000);
  const after = await page.eval(async () => (await browser.runtime.getBackgroundPage()).__marker ?? 'gone');
  assert.equal(after, 'gone', 'the background page was stopped and started again');
  const view = await menuClick(page, 'block evil.com');
  await view.waitFor(() => [...document.querySelectorAll('.sxr-module h3')].some((h) => h.textContent === 'Umbrella'));
  assert.equal(await count(t.id, 'token'), tokens, 'the token saved in storage.session was reused');
  await view.close();
  await page.close();
});

test('firefox: a revoked host permission: the respond view says so (not a network error); options shows it and Save asks again', async () => {
  const page = await options();
  assert.equal(await page.eval(() => browser.permissions.remove({ origins: ['http://127.0.0.1/*'] })), true);
  const before = (await events(t.id)).length;
  const view = await menuClick(page, 'block evil.com');
  const error = await view.waitFor(() => document.querySelector('.sxr-error')?.textContent);
  const host = new URL(STANDIN).host;
  assert.match(error, new RegExp(`does not allow the extension to reach ${host.replace('.', '\\.')}: the site permission was refused or removed`));
  assert.doesNotMatch(error, /Could not reach|network/i);
  assert.equal(await view.eval(() => document.querySelector('.sxr-error').dataset.code), 'bad-input');
  assert.equal(await view.eval(() => [...document.querySelectorAll('#hint button')].map((b) => b.textContent).join()), 'Open the extension options');
  assert.equal((await events(t.id)).length, before, 'nothing was sent');
  await view.screenshot(join(SHOTS, 'firefox-permission.png'));
  await view.close();

  await page.close();
  const opts = await options();
  const notice = await opts.waitFor(() => !document.getElementById('permission').hidden && document.getElementById('permission').textContent);
  assert.match(notice, new RegExp(`does not allow this extension to reach ${host.replace('.', '\\.')} yet`));
  await opts.click('#save'); // the saved secret is kept for the same host; the click asks for the permission
  await opts.waitFor(() => document.getElementById('status').textContent === 'Saved.');
  assert.equal(await opts.eval(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })), true);
  assert.equal(await opts.eval(() => document.getElementById('permission').hidden), true);
  await opts.close();
});

test('firefox: a refused region host: the view names it, options asks for it and the region\'s private-intel host on Save', async () => {
  const page = await options();
  const eu = 'https://visibility.eu.amp.cisco.com/*';
  const intel = 'https://private.intel.eu.amp.cisco.com/*';
  assert.equal(await page.eval((o) => browser.permissions.remove({ origins: [o] }), eu), true, 'Firefox lets the user take back a manifest host permission');
  assert.equal(await page.eval((o) => browser.permissions.remove({ origins: [o] }), intel), true);
  assert.equal(await page.eval((o) => browser.permissions.contains({ origins: [o] }), intel), false);
  await page.eval(async (s) => (await browser.runtime.getBackgroundPage()).__sxr.saveSettings(s), { region: 'eu', baseUrl: '', clientId: t.id, clientSecret: t.secret, remember: 'session' });
  const view = await menuClick(page, 'block evil.com');
  const error = await view.waitFor(() => document.querySelector('.sxr-error strong')?.textContent);
  assert.equal(error, 'This browser does not allow the extension to reach visibility.eu.amp.cisco.com: the site permission was refused or removed. Open the extension options and press Save or Test connection to allow it.');
  await view.close();
  await page.close();
  const opts = await options();
  assert.equal(await opts.eval(() => document.getElementById('region').value), 'eu');
  assert.equal(await opts.waitFor(() => !document.getElementById('permission').hidden && document.getElementById('permission').textContent),
    'The browser does not allow this extension to reach visibility.eu.amp.cisco.com yet. Save or Test connection asks for it.');
  await opts.click('#save'); // the saved secret is for this host; the click asks for the permission (no network needed)
  await opts.waitFor(() => document.getElementById('status').textContent === 'Saved.');
  assert.equal(await opts.eval((o) => browser.permissions.contains({ origins: [o] }), eu), true);
  assert.equal(await opts.eval((o) => browser.permissions.contains({ origins: [o] }), intel), true, 'casebooks go to the region\'s private-intel host');
  assert.equal(await opts.eval(() => document.getElementById('permission').hidden), true);
  await opts.close();
});
