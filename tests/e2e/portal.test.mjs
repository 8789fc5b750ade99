// The portal embed: <securex-respond> on the demo portal page (www/portal.html) in headless
// Chromium against the stand-in. Each test uses its own stand-in API client, registered with the
// demo back end (POST /demo/tenants, secret kept server-side) and picked by ?tenant=<id>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, WWW, control, events, watchConsole, portalTenant } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Everything a page could leak: requests (urls, bodies), responses, console. */
function record(page) {
  const seen = { requests: [], responses: [], tokenCalls: 0 };
  page.on('request', (r) => {
    seen.requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''} ${JSON.stringify(r.headers())}`);
    if (new URL(r.url()).pathname === '/demo/token') seen.tokenCalls++;
  });
  page.on('response', async (r) => {
    try { seen.responses.push(await r.text()); } catch { /* redirects, aborted */ }
  });
  return seen;
}

async function openPortal(page, base, tenantId) {
  await page.goto(`${base}/portal.html${tenantId ? `?tenant=${encodeURIComponent(tenantId)}` : ''}`);
  await page.waitForSelector('#respond-all:not([disabled])');
}

/** Selects a paragraph of the ticket the way a person does (triple click), then the floating button. */
async function selectAndRespond(page, selector) {
  await page.click(selector, { clickCount: 3 });
  const button = page.locator('securex-respond .sxr-float');
  await button.waitFor({ state: 'visible' });
  await button.click();
}

const triggers = async (id) => (await events(id)).filter((e) => e.route === 'trigger');
const exchanges = async (id) => (await events(id)).filter((e) => e.route === 'token');

/** All text and markup of the page, shadow roots included. */
const deepHtml = (page) => page.evaluate(() => {
  const parts = [];
  const walk = (root) => {
    parts.push(root.innerHTML ?? '');
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) walk(e.shadowRoot);
  };
  walk(document.documentElement);
  return parts.join('\n') + localStorage.length + JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie + location.href;
});

test('portal: select, Respond, actions, confirm, one trigger; token provider once, again after a 401; no secret in the page', async () => {
  const t = await portalTenant();
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const console_ = watchConsole(page);
  const seen = record(page);
  await openPortal(page, WWW, t.id);
  await page.evaluate(() => {
    window.__events = [];
    for (const type of ['respond-triggered', 'respond-error']) {
      document.addEventListener(type, (e) => window.__events.push(type === 'respond-error' ? { type, code: e.detail.code } : { type, title: e.detail.action.title, status: e.detail.result.status }));
    }
  });

  await selectAndRespond(page, '#summary');
  await page.waitForSelector('securex-respond .sxr-observables li');
  const observables = await page.locator('securex-respond .sxr-observables li').allTextContents();
  assert.ok(observables.some((o) => o.includes('evil.com')), JSON.stringify(observables));
  assert.ok(observables.some((o) => o.includes('203.0.113.7')), JSON.stringify(observables));
  await page.waitForSelector('securex-respond .sxr-module');
  const modules = await page.locator('securex-respond .sxr-module h3').allTextContents();
  assert.ok(modules.includes('Umbrella'), JSON.stringify(modules));

  const before = (await triggers(t.id)).length;
  await page.locator('securex-respond .sxr-module', { hasText: 'Umbrella' })
    .locator('.sxr-action', { hasText: /Run…Block this domain/ }).locator('button').click();
  assert.match(await page.locator('securex-respond .sxr-confirm-text').textContent(), /Block this domain.*Umbrella.*domain/);
  await page.locator('securex-respond .sxr-confirm-run').click();
  await page.waitForSelector('securex-respond .sxr-result:not([hidden])');
  assert.match(await page.locator('securex-respond .sxr-result').textContent(), /succeeded/);
  const fired = await triggers(t.id);
  assert.equal(fired.length - before, 1, 'exactly one trigger reached the stand-in');
  assert.match(fired.at(-1).path_and_query, /\/umbrella-block\?/);
  assert.ok(fired.at(-1).origin?.startsWith('http://127.0.0.1:'), 'the call came from the page');
  assert.deepEqual(await page.evaluate(() => window.__events), [{ type: 'respond-triggered', title: 'Block this domain', status: 'success' }]);
  assert.match(await page.textContent('#status'), /Ran “Block this domain”/);

  // actions + trigger: one provider call, one exchange.
  assert.equal(seen.tokenCalls, 1, 'provider called once for several calls');
  assert.equal((await exchanges(t.id)).length, 1);

  // The portal's tokens are revoked: the next call gets a 401, the provider is asked once more.
  await control('tokens/revoke', { client_id: t.id });
  await selectAndRespond(page, '#mail');
  await page.waitForSelector('securex-respond .sxr-module h3:text("Secure Endpoint")');
  assert.equal(seen.tokenCalls, 2, 'provider called again once after the 401');
  await page.click('#respond-all');
  await page.waitForSelector('securex-respond .sxr-module h3:text("Umbrella")');
  assert.equal(seen.tokenCalls, 2, 'the new token is reused');
  assert.equal((await exchanges(t.id)).length, 2);
  // One 401 per call that held the revoked token (actions, and verdicts + pivots running in
  // parallel with it), each replayed once: never a loop.
  const calls = (await events(t.id)).filter((e) => e.route !== 'token');
  for (const route of ['respond_observables', 'deliberate', 'refer']) {
    assert.ok(calls.filter((e) => e.route === route && e.status === 401).length <= 1, `${route}: ${JSON.stringify(calls.map((e) => [e.route, e.status]))}`);
  }
  assert.equal(calls.filter((e) => e.route === 'respond_observables' && e.status === 401).length, 1, JSON.stringify(calls.map((e) => [e.route, e.status])));

  assert.equal((await events(t.id)).filter((e) => e.route === 'inspect').length, 0, 'local extraction by default: the text stays in the page');

  // The secret is nowhere the page can see.
  const everything = [await deepHtml(page), ...seen.requests, ...seen.responses, ...console_.all().map((m) => m.text)].join('\n');
  assert.ok(!everything.includes(t.secret), 'client secret leaked into the page');
  assert.ok(!everything.includes('demo-secret'), 'demo secret leaked into the page');
  // Chromium itself logs the revoked token's 401; nothing else may be an error.
  assert.deepEqual(console_.errors().filter((m) => !/status of 401/.test(m.text)), []);
  await page.close();
});

test('portal: an XSS payload in an action title is shown as text and never runs', async () => {
  const t = await portalTenant();
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  await control('modules', {
    client_id: t.id,
    module: {
      name: 'Hostile <b onmouseover="window.__xss=3">Module</b>', instance_id: `xss-${t.id}`, type_id: 'xss', types: ['domain'],
      actions: [{ id: 'xss-action', title: payload, description: '<iframe src="javascript:window.top.__xss=4"></iframe>', categories: ['<svg onload="window.__xss=5">'] }],
    },
  });
  const page = await browser.newPage();
  await openPortal(page, WWW, t.id);
  await selectAndRespond(page, '#summary');
  const mod = page.locator('securex-respond .sxr-module', { hasText: 'Hostile' });
  await mod.waitFor();
  assert.equal(await mod.locator('.sxr-title').first().textContent(), payload);
  assert.equal(await mod.locator('h3').textContent(), 'Hostile <b onmouseover="window.__xss=3">Module</b>');
  await mod.locator('.sxr-action').first().locator('button').click();
  assert.ok((await page.locator('securex-respond .sxr-confirm-text').textContent()).includes(payload));
  await page.locator('securex-respond .sxr-confirm-run').click();
  await page.waitForSelector('securex-respond .sxr-result:not([hidden])');
  assert.ok((await page.locator('securex-respond .sxr-result').textContent()).includes(payload));
  await page.locator('securex-respond h3', { hasText: 'Hostile' }).hover();
  const markup = await page.evaluate(() => {
    const root = document.querySelector('securex-respond').shadowRoot;
    return { img: root.querySelectorAll('.sxr-panel img, .sxr-panel script, .sxr-panel iframe, .sxr-panel svg, .sxr-panel b').length, xss: window.__xss };
  });
  assert.deepEqual(markup, { img: 0, xss: undefined });
  assert.equal((await triggers(t.id)).length, 1);
  await page.close();
});

test('portal: the visible "also ask Inspect" option adds Inspect (attribute inspect), once per respond', async () => {
  const t = await portalTenant();
  const page = await browser.newPage();
  await openPortal(page, WWW, t.id);
  await selectAndRespond(page, '#intel');
  await page.waitForSelector('securex-respond .sxr-observables li');
  const local = await page.locator('securex-respond .sxr-observables li').allTextContents();
  assert.ok(local.some((o) => o.includes('defanged')), JSON.stringify(local));
  await page.locator('securex-respond .sxr-inspect').check();
  assert.equal(await page.evaluate(() => document.querySelector('securex-respond').hasAttribute('inspect')), true);
  await selectAndRespond(page, '#summary');
  await page.waitForSelector('securex-respond .sxr-module');
  assert.equal((await events(t.id)).filter((e) => e.route === 'inspect').length, 1);
  const obs = await page.locator('securex-respond .sxr-observables .sxr-value').allTextContents();
  assert.equal(new Set(obs).size, obs.length, `deduplicated: ${JSON.stringify(obs)}`);
  await page.close();
});

test('portal: from an origin Threat Response does not allow, the element says CORS (code network)', async () => {
  const t = await portalTenant();
  const page = await browser.newPage();
  const port = new URL(WWW).port;
  await openPortal(page, `http://localhost:${port}`, t.id);
  await selectAndRespond(page, '#summary');
  const error = page.locator('securex-respond .sxr-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'network');
  assert.match(await error.textContent(), /CORS/);
  assert.match(await page.textContent('#status'), /network/);
  assert.equal((await triggers(t.id)).length, 0);
  await page.close();
});

test('element: text property, rejecting provider → respond-error with a code; missing provider → bad-input', async () => {
  const page = await browser.newPage();
  await openPortal(page, WWW);
  const got = await page.evaluate(async () => {
    const { baseUrl } = await (await fetch('/demo-config.json')).json();
    const make = (provider) => {
      const e = document.createElement('securex-respond');
      e.baseUrl = baseUrl;
      if (provider) e.tokenProvider = provider;
      document.body.append(e);
      return e;
    };
    const waitError = (e) => new Promise((resolve) => e.addEventListener('respond-error', (ev) => resolve({
      code: ev.detail.code, message: ev.detail.message, shown: e.shadowRoot.querySelector('.sxr-error')?.dataset.code,
      bubbles: ev.bubbles, composed: ev.composed,
    }), { once: true }));

    const rejecting = make(async () => { throw Object.assign(new Error('portal token endpoint down'), { code: 'network' }); });
    const p1 = waitError(rejecting);
    rejecting.text = 'Block evil.com now';
    const plain = make(async () => { throw new Error('session expired'); });
    const p2 = waitError(plain);
    plain.respond('evil.com');
    const none = make(null);
    const p3 = waitError(none);
    none.respond('evil.com');

    // The JS API directly, as the element uses it.
    const { Client } = await import('./pkg/securex_respond.js');
    let api;
    try {
      await new Client({ baseUrl, tokenProvider: () => Promise.reject(Object.assign(new Error('nope'), { code: 'rate-limited' })) }).actions([{ type: 'domain', value: 'evil.com' }]);
    } catch (e) { api = { code: e.code, name: e.name, isError: e instanceof Error }; }
    return { rejecting: await p1, plain: await p2, none: await p3, api };
  });
  assert.equal(got.rejecting.code, 'network');
  assert.equal(got.rejecting.shown, 'network');
  assert.match(got.rejecting.message, /token provider failed: portal token endpoint down/);
  assert.ok(got.rejecting.bubbles && got.rejecting.composed);
  assert.equal(got.plain.code, 'invalid-credentials');
  assert.equal(got.none.code, 'bad-input');
  assert.match(got.none.message, /tokenProvider/);
  assert.deepEqual(got.api, { code: 'rate-limited', name: 'SecureXRespondError', isError: true });
  await page.close();
});

test("the portal's wasm package is the portal build: no extension exports, signIn refused with what to use", async () => {
  const page = await browser.newPage();
  await page.goto(`${WWW}/portal.html`);
  const got = await page.evaluate(async () => {
    const pkg = await import('./pkg/securex_respond.js');
    await pkg.default();
    let signIn;
    try {
      new pkg.Client({ baseUrl: 'http://127.0.0.1:9', signIn: { clientId: 'x' } });
    } catch (e) { signIn = { code: e.code, message: e.message }; }
    return { exports: Object.keys(pkg).sort(), signIn };
  });
  for (const name of ['Client', 'findings', 'capSelection', 'extract', 'casebookDraft']) assert.ok(got.exports.includes(name), `${name} is in the portal build`);
  for (const name of ['scanPage', 'scanRunStart', 'resolveSettings', 'planSave', 'confirmIssue', 'confirmRedeem', 'signInPlan', 'planSession', 'regions', 'checkEndpoint']) {
    assert.ok(!got.exports.includes(name), `${name} is the extension's only`);
  }
  assert.equal(got.signIn.code, 'bad-input');
  assert.match(got.signIn.message, /extension's build.*proxy mode or a tokenProvider/);
  await page.close();
});

test('demo back end: tenant registration is refused from pages (an Origin header) and unknown tenants get no token', async () => {
  const fromPage = await fetch(`${WWW}/demo/tenants`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: WWW }, body: JSON.stringify({ client_id: 'x', client_secret: 'y' }),
  });
  assert.equal(fromPage.status, 403);
  const unknown = await fetch(`${WWW}/demo/token?tenant=nobody`, { method: 'POST' });
  assert.equal(unknown.status, 404);
});
