// Hardening, part 2: a confirmation triggers at most once, and nothing triggers without one.
// Exactly-once scenarios through the extension, counted in the stand-in's event log: double
// click, Enter held down, two respond windows confirming the same action, the service worker
// stopped between confirm and send. Then the confirmation nonce: a static scan that allows an
// explicit list of trigger call sites only, and the worker refusing a trigger without a nonce.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, ROOT, tenant, fault } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';
import { FULL, tally, printTable } from './hard-lib.mjs';

const observed = [];
let x;
before(async () => { x = await Ext.launch(); });
after(async () => {
  await x?.close();
  printTable('Exactly once (stand-in event log)', ['scenario', 'confirmations', 'trigger requests', 'executed', 'view shows'], observed);
});

async function setup({ delayMs } = {}) {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await x.evaluate(() => chrome.storage.local.set({ askInspect: false, enrich: false }));
  if (delayMs) await fault(t.id, 'trigger', { kind: 'delay', ms: delayMs });
  return t;
}

const BLOCK = (view) => view.locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('.sxr-run');

async function openAndAsk(text = 'evil.com') {
  const view = await x.menuClick(text);
  await view.waitForSelector('.sxr-module');
  await BLOCK(view).click();
  await view.waitForSelector('.sxr-confirm:not([hidden]) .sxr-confirm-run');
  return view;
}

async function outcome(view) {
  await view.waitForSelector('.sxr-error, .sxr-result:not([hidden])', { timeout: 20000 });
  return view.evaluate(() => {
    const e = document.querySelector('.sxr-error');
    const unknown = document.querySelector('#hint:not([hidden]) .outcome-unknown') ? ' (outcome unknown)' : '';
    return e ? `error ${e.dataset.code}${unknown}` : document.querySelector('.sxr-result').textContent.replace(/:.*/, '');
  });
}

test('double click on the confirm button: one trigger', async () => {
  const t = await setup({ delayMs: 600 });
  const view = await openAndAsk();
  await view.dblclick('.sxr-confirm-run');
  const shown = await outcome(view);
  const c = await tally(t.id);
  observed.push(['double click on confirm', 1, c.by.trigger ?? 0, c.executed, shown]);
  assert.equal(c.by.trigger, 1);
  assert.match(shown, /Done/);
  await view.close();
});

test('Enter held down on the focused confirm button: one trigger', async () => {
  const t = await setup({ delayMs: 600 });
  const view = await openAndAsk();
  assert.equal(await view.evaluate(() => document.activeElement?.className), 'sxr-confirm-run sxr-danger', 'confirm has the focus');
  for (let i = 0; i < 15; i++) await view.keyboard.down('Enter'); // auto-repeat: keydown with repeat=true
  await view.keyboard.up('Enter');
  const shown = await outcome(view);
  const c = await tally(t.id);
  observed.push(['Enter held (15 keydowns)', 1, c.by.trigger ?? 0, c.executed, shown]);
  assert.equal(c.by.trigger, 1);
  await view.close();
});

test('two respond windows on the same selection, both confirming: each confirmation ≤ 1 trigger', async () => {
  const t = await setup({ delayMs: 800 });
  const a = await openAndAsk();
  const b = await openAndAsk();
  // Both at once: the same action url on the worker's one client, whose core refuses a second
  // trigger of an action still in flight (ARCHITECTURE.md invariant 4).
  await Promise.all([a.click('.sxr-confirm-run'), b.click('.sxr-confirm-run')]);
  const shown = await Promise.all([outcome(a), outcome(b)]);
  const c = await tally(t.id);
  observed.push(['2 windows, confirmed together', 2, c.by.trigger ?? 0, c.executed, shown.join(' / ')]);
  assert.ok(c.by.trigger <= 2, 'two confirmations, at most two triggers');
  assert.equal(c.by.trigger, 1, 'same action in flight: the second confirmation is refused, nothing is sent for it');
  assert.deepEqual([...shown].sort(), ['Done', 'error bad-input'], 'one window shows the result, the other is told why it sent nothing');
  const refused = shown[0] === 'Done' ? b : a;
  assert.match(await refused.textContent('.sxr-error strong'), /^Not sent again: this action is already being triggered \(from this window or another one\)\. Its result shows where it was started/);
  assert.equal(await refused.locator('#hint .outcome-unknown').count(), 0, 'refused before sending: not an unknown outcome');
  // One after the other: two confirmations are two triggers, one each.
  const again = await openAndAsk();
  await again.click('.sxr-confirm-run');
  const shown2 = await outcome(again);
  const c2 = await tally(t.id);
  observed.push(['3rd window, after the first finished', 1, (c2.by.trigger ?? 0) - c.by.trigger, c2.executed - c.executed, shown2]);
  assert.equal(c2.by.trigger - c.by.trigger, 1);
  for (const v of [a, b, again]) await v.close();
});

test('service worker stopped right after confirm (trigger delayed): at most one trigger, outcome unknown', async () => {
  const t = await setup({ delayMs: 2500 });
  const view = await openAndAsk();
  await view.click('.sxr-confirm-run');
  await x.stopWorker(view);
  const shown = await outcome(view);
  await view.waitForTimeout(3000); // anything re-sent after the worker restarts would show up now
  const c = await tally(t.id);
  observed.push(['SW stopped after confirm', 1, c.by.trigger ?? 0, c.executed, shown]);
  assert.ok((c.by.trigger ?? 0) <= 1, 'at most one trigger');
  if (c.by.trigger) assert.match(shown, /outcome unknown/, 'sent, answer lost: outcome unknown');
  assert.equal(await view.evaluate(() => 1), 1, 'the view still answers');
  // The next message starts a new worker (and the rest of the suite needs one running).
  const st = await view.evaluate(() => chrome.runtime.sendMessage({ type: 'view→sw:status' }));
  assert.equal(st.ok, true);
  await view.close();
});

// ---------- no trigger without confirmation ----------

const SOURCES = [
  ...readdirSync(join(ROOT, 'extension')).filter((f) => f.endsWith('.js')).map((f) => `extension/${f}`),
  ...readdirSync(join(ROOT, 'www')).filter((f) => f.endsWith('.js')).map((f) => `www/${f}`),
];
// Every line (outside comments) that triggers, confirms, or hands a trigger function to the view.
const SITE = /\btrigger\s*[:(]|\.trigger\s*\(|sw:trigger|sw:confirm|\bsendMessage\s*\(/;
// The allowed call sites: file → exact lines (whitespace-normalized) and the function they must be in.
const ALLOWED = [
  // The worker's trigger, confirm and bulk run are the worker core's (src/worker/trigger.rs,
  // bulk.rs; checked below and by its native tests): the JS only names the messages.
  ['extension/messages.js', "VIEW_CONFIRM: 'view→sw:confirm',", null],
  ['extension/messages.js', "VIEW_TRIGGER: 'view→sw:trigger',", null],
  ['extension/bridge.js', 'r = await chrome.runtime.sendMessage({ ...payload, type });', 'send'],
  ['extension/view.js', 'trigger: async (action, ctx) => {', null], // the api handed to mountRespondView
  ['extension/view.js', "const { nonce } = await send('view→sw:confirm', { action: action.url });", null],
  ['extension/view.js', "return await send('view→sw:trigger', { action, nonce, casebook: ctx?.casebook });", null],
  ['www/respond-view.js', 'const r = await api.trigger(action, { casebook: casebook?.id });', 'runConfirmed'],
  ['www/securex-respond-element.js', 'trigger: (action, ctx) => this.#trigger(action, ctx),', null], // the api handed to mountRespondView
  ['www/securex-respond-element.js', 'async #trigger(action, ctx) {', null],
  ['www/securex-respond-element.js', 'result = await client.trigger(action);', null], // inside #trigger: only the api's trigger calls it
  ['www/demo.js', 'trigger: (action) => client.trigger(action),', null],
];

function sites(file) {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out = [];
  lines.forEach((raw, i) => {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (!line || line.startsWith('//') || line.startsWith('*') || line.startsWith('/*')) return;
    if (SITE.test(line.replace(/\/\/.*$/, ''))) out.push({ file, i, line, fn: enclosing(lines, i) });
  });
  return out;
}

/** Name of the innermost named function declared above line i at a smaller indentation. */
function enclosing(lines, i) {
  const indent = (s) => s.match(/^\s*/)[0].length;
  let limit = indent(lines[i]);
  for (let j = i - 1; j >= 0; j--) {
    if (!lines[j].trim() || indent(lines[j]) >= limit) continue;
    limit = indent(lines[j]);
    const m = lines[j].match(/^\s*(?:export\s+)?(?:async\s+)?function\s+([\w$]+)\s*\(/);
    if (m) return m[1];
    if (limit === 0) return null;
  }
  return null;
}

test('static: every trigger / confirm / sendMessage call site is on the allow-list', () => {
  const found = SOURCES.flatMap(sites);
  const unexpected = found.filter((s) => !ALLOWED.some(([f, l]) => f === s.file && l === s.line));
  assert.deepEqual(unexpected.map((s) => `${s.file}:${s.i + 1}: ${s.line}`), [], 'a new trigger call site: confirm it goes through the confirmation, then add it here');
  for (const [file, line, fn] of ALLOWED) {
    const s = found.find((x) => x.file === file && x.line === line);
    assert.ok(s, `allow-listed site no longer exists (update the list): ${file}: ${line}`);
    if (fn) assert.equal(s.fn, fn, `${file}: ${line} must be inside ${fn}()`);
  }
});

test('static: the view calls api.trigger only from the confirm button, once per confirmation', () => {
  const src = readFileSync(join(ROOT, 'www/respond-view.js'), 'utf8');
  const uses = src.split('\n').filter((l) => /\brunConfirmed\s*\(/.test(l) && !/^\s*\/\//.test(l)).map((l) => l.trim());
  assert.equal(uses.length, 2, JSON.stringify(uses));
  assert.match(uses.find((l) => !/function/.test(l)), /^go\.addEventListener\('click', \(\) => runConfirmed\(action, go, cancel\), \{ once: true \}\);$/);
  assert.match(src, /const go = el\('button', \{ type: 'button', class: 'sxr-confirm-run[^']*' \}/, 'go is the confirmation button');
  const body = src.slice(src.indexOf('async function runConfirmed('));
  assert.ok(body.indexOf('go.disabled = cancel.disabled = true') < body.indexOf('api.trigger('), 'disabled before the call');
  const bg = readFileSync(join(ROOT, 'src/worker/trigger.rs'), 'utf8');
  const ct = bg.slice(bg.indexOf('async fn confirmed_trigger('));
  assert.ok(ct.indexOf('self.with_confirms(') < ct.indexOf('self.send_trigger(action)') && ct.indexOf('.await??;') < ct.indexOf('self.send_trigger(action)'), 'the nonce is checked before the trigger');
});

test('dynamic: the worker refuses a trigger without a valid, unused confirmation nonce', async () => {
  const t = await setup();
  const page = await x.page('view.html?popup');
  const r = await page.evaluate(async () => {
    const send = (m) => chrome.runtime.sendMessage(m);
    const list = await send({ type: 'view→sw:actions', observables: [{ type: 'domain', value: 'evil.com' }] });
    const acts = list.value.actions;
    const block = acts.find((a) => a.title === 'Block this domain');
    const other = acts.find((a) => a.title === 'Unblock this domain');
    const out = {};
    out.noNonce = await send({ type: 'view→sw:trigger', action: block });
    out.madeUp = await send({ type: 'view→sw:trigger', action: block, nonce: crypto.randomUUID() });
    out.protoKey = await send({ type: 'view→sw:trigger', action: block, nonce: 'constructor' });
    const forOther = (await send({ type: 'view→sw:confirm', action: other.url })).value.nonce;
    out.otherAction = await send({ type: 'view→sw:trigger', action: block, nonce: forOther });
    out.otherAgain = await send({ type: 'view→sw:trigger', action: other, nonce: forOther }); // used up by the refused try
    const nonce = (await send({ type: 'view→sw:confirm', action: block.url })).value.nonce;
    out.confirmed = await send({ type: 'view→sw:trigger', action: block, nonce });
    out.reused = await send({ type: 'view→sw:trigger', action: block, nonce });
    return { out, blockUrl: block.url };
  });
  const { out } = r;
  for (const k of ['noNonce', 'madeUp', 'protoKey', 'otherAction', 'otherAgain', 'reused']) {
    assert.equal(out[k].ok, false, `${k} refused`);
    assert.equal(out[k].error.code, 'bad-input', k);
    assert.match(out[k].error.message, /not confirmed/, k);
  }
  assert.equal(out.confirmed.ok, true, JSON.stringify(out.confirmed));
  assert.equal(out.confirmed.value.status, 'success');
  const c = await tally(t.id);
  assert.equal(c.by.trigger, 1, 'only the confirmed trigger reached the stand-in');

  // A nonce survives a worker restart (storage.session), still single use.
  const nonce = await page.evaluate(async (url) => (await chrome.runtime.sendMessage({ type: 'view→sw:confirm', action: url })).value.nonce, r.blockUrl);
  await x.stopWorker(page);
  const after = await page.evaluate(async ({ nonce }) => {
    const send = (m) => chrome.runtime.sendMessage(m);
    const list = await send({ type: 'view→sw:actions', observables: [{ type: 'domain', value: 'evil.com' }] });
    const block = list.value.actions.find((a) => a.title === 'Block this domain');
    return [await send({ type: 'view→sw:trigger', action: block, nonce }), await send({ type: 'view→sw:trigger', action: block, nonce })];
  }, { nonce });
  assert.equal(after[0].ok, true, JSON.stringify(after[0]));
  assert.equal(after[1].ok, false);
  assert.equal((await tally(t.id)).by.trigger, 2);
  // A web page cannot ask at all: the worker answers only its own extension pages.
  const web = await x.context.newPage();
  await web.goto(`${STANDIN}/__standin/events?client_id=none`);
  assert.equal(await web.evaluate(() => typeof globalThis.chrome?.runtime?.sendMessage), 'undefined', 'no externally_connectable: no runtime.sendMessage for web pages');
  await web.close();
  await page.close();
  assert.deepEqual(x.pageErrors(), []);
});
