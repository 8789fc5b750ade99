// Bulk respond from the scan panel (issue 14, item 5), real extension against the stand-in:
// actions grouped by action, one confirmation naming every action and target with the cost,
// each row triggered exactly once (the stand-in's log), a 429 that stops the run and a continue
// after it, the panel window closed mid-run, and the worker stopped mid-run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, tenant, fault, events, renderedButHidden } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';
import { campaignToActions } from './scan-lib.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
const DOMAINS = ['a1.example.com', 'a2.example.com', 'a3.example.com', 'a4.example.com', 'a5.example.com', 'a6.example.com', 'a7.example.com', 'evil.com'];
// tests/e2e/fixtures/scan-campaign.html lists these, defanged, with an IP address each.

let x;
before(async () => { x = await Ext.launch(); });
after(async () => { await x?.close(); });

async function setup() {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await x.evaluate(() => chrome.storage.local.set({ enrich: false }));
  return t;
}

/** Panel on the campaign page with every domain selected, at the actions ("Block this domain" not yet ticked). */
const toConfirmation = () => campaignToActions(x);

const triggers = async (t) => (await events(t.id)).filter((e) => e.route === 'trigger');
const runState = () => x.evaluate(async () => (await chrome.storage.session.get('scanRun')).scanRun);
async function waitRun(pred) {
  for (;;) {
    const r = await runState();
    if (r && pred(r)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

test('grouped by action, one confirmation naming every action and target with its cost, each row triggered exactly once', async () => {
  const t = await setup();
  const { page, panel, block } = await toConfirmation();
  const labels = await panel.$$eval('label.group', (l) => l.map((e) => e.textContent.trim()));
  assert.ok(labels.includes('Block this domain \u2014 8 domains'), JSON.stringify(labels));
  assert.ok(labels.includes('Unblock this domain \u2014 8 domains'));
  await block.locator('input').check();
  await panel.click('#review');
  assert.equal(await panel.textContent('#bulk h3'), 'Run 1 action on 8 domains?');
  assert.doesNotMatch(await panel.textContent('#bulk'), /null|undefined/, 'no stray "null" before Confirm and run');
  assert.deepEqual(await renderedButHidden(panel), []);
  const lines = await panel.textContent('.confirm-lines');
  assert.equal(lines, ['Block this domain \u2014 8 domains (Umbrella):', ...DOMAINS.map((d) => `  domain ${d}`)].join('\n'), 'each action named with its module');
  // What the organisation has left this hour, as the stand-in's last answer said (X-RateLimit-Org-Remaining).
  assert.match(await panel.textContent('.cost'), /^This sends 8 trigger calls to Threat Response, one at a time: 8 of the 7,9\d\d calls your organisation has left this hour of its 8,000/);
  assert.equal((await triggers(t)).length, 0, 'nothing is sent before the confirmation');
  await panel.click('#confirm-run');
  await panel.locator('#confirm-run').dispatchEvent('click'); // a second click on the same confirmation
  await panel.waitForSelector('.run-summary:text-matches("^Done")', { timeout: 20000 });
  assert.equal(await panel.textContent('.run-summary'), 'Done: 8 succeeded, 0 failed, 0 outcome unknown.');
  assert.deepEqual(await panel.$$eval('.run-rows td.state', (l) => l.map((e) => e.textContent)), Array(8).fill('Succeeded'));
  const sent = await triggers(t);
  assert.equal(sent.length, 8);
  assert.equal(new Set(sent.map((e) => e.path_and_query)).size, 8, 'each row once');
  assert.ok(sent.every((e) => e.executed));
  for (const d of DOMAINS) assert.equal(sent.filter((e) => e.path_and_query.includes(encodeURIComponent(d)) || e.path_and_query.includes(d)).length, 1, d);
  assert.deepEqual(x.pageErrors(), []);
  await panel.close();
  await page.close();
});

test('a 429 stops the run: what ran, what did not and when to continue; continuing sends only the rest, each once', async () => {
  const t = await setup();
  await fault(t.id, 'trigger', { kind: 'delay', ms: 1 }, 3);
  await fault(t.id, 'trigger', { kind: 'status', status: 429, body: '{"error":"too many requests"}', content_type: 'application/json', headers: { 'Retry-After': '2' } }, 1);
  const { page, panel, block } = await toConfirmation();
  await block.locator('input').check();
  await panel.click('#review');
  await panel.click('#confirm-run');
  const stopped = await waitRun((r) => r.state === 'stopped');
  assert.equal(stopped.rows.filter((r) => r.state === 'succeeded').length, 3);
  assert.equal(stopped.rows.filter((r) => r.state === 'pending').length, 5);
  await panel.waitForSelector('.run-summary:text-matches("^Stopped")');
  assert.match(await panel.textContent('.run-summary'), /^Stopped by the rate limit \(429\): 3 succeeded, 0 failed, 0 outcome unknown; 5 not run\. (Continue in [12] s\.|You can continue now\.)/);
  assert.deepEqual(await panel.$$eval('.run-rows td.state', (l) => l.map((e) => e.textContent)),
    [...Array(3).fill('Succeeded'), ...Array(5).fill('Not run (rate limit)')]);
  assert.equal((await triggers(t)).length, 4, 'three ran, the fourth met the 429, nothing after it was sent');
  // When the wait is over the panel offers to continue: a new confirmation for the five left.
  await panel.click('#continue', { timeout: 10000 });
  await panel.waitForFunction(() => document.querySelector('.confirm-lines')?.textContent.startsWith('Block this domain \u2014 5 domains'));
  const lines = await panel.textContent('.confirm-lines');
  assert.equal(lines, ['Block this domain \u2014 5 domains (Umbrella):', ...DOMAINS.slice(3).map((d) => `  domain ${d}`)].join('\n'));
  await panel.click('#confirm-run');
  await panel.waitForSelector('.run-summary:text-matches("^Done")', { timeout: 20000 });
  const sent = (await triggers(t)).filter((e) => e.executed);
  assert.equal(sent.length, 8);
  assert.equal(new Set(sent.map((e) => e.path_and_query)).size, 8, 'every domain blocked exactly once');
  await panel.close();
  await page.close();
});

test('the panel closed mid-run: the worker finishes every row once, and a reopened panel shows the run', async () => {
  const t = await setup();
  await fault(t.id, 'trigger', { kind: 'delay', ms: 400 }, 8);
  const { page, panel, block } = await toConfirmation();
  const url = panel.url();
  await block.locator('input').check();
  await panel.click('#review');
  await panel.click('#confirm-run');
  await waitRun((r) => r.rows.some((row) => row.state === 'running'));
  await panel.close();
  const done = await waitRun((r) => r.state === 'done');
  assert.deepEqual(done.rows.map((r) => r.state), Array(8).fill('succeeded'));
  const sent = await triggers(t);
  assert.equal(sent.length, 8);
  assert.equal(new Set(sent.map((e) => e.path_and_query)).size, 8);
  const again = await x.context.newPage();
  await again.goto(url);
  await again.waitForSelector('body[data-ready="1"]');
  assert.equal(await again.textContent('.run-summary'), 'Done: 8 succeeded, 0 failed, 0 outcome unknown.');
  await again.close();
  await page.close();
});

test('the worker stopped mid-run: the row in flight is outcome unknown and never sent again; the rest run once', async () => {
  const t = await setup();
  await fault(t.id, 'trigger', { kind: 'delay', ms: 1500 }, 8);
  const { page, panel, block } = await toConfirmation();
  await block.locator('input').check();
  await panel.click('#review');
  await panel.click('#confirm-run');
  await waitRun((r) => r.rows[1].state === 'running');
  await x.stopWorker(panel);
  // Any event starts the worker again; the panel's next message does.
  await panel.reload();
  await panel.waitForSelector('body[data-ready="1"]');
  const done = await waitRun((r) => r.state === 'done');
  assert.equal(done.rows[0].state, 'succeeded');
  assert.equal(done.rows[1].state, 'outcome-unknown');
  assert.deepEqual(done.rows.slice(2).map((r) => r.state), Array(6).fill('succeeded'));
  const sent = await triggers(t);
  const perRow = DOMAINS.map((d) => sent.filter((e) => e.path_and_query.includes(d)).length);
  assert.ok(perRow[1] <= 1, 'the row in flight was not sent again');
  assert.deepEqual(perRow.filter((_, i) => i !== 1), Array(7).fill(1));
  await panel.waitForSelector('.run-summary:text-matches("^Done")');
  assert.match(await panel.textContent('.run-summary'), /^Done: 7 succeeded, 0 failed, 1 outcome unknown\.$/);
  await panel.close();
  await page.close();
});

test('live result per row: a module failure with its message, an answer lost (outcome unknown), the rest succeed', async () => {
  const t = await setup();
  await fault(t.id, 'trigger', { kind: 'body', status: 200, content_type: 'application/json',
    body: '{"data":{"status":"failure"},"errors":[{"module":"Umbrella","code":"quota","message":"Umbrella destination list is full."}]}' }, 1);
  await fault(t.id, 'trigger', { kind: 'truncate' }, 1);
  const { page, panel, block } = await toConfirmation();
  await block.locator('input').check();
  await panel.click('#review');
  await panel.click('#confirm-run');
  // The reopened panel first shows the previous test's finished run ("Done: 7 succeeded, …"): wait for this run's
  // end, which is the one with a failed row (a run that never started, or lost the failure, times out here).
  await panel.waitForSelector('.run-summary:text-matches("^Done: .* [1-9] failed")', { timeout: 20000 });
  assert.equal(await panel.textContent('.run-summary'), 'Done: 6 succeeded, 1 failed, 1 outcome unknown.');
  const states = await panel.$$eval('.run-rows td.state', (l) => l.map((e) => e.textContent));
  assert.equal(states[0], 'Failed: Umbrella: Umbrella destination list is full.');
  assert.match(states[1], /^Outcome unknown: /);
  assert.deepEqual(states.slice(2), Array(6).fill('Succeeded'));
  assert.equal(await panel.getAttribute('.run-rows tr:nth-child(2) td.state', 'data-state'), 'outcome-unknown');
  const sent = await triggers(t);
  assert.deepEqual(DOMAINS.map((d) => sent.filter((e) => e.path_and_query.includes(d)).length), Array(8).fill(1), 'no row sent again');
  await panel.close();
  await page.close();
});

test('two run-starts at once start one run: the second is refused, each URL is triggered exactly once (issue 21.4)', async () => {
  const t = await setup();
  const { page, panel, block } = await toConfirmation();
  await block.locator('input').check();
  await panel.click('#review');
  await panel.waitForSelector('#confirm-run:not([disabled])');
  // Hold the panel's own run-start, get a second set of confirmations for the same rows, then
  // send both run-starts at the same moment.
  await panel.evaluate(() => {
    const orig = chrome.runtime.sendMessage.bind(chrome.runtime);
    chrome.runtime.sendMessage = (msg, ...rest) => {
      if (msg?.type === 'scan→sw:run-start' && !window.__held) { window.__held = msg; return new Promise(() => {}); }
      return orig(msg, ...rest);
    };
  });
  await panel.click('#confirm-run');
  await panel.waitForFunction(() => window.__held);
  const answers = await panel.evaluate(async () => {
    const m = window.__held;
    const urls = m.groups.flatMap((g) => g.actions.map((a) => a.url));
    const second = await chrome.runtime.sendMessage({ type: 'scan→sw:run-confirm', urls });
    const both = await Promise.all([chrome.runtime.sendMessage(m), chrome.runtime.sendMessage({ ...m, nonces: second.value.nonces })]);
    return both.map((r) => r.ok);
  });
  assert.deepEqual(answers.sort(), [false, true], 'one started, the other refused (a run is still going)');
  await waitRun((r) => r.state === 'done');
  const sent = await triggers(t);
  assert.equal(sent.length, DOMAINS.length);
  assert.equal(new Set(sent.map((e) => e.path_and_query)).size, DOMAINS.length, 'each row once');
  await panel.close();
  await page.close();
});

test('Stop: the row in flight finishes and is reported, nothing after it is sent; a sign-out mid-run stops it too (issue 21.4)', async () => {
  const t = await setup();
  await fault(t.id, 'trigger', { kind: 'delay', ms: 800 }, 8);
  const { page, panel, block } = await toConfirmation();
  await block.locator('input').check();
  await panel.click('#review');
  await panel.click('#confirm-run');
  await panel.waitForSelector('#stop-run');
  await waitRun((r) => r.rows.filter((x) => x.state === 'succeeded').length >= 1);
  await panel.click('#stop-run');
  const stopped = await waitRun((r) => r.state === 'stopped');
  assert.equal(stopped.stoppedBy, 'user');
  const done = stopped.rows.filter((r) => r.state === 'succeeded').length;
  assert.ok(done >= 1 && done < 8, `some ran, the rest did not: ${done}`);
  assert.equal(stopped.rows.filter((r) => r.state === 'running').length, 0, 'the row in flight finished and was reported');
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal((await triggers(t)).length, done, 'nothing sent after Stop');
  await panel.waitForSelector('.run-summary:text-matches("^Stopped: ")');
  assert.ok((await panel.$$eval('.run-rows td.state', (l) => l.map((e) => e.textContent))).includes('Not run (stopped)'));

  // A new run, then the connection changes (the settings saved for another client id): stopped
  // before the next row, nothing sent with the new connection.
  await panel.click('#continue');
  await panel.waitForSelector('#confirm-run:not([disabled])');
  await panel.click('#confirm-run');
  await waitRun((r) => r.state === 'running' && r.rows.some((x) => x.state === 'succeeded'));
  const before = (await triggers(t)).length;
  await x.evaluate(async () => { const { settings } = await chrome.storage.local.get('settings'); await chrome.storage.local.set({ settings: { ...settings, clientId: 'client-someone-else' } }); });
  const moved = await waitRun((r) => r.state === 'stopped');
  assert.equal(moved.stoppedBy, 'connection');
  await new Promise((r) => setTimeout(r, 1200));
  assert.ok((await triggers(t)).length <= before + 1, 'at most the row in flight');
  await panel.close();
  await page.close();
});
