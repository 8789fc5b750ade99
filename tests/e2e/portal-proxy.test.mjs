// Proxy mode (issue 26): <securex-respond proxy base-url="/securex"> on the demo portal
// (www/portal-proxy.html) forwards through the reference proxy (xtask/src/proxy.rs) to a stand-in
// with CORS switched off — what a real portal faces. The page holds no token; the same flow
// without the proxy shows the element's clear CORS ("network") error; the page is served with the
// strict CSP README documents, and without 'wasm-unsafe-eval' the element says why it cannot start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, WWW, STANDIN_NOCORS, events, watchConsole, portalTenant, blockEvilInElement } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every request the page makes (with its headers) and every answer body it reads. */
function record(page) {
  const seen = { requests: [], headers: [], responses: [] };
  page.on('request', (r) => {
    seen.requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
    seen.headers.push(r.headers());
  });
  // The answers of the back end (proxy and sign-in); the static files are the element's own code.
  page.on('response', async (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith('/securex/') && !path.startsWith('/demo/')) return;
    try { seen.responses.push(`${JSON.stringify(await r.allHeaders())} ${await r.text()}`); } catch { /* redirects, aborted */ }
  });
  return seen;
}

async function selectAndRespond(page, selector) {
  await page.click(selector, { clickCount: 3 });
  const button = page.locator('securex-respond .sxr-float');
  await button.waitFor({ state: 'visible' });
  await button.click();
}

/** Text and markup of the page (shadow roots included), storage and the script-visible cookies. */
const everythingVisible = (page) => page.evaluate(() => {
  const parts = [];
  const walk = (root) => {
    parts.push(root.innerHTML ?? '');
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) walk(e.shadowRoot);
  };
  walk(document.documentElement);
  const el = document.querySelector('securex-respond');
  const own = Object.getOwnPropertyNames(window).filter((k) => !(k in Object.getPrototypeOf(window))).map((k) => { try { return `${k}=${JSON.stringify(window[k])}`; } catch { return k; } });
  return [...parts, JSON.stringify({ ...localStorage, ...sessionStorage }), document.cookie, JSON.stringify(el.client), String(el.tokenProvider), ...own].join('\n');
});

test('proxy mode under a strict CSP: respond, confirm, one trigger through the proxy; no token and no Authorization in the page; sign-out ends it clearly', async () => {
  assert.ok(STANDIN_NOCORS, 'STANDIN_NOCORS_URL is set by cargo xtask');
  const t = await portalTenant(undefined, STANDIN_NOCORS);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const console_ = watchConsole(page);
  const seen = record(page);
  const resp = await page.goto(`${WWW}/portal-proxy.html?tenant=${encodeURIComponent(t.id)}&csp=proxy`);
  assert.match(resp.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; connect-src 'self';/);
  await page.waitForSelector('#respond-all:not([disabled])');

  await selectAndRespond(page, '#summary');
  await blockEvilInElement(page);

  const calls = await events(t.id, STANDIN_NOCORS);
  const fired = calls.filter((e) => e.route === 'trigger');
  assert.equal(fired.length, 1, 'exactly one trigger reached Threat Response');
  assert.match(fired[0].path_and_query, /\/umbrella-block\?/);
  assert.ok(!fired[0].origin, 'the trigger came from the portal back end, not from the page');
  assert.equal(calls.filter((e) => e.route === 'token').length, 1, 'the proxy exchanged once and reused the token');
  assert.ok(calls.filter((e) => e.route !== 'token').every((e) => e.status < 400), JSON.stringify(calls.map((e) => [e.route, e.status])));

  // The page only ever talked to its own origin, never with an Authorization header.
  assert.ok(seen.requests.every((r) => r.split(' ')[1].startsWith(`${WWW}/`) || r.split(' ')[1].startsWith('data:')), seen.requests.join('\n'));
  assert.ok(seen.requests.some((r) => r.startsWith(`POST ${WWW}/securex/iroh/iroh-response/respond/trigger/`)), seen.requests.join('\n'));
  assert.deepEqual(seen.headers.filter((h) => Object.keys(h).some((k) => k.toLowerCase() === 'authorization')), []);
  // No token anywhere the page's scripts can reach (stand-in tokens are JWTs: "eyJ…").
  const visible = [await everythingVisible(page), ...seen.requests, ...seen.responses].join('\n');
  for (const needle of ['eyJ', 'Bearer', 'access_token', 'accessToken', t.secret]) assert.ok(!visible.includes(needle), `${needle} reached the page`);
  assert.ok(!(await page.evaluate(() => document.cookie)).includes('sxr_portal_session'), 'the session cookie is HttpOnly');
  assert.deepEqual(console_.errors(), [], 'the strict CSP refused nothing');

  // The portal session ends: the element says so, and asks no token of anyone.
  await page.click('#sign-out');
  await page.waitForSelector('#sign-out[hidden]', { state: 'attached' });
  await selectAndRespond(page, '#mail');
  const error = page.locator('securex-respond .sxr-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'signed-out');
  assert.match(await error.textContent(), /portal's session ended.*sign in to the portal again/);
  await page.close();
});

test('without the proxy, a Threat Response without CORS for the portal gives the clear network error', async () => {
  const t = await portalTenant();
  const page = await browser.newPage();
  await page.goto(`${WWW}/portal.html?tenant=${encodeURIComponent(t.id)}`);
  await page.waitForSelector('#respond-all:not([disabled])');
  await page.evaluate((url) => { const r = document.querySelector('securex-respond'); r.baseUrl = url; r.privateIntelUrl = url; }, STANDIN_NOCORS);
  await selectAndRespond(page, '#summary');
  const error = page.locator('securex-respond .sxr-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'network');
  const text = await error.textContent();
  assert.match(text, /No complete answer from 127\.0\.0\.1:\d+/);
  assert.match(text, /\(CORS\).*proxy mode/);
  await page.close();
});

test('CSP: token-provider mode works with its documented policy; without wasm-unsafe-eval the element says why at once', async () => {
  const t = await portalTenant();
  const page = await browser.newPage();
  const console_ = watchConsole(page);
  await page.goto(`${WWW}/portal.html?tenant=${encodeURIComponent(t.id)}&csp=token`);
  await page.waitForSelector('#respond-all:not([disabled])');
  await page.click('#respond-all');
  await page.waitForSelector('securex-respond .sxr-module h3:text("Umbrella")');
  assert.deepEqual(console_.errors(), []);

  const blocked = await browser.newPage();
  await blocked.goto(`${WWW}/portal-proxy.html?csp=no-wasm`);
  await blocked.evaluate(() => {
    window.__errors = [];
    document.addEventListener('respond-error', (e) => window.__errors.push(e.detail.code));
  });
  const error = blocked.locator('securex-respond .sxr-error');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.getAttribute('data-code'), 'load-failed');
  assert.match(await error.textContent(), /Content-Security-Policy does not allow WebAssembly.*'wasm-unsafe-eval'.*script-src/);
  // Pressing Respond shows the same reason in the panel, not a silent nothing.
  await blocked.click('#respond-all');
  await blocked.waitForSelector('securex-respond .sxr-body .sxr-error[data-code="load-failed"]');
  await page.close();
  await blocked.close();
});
