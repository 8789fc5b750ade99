// The Manifest V3 extension (dist/extension, built by dist.rs) loaded in headless Chromium,
// against the stand-in: context menu → respond view → confirm → one trigger; options; managed
// policy; service-worker restart; every error class in the view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, WWW, ROOT, tenant, fault, events } from './lib.mjs';
import { Ext, SHOTS, launchWithPolicy, unpackedId, EXT_DIR } from './ext-helpers.mjs';
import { playwright } from './driver.mjs';
import { confirmOnce } from './flows.mjs';

const SELECTION_PAGE = `<!doctype html><title>Report</title><article>
  <p id="ioc">Beacon to hxxps://evil[.]com/gate.php from 203.0.113.7 observed overnight.</p>
  <p>Unrelated paragraph.</p></article>`;
const FULL = ['inspect:read', 'response', 'enrich:read'];

let x;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  x = await Ext.launch();
});
after(async () => { await x?.close(); });

const count = async (clientId, route) => (await events(clientId)).filter((e) => e.route === route).length;

/** Selects the indicator paragraph on a real page served on 127.0.0.1 and returns the selection text. */
async function selectOnPage() {
  const page = await x.context.newPage();
  await page.goto(`${WWW}/`);
  await page.setContent(SELECTION_PAGE);
  const text = await page.evaluate(() => {
    const p = document.getElementById('ioc');
    getSelection().selectAllChildren(p);
    return getSelection().toString();
  });
  return { page, text };
}

function assertNoPageErrors() {
  assert.deepEqual(x.pageErrors(), [], 'no console errors on extension pages');
}

test('shipped manifest: MV3, module worker, minimal permissions, CSP, no dev bits', () => {
  const m = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.json'), 'utf8'));
  assert.equal(m.manifest_version, 3);
  assert.deepEqual(m.background, { service_worker: 'background.js', type: 'module' });
  assert.deepEqual(m.permissions.sort(), ['activeTab', 'contextMenus', 'identity', 'scripting', 'storage']);
  assert.deepEqual(m.host_permissions, ['https://visibility.amp.cisco.com/*', 'https://visibility.eu.amp.cisco.com/*', 'https://visibility.apjc.amp.cisco.com/*',
    'https://private.intel.amp.cisco.com/*', 'https://private.intel.eu.amp.cisco.com/*', 'https://private.intel.apjc.amp.cisco.com/*']);
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.equal(m.externally_connectable, undefined);
  assert.equal(m.content_scripts, undefined);
  assert.equal(m.storage.managed_schema, 'managed_schema.json');
  assert.ok(!existsSync(join(ROOT, 'extension/dev-config.json')));
  // The worker's modules: no top-level await anywhere (the worker would not start), and every
  // listener registered by background.js at its top level.
  for (const f of readdirSync(join(ROOT, 'extension')).filter((n) => n.endsWith('.js'))) {
    const src = readFileSync(join(ROOT, 'extension', f), 'utf8');
    assert.ok(!/^await\s/m.test(src), `no top-level await in ${f}`);
    const listeners = src.split('\n').filter((l) => /\.addListener\(/.test(l) && /^chrome\./.test(l) === false);
    if (f === 'background.js' || f.startsWith('sw-')) assert.deepEqual(listeners, [], `${f}: chrome listeners only at the top level of background.js`);
    if (f.startsWith('sw-')) assert.ok(!/\bchrome\.[\w.]+\.addListener\(/.test(src), `${f} registers no listener`);
  }
  const dev = JSON.parse(readFileSync(join(EXT_DIR, 'manifest.json'), 'utf8'));
  assert.ok(dev.host_permissions.includes('http://127.0.0.1/*'), 'the dev copy may reach the stand-in');
});

test('service worker starts and the context-menu entry exists after install', async () => {
  assert.equal(x.extensionId, unpackedId(EXT_DIR));
  const r = await x.evaluate(async () => {
    let updateError = null;
    await chrome.contextMenus.update('respond-selection', {}).catch((e) => { updateError = e.message; });
    return { created: globalThis.__sxr.menu.created, lastError: globalThis.__sxr.menu.lastError, updateError };
  });
  assert.deepEqual(r, { created: 1, lastError: null, updateError: null });
  const st = await x.evaluate(() => globalThis.__sxr.status());
  assert.equal(st.source, 'dev-config', 'the dev copy is preconfigured for the stand-in');
  assert.equal(st.effectiveBaseUrl, STANDIN);
  assert.equal(st.configured, true, 'the core finds the dev copy set up');
  assert.equal(st.host, new URL(STANDIN).host);
  assert.equal(JSON.stringify(st).includes('demo-secret'), false, 'status never carries the secret');
});

test('context menu → respond view: observables, actions by module, confirm, exactly one trigger', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const { page: source, text } = await selectOnPage();
  assert.match(text, /evil\[\.\]com/);
  const view = await x.menuClick(text);
  assert.ok(!view.url().includes('evil'), 'the selection is not in the URL');
  await view.waitForSelector('.sxr-module');
  const obs = await view.$$eval('.sxr-observables li', (lis) => lis.map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
  assert.ok(obs.some((o) => /domain evil\.com ?defanged/.test(o)), JSON.stringify(obs));
  assert.ok(obs.some((o) => /ip 203\.0\.113\.7/.test(o)), JSON.stringify(obs));
  const modules = await view.$$eval('.sxr-module h3', (hs) => hs.map((h) => h.textContent));
  assert.ok(modules.includes('Umbrella') && modules.includes('Secure Firewall'), JSON.stringify(modules));
  assert.equal(await view.locator('.sxr-module', { hasText: 'Broken Relay' }).locator('.sxr-module-error').count(), 1, 'per-module error shown');
  assert.equal(await count(t.id, 'inspect'), 0, 'local extraction by default: no Inspect call');

  // Deselect the IP: the firewall's action goes away.
  await view.locator('.sxr-observables li', { hasText: '203.0.113.7' }).locator('input').uncheck();
  await view.click('.sxr-list');
  await view.waitForFunction(() => ![...document.querySelectorAll('.sxr-module h3')].some((h) => h.textContent === 'Secure Firewall'));

  // The shared flow (flows.mjs), the same in Firefox: Run…, confirmation, a double click on Run.
  const shot = () => view.screenshot({ path: join(SHOTS, 'extension-confirm.png') });
  const { confirmText, triggersBeforeRun, result, triggers } = await confirmOnce(playwright(view), t.id, 'Umbrella', 'Block this domain', { beforeRun: shot });
  assert.match(confirmText, /Block this domain.*Umbrella.*domain.*evil\.com/);
  assert.equal(triggersBeforeRun, 0, 'nothing triggered before confirmation');
  assert.match(result, /succeeded/);
  assert.equal(triggers.length, 1, 'a double click triggers once');
  assert.match(triggers[0].path_and_query, /umbrella-block/);
  assert.equal(triggers[0].origin, `chrome-extension://${x.extensionId}`, 'the call came from the extension, not the web page');
  assert.ok(!(await view.content()).includes(t.secret), 'the view never sees the secret');
  await view.screenshot({ path: join(SHOTS, 'extension-respond.png'), fullPage: true });
  const squeezed = await view.$$eval('.sxr-run', (bs) => bs.filter((b) => { const r = document.createRange(); r.selectNodeContents(b); return r.getClientRects().length !== 1; }).map((b) => b.closest('.sxr-action')?.textContent));
  assert.deepEqual(squeezed, [], 'every Run… button on one line beside a long description');

  // "also ask Inspect": union with the Inspect API, deduplicated.
  await view.check('#inspect');
  await view.waitForSelector('.sxr-module');
  await view.waitForFunction(() => document.querySelector('.sxr-status').textContent === '');
  assert.equal(await count(t.id, 'inspect'), 1);
  const values = await view.$$eval('.sxr-observables .sxr-value', (s) => s.map((e) => e.textContent));
  assert.equal(new Set(values).size, values.length, 'deduplicated');
  await view.close();
  await source.close();
  assertNoPageErrors();
});

test('keyboard shortcut reads the selection of the active tab', async () => {
  const { page: source } = await selectOnPage();
  await source.bringToFront();
  const opened = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html') });
  await x.evaluate(async () => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.title === 'Report');
    return globalThis.__sxr.onCommand('respond-selection', tab);
  });
  const view = await opened;
  await view.waitForSelector('.sxr-observables li');
  assert.match(await view.inputValue('#text'), /evil\[\.\]com/);
  await view.close();
  await source.close();
});

test('the selection handed to the view is deleted when the view reads it', async () => {
  const selection = `hand-off ${process.pid}-${Date.now()} evil.com`;
  const view = await x.menuClick(selection);
  assert.equal(await view.inputValue('#text'), selection, 'the view got the selection');
  const left = await x.evaluate(async () => Object.entries(await chrome.storage.session.get(null))
    .filter(([k, v]) => k.startsWith('sel:') || JSON.stringify(v).includes('hand-off')));
  assert.deepEqual(left, [], 'nothing of the selection is left in storage.session');
  const id = new URL(view.url()).searchParams.get('id');
  const again = await view.evaluate((id) => chrome.runtime.sendMessage({ type: 'view→sw:selection', id }), id);
  assert.deepEqual(again, { ok: true, value: { text: '' } }, 'a second read gets nothing');
  await view.close();
});

test('toolbar popup: pasted text', async () => {
  const popup = await x.page('view.html?popup');
  await popup.fill('#text', 'mail from billing@evil.com');
  await popup.click('#find');
  await popup.waitForSelector('.sxr-observables li');
  assert.match(await popup.textContent('.sxr-observables'), /billing@evil\.com/);
  await popup.close();
  assertNoPageErrors();
});

test('options: test connection names a missing scope; region switch changes the host', async () => {
  const full = await tenant(FULL);
  const noResponse = await tenant(['inspect:read', 'enrich:read']);
  const opts = await x.page('options.html');
  await opts.setViewportSize({ width: 760, height: 820 });
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', full.id);
  await opts.fill('#clientSecret', full.secret);
  await opts.click('#test');
  await opts.waitForSelector('.connection');
  assert.deepEqual(await opts.$$eval('.scopes tr', (rs) => rs.map((r) => [r.dataset.scope, r.dataset.state])),
    [['inspect:read', 'granted'], ['response', 'granted'], ['enrich:read', 'granted'], ['casebook', 'missing']]);

  await opts.fill('#clientId', noResponse.id);
  await opts.fill('#clientSecret', noResponse.secret);
  await opts.click('#test');
  await opts.waitForSelector('.scopes tr[data-scope="response"][data-state="missing"]');
  assert.match(await opts.textContent('.connection'), /lacks: response/);
  await opts.screenshot({ path: join(SHOTS, 'extension-options.png'), fullPage: true });

  // Save with a region: the worker's client now talks to that region's host. A new host needs
  // the secret typed again (a saved secret is bound to the host it was entered for).
  for (const [region, host] of [['eu', 'https://visibility.eu.amp.cisco.com'], ['apjc', 'https://visibility.apjc.amp.cisco.com'], ['us', 'https://visibility.amp.cisco.com']]) {
    await opts.selectOption('#region', region);
    await opts.fill('#clientSecret', noResponse.secret);
    await opts.click('#save');
    await opts.waitForFunction(() => document.getElementById('status').textContent === 'Saved.');
    const st = await x.evaluate(() => globalThis.__sxr.status());
    assert.equal(st.effectiveBaseUrl, host);
    await opts.evaluate(() => { document.getElementById('status').textContent = ''; });
  }
  // "for this browser session only": the secret lives in storage.session, not storage.local.
  const where = await x.evaluate(async () => ({ local: 'secret' in await chrome.storage.local.get('secret'), session: 'secret' in await chrome.storage.session.get('secret') }));
  assert.deepEqual(where, { local: false, session: true });
  await opts.check('input[name=remember][value=device]');
  await opts.click('#save');
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Saved.');
  const moved = await x.evaluate(async () => ({ local: 'secret' in await chrome.storage.local.get('secret'), session: 'secret' in await chrome.storage.session.get('secret') }));
  assert.deepEqual(moved, { local: true, session: false });
  // The secret was kept (field left empty, same host) and is never sent back to the page.
  const loaded = await opts.evaluate(() => chrome.runtime.sendMessage({ type: 'options→sw:load' }));
  assert.equal(loaded.value.hasSecret, true);
  assert.equal(loaded.value.secretFor, 'visibility.amp.cisco.com');
  assert.match(await opts.getAttribute('#clientSecret', 'placeholder'), /saved for visibility\.amp\.cisco\.com/);
  assert.ok(!JSON.stringify(loaded).includes(noResponse.secret));
  // Another region with the field left empty: Save asks for the secret again, nothing changes.
  await opts.selectOption('#region', 'eu');
  await opts.click('#save');
  await opts.waitForSelector('#result .sxr-error');
  assert.match(await opts.textContent('#result'), /entered for visibility\.amp\.cisco\.com.*Enter the client secret for visibility\.eu\.amp\.cisco\.com/);
  assert.equal((await x.evaluate(() => globalThis.__sxr.status())).effectiveBaseUrl, 'https://visibility.amp.cisco.com');
  await opts.close();
  assertNoPageErrors();
});

test('a saved client secret is bound to its host: not sent to a newly typed host', async () => {
  const t = await tenant(FULL);
  const first = 'http://127.0.0.1:9'; // the host the secret is entered for (never contacted here)
  const opts = await x.page('options.html');
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', first);
  await opts.fill('#clientId', t.id);
  await opts.fill('#clientSecret', t.secret);
  await opts.click('#save');
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Saved.');

  // A new host typed (the stand-in), the secret field left empty: Test connection is refused
  // and the stand-in sees no token request.
  await opts.fill('#baseUrl', STANDIN);
  await opts.click('#test');
  await opts.waitForSelector('#result > *');
  assert.equal(await count(t.id, 'token'), 0, 'the saved secret was not sent to the newly typed host');
  assert.match(await opts.textContent('#result'), /entered for 127\.0\.0\.1:9 and is never sent to another host/);
  assert.match(await opts.getAttribute('#clientSecret', 'placeholder'), /saved for 127\.0\.0\.1:9\b/);
  await opts.click('#save');
  await opts.waitForSelector('#result .sxr-error');
  assert.match(await opts.textContent('#result'), /Enter the client secret for 127\.0\.0\.1:\d+/);
  const stored = await x.evaluate(async () => ({ ...(await chrome.storage.local.get(['settings', 'secretOrigin'])), ...(await chrome.storage.session.get('secretOrigin')) }));
  assert.equal(stored.settings.baseUrl, first, 'the refused Save changed nothing');
  assert.equal(stored.secretOrigin, first);

  // The worker itself: settings pointing at another host than the secret's (changed behind its
  // back) are not used with that secret; the view says why.
  await x.evaluate(([baseUrl, clientId]) => chrome.storage.local.set({ settings: { region: '', baseUrl, clientId, remember: 'device' } }), [STANDIN, t.id]);
  const view = await x.menuClick('evil.com');
  await view.waitForSelector('.sxr-error');
  assert.match(await view.textContent('.sxr-error'), /entered for 127\.0\.0\.1:9/);
  assert.match(await view.textContent('#hint'), /Open the extension options/);
  await view.close();
  assert.equal(await count(t.id, 'token'), 0, 'the stand-in (the new host) never got the secret');

  // Typed again for the new host, it is used there (the user's own choice).
  await opts.fill('#clientSecret', t.secret);
  await opts.click('#test');
  await opts.waitForSelector('.connection');
  assert.equal(await count(t.id, 'token'), 1);
  await opts.close();
  assertNoPageErrors();
});

test('managed policy secret without a host: never stored, sent only to the default region, a typed base URL is refused', { skip: process.getuid?.() !== 0 && 'needs root to write /etc/chromium/policies' }, async () => {
  const t = await tenant(FULL);
  const US = 'https://visibility.amp.cisco.com';
  const m = await launchWithPolicy({ clientId: t.id, clientSecret: t.secret });
  const stored = () => m.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]));
  try {
    const opts = await m.page('options.html');
    // Save, twice (the second one saves over the user's own settings, as any later Save does):
    // the administrator's secret lands in neither storage.local nor storage.session.
    for (let i = 0; i < 2; i++) {
      await opts.evaluate(() => { document.getElementById('status').textContent = ''; });
      await opts.click('#save');
      await opts.waitForFunction(() => document.getElementById('status').textContent === 'Saved.');
    }
    assert.ok(!(await stored()).includes(t.secret), 'the policy secret is not stored');

    // An insider re-enables the host fields and types another host (the stand-in): Test
    // connection is refused, and the stand-in sees no token request.
    await opts.evaluate(() => { for (const e of document.querySelectorAll('#region, #baseUrl')) e.disabled = false; });
    await opts.selectOption('#region', 'custom');
    await opts.fill('#baseUrl', STANDIN);
    await opts.click('#test');
    await opts.waitForSelector('#result > *');
    assert.equal(await count(t.id, 'token'), 0, 'the policy secret was not sent to a typed host');
    assert.match(await opts.textContent('#result'), /administrator set the client secret, so it goes only to visibility\.amp\.cisco\.com, the default region.*never to another host \(127\.0\.0\.1:\d+\)/);
    // The same messages sent by hand (Test connection, Save), and another region: refused too.
    for (const [type, settings] of [
      ['options→sw:test', { region: '', baseUrl: STANDIN, clientId: t.id, clientSecret: '' }],
      ['options→sw:save', { region: '', baseUrl: STANDIN, clientId: t.id, clientSecret: '', remember: 'device' }],
      ['options→sw:test', { region: 'eu', baseUrl: '', clientId: t.id, clientSecret: '' }],
    ]) {
      const r = await opts.evaluate(([type, settings]) => chrome.runtime.sendMessage({ type, settings }), [type, settings]);
      assert.equal(r.ok, false, `${type} ${JSON.stringify(settings)}`);
      assert.equal(r.error.code, 'bad-input');
      assert.match(r.error.message, /administrator set the client secret/);
    }
    const st = await m.evaluate(() => globalThis.__sxr.status());
    assert.deepEqual([...st.managed].sort(), ['clientId', 'clientSecret']);
    assert.equal(st.effectiveBaseUrl, US, 'the policy names no host: the default region, not the dev copy\'s stand-in');
    await opts.reload();
    await opts.waitForSelector('body[data-ready="1"]');
    assert.equal(await opts.isDisabled('#region'), true, 'no host choice with the administrator\'s secret');
    assert.equal(await opts.isDisabled('#clientSecret'), true);
    assert.match(await opts.textContent('#managed'), /only sent to the default region \(US\)/);
    // Settings saved before the policy came (a custom host) do not steer the policy secret either.
    await m.evaluate((u) => chrome.storage.local.set({ settings: { region: '', baseUrl: u, clientId: '', remember: 'device' } }), STANDIN);
    assert.equal((await m.evaluate(() => globalThis.__sxr.status())).effectiveBaseUrl, US);
    assert.equal(await count(t.id, 'token'), 0, 'the stand-in never saw a token request with the policy secret');
    assert.ok(!(await stored()).includes(t.secret));

    // A copy of the policy secret that an older version stored (no host with it) is removed, never used.
    await m.evaluate((s) => chrome.storage.local.set({ secret: s }), t.secret);
    await m.evaluate(() => globalThis.__sxr.status());
    assert.ok(!(await stored()).includes(t.secret), 'a stored secret without its host is removed');
    assert.deepEqual(m.pageErrors(), []);
  } finally {
    await m.close();
  }
});

test('managed policy (real Chromium policy file) presets and locks the options', { skip: process.getuid?.() !== 0 && 'needs root to write /etc/chromium/policies' }, async () => {
  const t = await tenant(FULL);
  const m = await launchWithPolicy({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret, locked: true });
  try {
    assert.equal(m.extensionId, m.expectedId);
    const st = await m.evaluate(() => globalThis.__sxr.status());
    assert.deepEqual(st.managed.sort(), ['baseUrl', 'clientId', 'clientSecret']);
    assert.equal(st.locked, true);
    assert.equal(st.clientId, t.id);
    assert.equal(st.effectiveBaseUrl, STANDIN);
    const opts = await m.page('options.html');
    assert.equal(await opts.isHidden('#managed'), false);
    assert.equal(await opts.isDisabled('#clientId'), true);
    assert.equal(await opts.isDisabled('#save'), true);
    assert.equal(await opts.inputValue('#clientId'), t.id);
    await opts.click('#test');
    await opts.waitForSelector('.connection');
    const view = await m.menuClick('block evil.com');
    await view.waitForSelector('.sxr-module');
    assert.equal(await count(t.id, 'token'), 2, 'the policy credentials are used (test + view)');
    assert.deepEqual(m.pageErrors(), []);
  } finally {
    await m.close();
  }
});

test('service-worker restart mid-session: keeps working without a second token exchange', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const view = await x.menuClick('evil.com and 203.0.113.7');
  await view.waitForSelector('.sxr-module');
  assert.equal(await count(t.id, 'token'), 1);
  const startedBefore = await x.evaluate(() => performance.timeOrigin);
  await x.stopWorker(view);
  await view.evaluate(() => document.querySelectorAll('.sxr-module').forEach((m) => m.remove()));
  await view.click('.sxr-list');
  await view.waitForSelector('.sxr-module');
  assert.notEqual(await x.evaluate(() => performance.timeOrigin), startedBefore, 'a new worker instance answered');
  assert.equal(await count(t.id, 'token'), 1, 'one token exchange in total');
  assert.ok(await count(t.id, 'respond_observables') >= 2);
  await view.close();
  assertNoPageErrors();
});

const errorInView = (settings, text) => x.errorInView(settings, text);

test('error classes show their messages in the view', async (tc) => {
  await tc.test('bad secret', async () => {
    const t = await tenant(FULL);
    const e = await errorInView({ baseUrl: STANDIN, clientId: t.id, clientSecret: 'wrong-secret-000' });
    assert.equal(e.code, 'invalid-credentials');
    assert.ok(e.message.length > 20, e.message);
    assert.match(e.hint, /Open the extension options/);
  });
  await tc.test('429 shows the retry seconds', async () => {
    const t = await tenant(FULL);
    await fault(t.id, 'respond_observables', { kind: 'status', status: 429, body: '{"error":"too_many_requests"}', content_type: 'application/json', headers: { 'Retry-After': '37' } });
    const e = await errorInView({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
    assert.equal(e.code, 'rate-limited');
    assert.match(e.all, /37/);
  });
  await tc.test('server error', async () => {
    const t = await tenant(FULL);
    await fault(t.id, 'respond_observables', { kind: 'status', status: 503, body: 'upstream down', content_type: 'text/plain' });
    const e = await errorInView({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
    assert.equal(e.code, 'server');
    assert.ok(e.message.length > 20, e.message);
  });
  await tc.test('network down (closed port)', async () => {
    const e = await errorInView({ baseUrl: 'http://127.0.0.1:9', clientId: 'nobody', clientSecret: 'nothing-here-0000' });
    assert.equal(e.code, 'network');
    assert.ok(e.message.length > 20, e.message);
  });
  await tc.test('trigger with a cut-off answer: outcome unknown', async () => {
    // (`drop` is not used here: Chromium's network stack silently re-sends a request whose reused
    // keep-alive connection closes without a byte, so the stand-in would see two triggers.)
    const t = await tenant(FULL);
    await fault(t.id, 'trigger', { kind: 'truncate' }, 1);
    await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
    const view = await x.menuClick('evil.com');
    // The view has read its settings and listed the actions for the final find (the find made
    // before the settings arrived is dropped: hardening.test.mjs "an older find answering late").
    await view.waitForFunction(() => document.body.dataset.ready === '1' && document.querySelector('.sxr-status')?.textContent === '' && document.querySelector('.sxr-action'));
    await view.locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('button').click();
    await view.click('.sxr-confirm-run');
    await view.waitForSelector('.sxr-error');
    assert.match(await view.textContent('#hint'), /Outcome unknown/);
    assert.match(await view.textContent('.sxr-error strong'), /may or may not have run/);
    assert.equal(await count(t.id, 'trigger'), 1, 'not retried');
    await view.close();
  });
  await tc.test('not set up', async () => {
    await x.evaluate(async () => {
      await chrome.storage.local.set({ settings: { region: 'us', clientId: '', remember: 'device' } });
      for (const area of [chrome.storage.local, chrome.storage.session]) await area.remove(['secret', 'secretOrigin']);
    });
    const e = await errorInView({ region: 'us', clientId: '', clientSecret: '' });
    assert.equal(e.code, 'bad-input');
    assert.match(e.message, /options/);
  });
  assertNoPageErrors();
});
