// Shared helpers for the end-to-end suites: Debian's chromium via playwright-core, and the
// stand-in's control API (tenants, faults, event log). Servers are started by `cargo xtask`,
// which passes their URLs in STANDIN_URL and WWW_URL.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STANDIN = must('STANDIN_URL');
/** The same stand-in with CORS off (what a real portal faces): the demo proxy's upstream. */
export const STANDIN_NOCORS = process.env.STANDIN_NOCORS_URL;
export const WWW = must('WWW_URL');
export const ROOT = process.env.REPO_ROOT || process.cwd();
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';

function must(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suites with cargo xtask test`);
  return v;
}

// Without the background-networking flags chromium floods the closed network.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-dev-shm-usage'];

export async function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
}

/** A persistent context with an unpacked extension loaded; returns { context, worker, extensionId }. */
export async function launchWithExtension(extDir, userDataDir = mkdtempSync(join(tmpdir(), 'sxr-'))) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE, headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker');
  const extensionId = new URL(worker.url()).host;
  return { context, worker, extensionId, userDataDir };
}

// Every stand-in control request carries this header (without it the stand-in answers 403).
export const CONTROL_HEADERS = { 'x-standin-control': '1' };

export async function control(path, body, standin = STANDIN) {
  const r = await fetch(`${standin}/__standin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...CONTROL_HEADERS }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`stand-in ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

export async function events(clientId, standin = STANDIN) {
  const q = clientId ? `?client_id=${encodeURIComponent(clientId)}` : '';
  return (await fetch(`${standin}/__standin/events${q}`, { headers: CONTROL_HEADERS })).json();
}

let n = 0;
/** A fresh stand-in API client, so suites never see each other's events. */
export async function tenant(scopes = ['inspect:read', 'response', 'enrich:read'], extra = {}, standin = STANDIN) {
  const id = `client-e2e-${process.pid}-${Date.now()}-${n++}`;
  const secret = `E2E-SECRET-${id}`;
  await control('clients', { client_id: id, client_secret: secret, scopes, ...extra }, standin);
  return { id, secret };
}

export async function fault(clientId, route, fault, times) {
  return control('faults', { client_id: clientId, route, times, fault });
}

/** Moves the stand-in's clock for one client (its tokens, codes, refresh tokens, rate window)
 *  instead of sleeping. The browser's clock does not move: the core learns of an expiry from
 *  the stand-in's 401. */
export async function advanceClock(clientId, seconds, standin = STANDIN) {
  return control('clock/advance', { client_id: clientId, seconds }, standin);
}

/** Collects console messages and page errors; `errors()` lists the bad ones. */
export function watchConsole(page) {
  const seen = [];
  page.on('console', (m) => seen.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => seen.push({ type: 'pageerror', text: String(e) }));
  return { all: () => seen, errors: () => seen.filter((m) => m.type === 'error' || m.type === 'pageerror') };
}

/** A stand-in client the demo back end can exchange tokens for; a page only names it (`?tenant=`). */
export async function portalTenant(scopes, standin = STANDIN) {
  const t = await tenant(scopes, {}, standin);
  const r = await fetch(`${WWW}/demo/tenants`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: t.id, client_secret: t.secret }),
  });
  if (r.status !== 200) throw new Error(`demo back end refused the tenant: HTTP ${r.status} ${await r.text()}`);
  return t;
}

/**
 * Elements that carry the `hidden` attribute yet take space on screen (a class's `display` beat
 * the attribute), in the page and in every open shadow root: `tag.class` of each. Empty when
 * every toggled element is really hidden.
 */
export function renderedButHidden(page) {
  return page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const e of root.querySelectorAll('*')) {
        if (e.hidden && getComputedStyle(e).display !== 'none') out.push(`${e.tagName.toLowerCase()}.${e.className}`);
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    return out;
  });
}

/**
 * In an open portal element: evil.com is listed, Umbrella's "Block this domain" is confirmed,
 * and the result says it succeeded.
 */
export async function blockEvilInElement(page) {
  await page.waitForSelector('securex-respond .sxr-observables li');
  const observables = await page.locator('securex-respond .sxr-observables li').allTextContents();
  assert.ok(observables.some((o) => o.includes('evil.com')), JSON.stringify(observables));
  await page.waitForSelector('securex-respond .sxr-module h3:text("Umbrella")');
  await page.locator('securex-respond .sxr-module', { hasText: 'Umbrella' })
    .locator('.sxr-action', { hasText: /Run…Block this domain/ }).locator('button').click();
  await page.locator('securex-respond .sxr-confirm-run').click();
  await page.waitForSelector('securex-respond .sxr-result:not([hidden])');
  assert.match(await page.locator('securex-respond .sxr-result').textContent(), /succeeded/);
}
