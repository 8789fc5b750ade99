// The npm package in a bundler (issue 26, point 4): a minimal portal app installs
// dist/securex-respond-element-<version>.tgz (packed by cargo xtask for this run: NPM_TGZ), imports
// it by name, is built with Vite (the repository's own devDependency, linked into the app: nothing
// downloaded), and the built dist/ runs the respond flow in proxy mode under README's strict CSP.
// The demo server serves the app's dist/ under NPM_APP_PATH (same origin as its sign-in and proxy),
// so the page talks only to its own origin, as a real portal does. Proves what the package promises:
// `exports` resolve, the wasm and CSS found as `new URL('./…', import.meta.url)` become emitted
// assets the built page loads, with no copy step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readdirSync, readFileSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, WWW, ROOT, STANDIN_NOCORS, events, watchConsole, portalTenant, blockEvilInElement } from './lib.mjs';

const TGZ = process.env.NPM_TGZ;
const APP = process.env.NPM_APP_DIR;
const APP_PATH = process.env.NPM_APP_PATH;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Portal app built with Vite from the npm package</title>
<link rel="icon" href="data:,">
</head>
<body>
<p id="status" role="status">Loading…</p>
<div id="ticket-body">
  <p id="summary">The laptop FIN-LT-0412 beaconed to https://evil.com/gate.php every 60 s.</p>
  <p id="mail">The attachment came from billing@evil.com.</p>
</div>
<securex-respond id="respond" for="ticket-body" proxy base-url="/securex"></securex-respond>
<script type="module" src="./main.js"></script>
</body>
</html>
`;

// What a portal writes: import the element by its package name; sign in to the portal (here the
// demo back end's session cookie); the element's calls go through the portal's /securex proxy.
const MAIN_JS = `import 'securex-respond-element';

const status = document.getElementById('status');
const tenant = new URLSearchParams(location.search).get('tenant');
document.getElementById('respond').addEventListener('respond-triggered', (e) => {
  status.textContent = 'Ran ' + e.detail.action.title + ': ' + e.detail.result.status;
});
fetch('/demo/login?tenant=' + encodeURIComponent(tenant), { method: 'POST', credentials: 'same-origin' })
  .then((r) => {
    if (!r.ok) throw new Error('sign-in: HTTP ' + r.status);
    status.textContent = 'Ready';
    document.body.dataset.ready = customElements.get('securex-respond') ? 'yes' : 'no element';
  })
  .catch((e) => { status.textContent = 'Could not start: ' + e.message; });
`;

const VITE_CONFIG = `import { defineConfig } from 'vite';

export default defineConfig({ base: ${JSON.stringify(APP_PATH)}, logLevel: 'warn' });
`;

const run = (cmd, args) => execFileSync(cmd, args, { cwd: APP, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Every file under `dir`, relative, `/`-separated. */
function filesOf(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

test('the npm package installed into a Vite app, built, runs the respond flow in proxy mode under the strict CSP', async (t) => {
  assert.ok(TGZ && APP && APP_PATH, 'NPM_TGZ, NPM_APP_DIR and NPM_APP_PATH are set by cargo xtask e2e/test');
  assert.ok(STANDIN_NOCORS, 'STANDIN_NOCORS_URL is set by cargo xtask');
  const viteDir = join(ROOT, 'node_modules/vite');
  assert.ok(existsSync(join(viteDir, 'package.json')), 'vite is a devDependency of the repository (npm ci)');

  // The app: its own package.json (else npm would install into the repository's root).
  let started = performance.now();
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  writeFileSync(join(APP, 'package.json'), `${JSON.stringify({ name: 'portal-app', private: true, type: 'module' }, null, 2)}\n`);
  writeFileSync(join(APP, 'index.html'), INDEX_HTML);
  writeFileSync(join(APP, 'main.js'), MAIN_JS);
  writeFileSync(join(APP, 'vite.config.js'), VITE_CONFIG);
  // The package has no dependencies: installing it needs no network (--offline says so).
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--ignore-scripts', TGZ]);
  const installed = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8'));
  assert.match(installed.dependencies['securex-respond-element'], /^file:.*securex-respond-element-.*\.tgz$/);
  // Vite from the repository's node_modules: a link, so that its own dependencies resolve there.
  symlinkSync(viteDir, join(APP, 'node_modules/vite'), 'dir');
  const installSecs = (performance.now() - started) / 1000;

  started = performance.now();
  run(process.execPath, [join(APP, 'node_modules/vite/bin/vite.js'), 'build']);
  const buildSecs = (performance.now() - started) / 1000;
  t.diagnostic(`npm install ${installSecs.toFixed(1)} s, vite build ${buildSecs.toFixed(1)} s`);

  // The wasm and the view's CSS are emitted assets; nothing points back at node_modules.
  const built = filesOf(join(APP, 'dist'));
  const wasm = built.filter((f) => f.startsWith('assets/') && f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one wasm asset: ${built.join(', ')}`);
  assert.ok(built.some((f) => f.startsWith('assets/') && f.endsWith('.css')), `the view's CSS is an asset: ${built.join(', ')}`);
  const js = built.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(APP, 'dist', f), 'utf8')).join('\n');
  assert.ok(!js.includes('node_modules'), 'the bundle refers to no node_modules path');

  // The built page, served by the demo server under APP_PATH with README's proxy-mode CSP.
  const tenant = await portalTenant(undefined, STANDIN_NOCORS);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const console_ = watchConsole(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  started = performance.now();
  const resp = await page.goto(`${WWW}${APP_PATH}?tenant=${encodeURIComponent(tenant.id)}&csp=proxy`);
  assert.equal(resp.status(), 200);
  assert.match(resp.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; connect-src 'self';/);
  await page.waitForSelector('body[data-ready="yes"]');

  // A triple click selects to the start of the next paragraph: the ticket has two, as in the portal pages.
  await page.click('#summary', { clickCount: 3 });
  const button = page.locator('securex-respond .sxr-float');
  await button.waitFor({ state: 'visible' });
  await button.click();
  await blockEvilInElement(page);
  assert.match(await page.locator('#status').textContent(), /^Ran .*Block this domain.*: /);
  t.diagnostic(`respond flow ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // The built assets were what ran: the wasm came from the app's assets, the page's calls from its origin.
  assert.ok(requests.some((u) => u === `${WWW}${APP_PATH}${wasm[0]}`), `the emitted wasm was fetched:\n${requests.join('\n')}`);
  assert.ok(requests.every((u) => u.startsWith(`${WWW}/`) || u.startsWith('data:')), requests.join('\n'));
  assert.ok(!requests.some((u) => u.includes('/node_modules/') || u.includes('/pkg/')), requests.join('\n'));
  const fired = (await events(tenant.id, STANDIN_NOCORS)).filter((e) => e.route === 'trigger');
  assert.equal(fired.length, 1, 'exactly one trigger reached Threat Response');
  assert.match(fired[0].path_and_query, /\/umbrella-block\?/);
  assert.deepEqual(console_.errors(), [], 'the strict CSP refused nothing');
  await page.close();
});
