// Hardening, part 4: secret hygiene. The full flows (extension options → Test connection → Save →
// respond → trigger; the portal page) run with a recognisable client secret; then every captured
// output is scanned for the secret and for the access token (read from the worker's
// chrome.storage.session): console messages of every page and of the service worker, DOM snapshots
// (shadow roots and form values included), request URLs the stand-in saw, localStorage /
// sessionStorage of the http pages, this process's stdout/stderr and Chromium's own stdout/stderr.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { STANDIN, WWW, CHROMIUM_ARGS, CONTROL_HEADERS, control, events } from './lib.mjs';
import { EXT_DIR } from './ext-helpers.mjs';
import { FULL } from './hard-lib.mjs';

const SECRET = `SXR-HYGIENE-SECRET-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
const ID = `client-hygiene-${process.pid}-${Date.now()}`;

// Everything the run writes: this process's stdout/stderr, and the browser's (via the logger).
const captured = { out: [], browser: [], console: [], dom: [], storage: [] };
const origOut = process.stdout.write.bind(process.stdout);
const origErr = process.stderr.write.bind(process.stderr);
process.stdout.write = (c, ...r) => { captured.out.push(String(c)); return origOut(c, ...r); };
process.stderr.write = (c, ...r) => { captured.out.push(String(c)); return origErr(c, ...r); };
after(() => { process.stdout.write = origOut; process.stderr.write = origErr; });

const logger = { isEnabled: () => true, log: (name, _sev, message) => { captured.browser.push(`${name}: ${message}`); } };

/** Every page's DOM (shadow roots, form values), and web storage of http pages. */
async function snapshot(page) {
  const snap = await page.evaluate(() => {
    const parts = [];
    const walk = (root) => {
      parts.push(root.innerHTML ?? '');
      for (const e of root.querySelectorAll('*')) {
        if (e.shadowRoot) walk(e.shadowRoot);
        if ('value' in e && typeof e.value === 'string') parts.push(e.value);
      }
    };
    walk(document.documentElement);
    let storage = '';
    if (location.protocol.startsWith('http')) storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie;
    return { dom: parts.join('\n') + location.href + document.title, storage };
  });
  captured.dom.push(`${page.url()}\n${snap.dom}`);
  captured.storage.push(snap.storage);
}

/**
 * The extension in a fresh Chromium whose own output goes to the logger; console messages of every
 * page and worker go to `consoleLines`. Returns the context, its profile folder, the extension id and
 * a getter for the current service worker (it may restart).
 */
async function launchCaptured(consoleLines) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sxr-hyg-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, logger,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...CHROMIUM_ARGS, '--enable-logging=stderr', '--v=0', `--disable-extensions-except=${EXT_DIR}`, `--load-extension=${EXT_DIR}`],
  });
  context.on('console', (m) => consoleLines.push(`${m.type()} ${m.text()} ${JSON.stringify(m.location())}`));
  context.on('weberror', (e) => consoleLines.push(`weberror ${e.error()}`));
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker');
  const extId = new URL(worker.url()).host;
  const sw = async () => context.serviceWorkers().filter((w) => w.url().includes(extId)).at(-1);
  return { context, userDataDir, extId, sw };
}

test('secret hygiene: neither the client secret nor the access token appears in any output', async () => {
  await control('clients', { client_id: ID, client_secret: SECRET, scopes: FULL });
  const { context, userDataDir, extId, sw } = await launchCaptured(captured.console);
  try {

    // Options: custom base URL, id, secret → Test connection → Save.
    const opts = await context.newPage();
    await opts.goto(`chrome-extension://${extId}/options.html`);
    await opts.waitForSelector('body[data-ready="1"]');
    await opts.selectOption('#region', 'custom');
    await opts.fill('#baseUrl', STANDIN);
    await opts.fill('#clientId', ID);
    await opts.fill('#clientSecret', SECRET);
    await opts.click('#test');
    await opts.waitForSelector('.connection');
    await opts.click('#save');
    await opts.waitForFunction(() => document.getElementById('status').textContent === 'Saved.');
    await snapshot(opts);
    await (await sw()).evaluate(() => chrome.storage.local.set({ enrich: true }));

    // Respond → confirm → trigger, through the context-menu handler.
    const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html') });
    await (await sw()).evaluate(() => globalThis.__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: 'Beacon to evil.com from 203.0.113.7' }));
    const view = await opened;
    await view.waitForSelector('.sxr-module');
    await view.locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('.sxr-run').click();
    await view.click('.sxr-confirm-run');
    await view.waitForSelector('.sxr-result:not([hidden])');
    await view.waitForTimeout(300); // verdicts, pivots
    await snapshot(view);

    // The toolbar popup with pasted text, too.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extId}/view.html?popup`);
    await popup.waitForSelector('body[data-ready="1"]');
    await popup.fill('#text', 'evil.com');
    await popup.click('#find');
    await popup.waitForSelector('.sxr-module');
    await snapshot(popup);

    const { token } = await (await sw()).evaluate(() => chrome.storage.session.get('token'));
    const accessToken = token?.state?.accessToken;
    assert.ok(typeof accessToken === 'string' && accessToken.length >= 16, 'the worker holds a token');

    // The portal page with the same API client (its secret stays in the demo back end).
    const r = await fetch(`${WWW}/demo/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: ID, client_secret: SECRET }) });
    assert.equal(r.status, 200);
    const portal = await context.newPage();
    await portal.goto(`${WWW}/portal.html?tenant=${encodeURIComponent(ID)}`);
    await portal.waitForSelector('#respond-all:not([disabled])');
    await portal.click('#respond-all');
    await portal.waitForSelector('securex-respond .sxr-module');
    await portal.locator('securex-respond .sxr-action', { has: portal.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).first().locator('.sxr-run').click();
    await portal.click('securex-respond .sxr-confirm-run');
    await portal.waitForSelector('securex-respond .sxr-result:not([hidden])');
    const portalToken = await portal.evaluate(() => document.querySelector('securex-respond').client?.tokenState?.()?.accessToken ?? null);
    await snapshot(portal);
    const demo = await context.newPage();
    await demo.goto(`${WWW}/`);
    await snapshot(demo);

    // Scan.
    const ev = await events(ID);
    assert.ok(ev.filter((e) => e.route === 'trigger').length === 2, 'both flows triggered once');
    const sources = {
      'console (pages + service worker)': captured.console,
      'DOM snapshots': captured.dom,
      'web storage of http pages': captured.storage,
      'stand-in request URLs': ev.map((e) => e.path_and_query),
      'chromium stdout/stderr + playwright log': captured.browser,
      'this run\'s stdout/stderr': captured.out,
    };
    const needles = { secret: SECRET, 'extension token': accessToken };
    if (portalToken) needles['portal token'] = portalToken;
    for (const [where, lines] of Object.entries(sources)) {
      const text = lines.join('\n');
      for (const [what, needle] of Object.entries(needles)) {
        // The portal page legitimately holds its own token in memory, never in its DOM, storage or logs.
        assert.ok(!text.includes(needle), `${what} found in ${where}`);
      }
    }
    assert.ok(captured.console.length + captured.browser.length > 0, 'the capture itself worked');
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('secret hygiene, sign-in: no authorization code, refresh token or access token in any output', async () => {
  const id = `client-hygiene-signin-${process.pid}-${Date.now()}`;
  await control('clients', { client_id: id, client_secret: '', scopes: FULL, grants: ['auth-code'], redirects: ['https://*.chromiumapp.org/'], public: true });
  const user = { username: `hygiene${process.pid}`, password: `pw-hygiene-${process.pid}`, name: 'Hygiene Tester', email: `hygiene${process.pid}@example.com` };
  await control('users', user);
  const seen = { console: [], dom: [] };
  const { context, userDataDir, extId, sw } = await launchCaptured(seen.console);
  try {

    // Options: sign in through the login page in the auth window, staying signed in on this device.
    const opts = await context.newPage();
    await opts.goto(`chrome-extension://${extId}/options.html`);
    await opts.waitForSelector('body[data-ready="1"]');
    await opts.check('input[name=authMode][value=signin]');
    await opts.selectOption('#region', 'custom');
    await opts.fill('#baseUrl', STANDIN);
    await opts.fill('#clientId', id);
    await opts.check('#stay');
    const authWindow = context.waitForEvent('page', { predicate: (p) => p.url().includes('/iroh/oauth2/authorize') });
    await opts.click('#signin');
    const login = await authWindow;
    await login.waitForSelector('#username');
    await login.fill('#username', user.username);
    await login.fill('#password', user.password);
    await login.click('#allow');
    await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed in.');
    await snapshot(opts);
    seen.dom.push(captured.dom.at(-1));

    // Respond → confirm → trigger.
    const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html') });
    await (await sw()).evaluate(() => globalThis.__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: 'Beacon to evil.com' }));
    const view = await opened;
    await view.waitForSelector('.sxr-module');
    await view.locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('.sxr-run').click();
    await view.click('.sxr-confirm-run');
    await view.waitForSelector('.sxr-result:not([hidden])');
    await snapshot(view);
    seen.dom.push(captured.dom.at(-1));

    // What must never show: the code(s) and refresh token(s) the stand-in issued, and the access token.
    const issued = await (await fetch(`${STANDIN}/__standin/signin/issued?client_id=${encodeURIComponent(id)}`, { headers: CONTROL_HEADERS })).json();
    const { token, signin } = await (await sw()).evaluate(async () => ({ ...(await chrome.storage.session.get('token')), signin: JSON.parse((await globalThis.__sxr.openedStorage()).local.signin) }));
    assert.equal(issued.codes.length, 1);
    assert.ok(issued.refreshTokens.includes(signin.refreshToken), 'the worker holds the issued refresh token (on this device)');
    const needles = { 'access token': token.state.accessToken };
    issued.codes.forEach((c, i) => { needles[`authorization code ${i}`] = c; });
    issued.refreshTokens.forEach((r, i) => { needles[`refresh token ${i}`] = r; });

    // Sign out (revokes, forgets), then look everywhere.
    await opts.click('#signout');
    await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed out.');
    await snapshot(opts);
    seen.dom.push(captured.dom.at(-1));
    const ev = await events(id);
    assert.equal(ev.filter((e) => e.route === 'trigger' && e.user === user.username).length, 1, 'the trigger carried the person\'s token');
    assert.equal(ev.filter((e) => e.route === 'app_grant_revoke').length, 1);
    const sources = {
      'console (pages + service worker)': seen.console,
      'DOM snapshots': seen.dom,
      'web storage of http pages': captured.storage,
      'stand-in request URLs': ev.map((e) => e.path_and_query),
      'chromium stdout/stderr + playwright log': captured.browser,
      'this run\'s stdout/stderr': captured.out,
    };
    for (const [where, lines] of Object.entries(sources)) {
      const text = lines.join('\n');
      for (const [what, needle] of Object.entries(needles)) assert.ok(!text.includes(needle), `${what} found in ${where}`);
    }
    const left = await (await sw()).evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]));
    for (const [what, needle] of Object.entries(needles)) assert.ok(!left.includes(needle), `${what} still stored after sign-out`);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
