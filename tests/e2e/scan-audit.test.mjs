// Audit notes of a bulk run from the scan panel (issue 21), real extension against the stand-in:
// with audit notes on, the confirmation offers the casebook step and says where the notes go;
// the run writes one note per row to that casebook (read back from the stand-in) and the panel
// shows the counts; with audit notes off, no casebook step and no note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, tenant, events, fault } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';
import { campaignToActions } from './scan-lib.mjs';

const SCOPES = ['inspect:read', 'response', 'enrich:read', 'casebook'];

let x;
before(async () => { x = await Ext.launch(); });
after(async () => { await x?.close(); });

async function setup(auditNote) {
  const t = await tenant(SCOPES);
  await x.configure({ baseUrl: STANDIN, privateIntelUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await x.evaluate((v) => chrome.storage.local.set(v), { enrich: false, sightings: false, auditNote });
  return t;
}

/** The stand-in's casebook, read with the tenant's own token (not through the extension). */
async function storedCasebook(t, id) {
  const basic = Buffer.from(`${t.id}:${t.secret}`).toString('base64');
  const tok = await (await fetch(`${STANDIN}/iroh/oauth2/token`, {
    method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials',
  })).json();
  return (await fetch(`${STANDIN}/ctia/casebook/${id}`, { headers: { authorization: `Bearer ${tok.access_token}` } })).json();
}

const runId = () => x.evaluate(async () => (await chrome.storage.session.get('scanRun')).scanRun?.id ?? null);
const runDone = (old) => x.evaluate(async (o) => { const r = (await chrome.storage.session.get('scanRun')).scanRun; return !!r && r.id !== o && r.state === 'done'; }, old);
const count = async (t, route) => (await events(t.id)).filter((e) => e.route === route).length;

/** The campaign page's 8 domains selected, "Block this domain" ticked, at the confirmation. */
async function toConfirmation() {
  const { page, panel, block } = await campaignToActions(x);
  await block.locator('input').check();
  await panel.click('#review');
  await panel.waitForSelector('#confirm-run');
  return { page, panel };
}

test('audit notes on: the casebook chosen in the confirmation gets one note per row; the panel counts them', async () => {
  const t = await setup(true);
  const { page, panel } = await toConfirmation();
  assert.equal(await panel.textContent('.bulk-audit .audit-line'), 'No casebook chosen: no audit note will be written for this run.');
  assert.doesNotMatch(await panel.textContent('#bulk .cost'), /audit note/, 'no casebook yet: no note counted');
  await panel.click('.bulk-audit .sxr-cb-toggle');
  await panel.fill('.bulk-audit .sxr-cb-title', 'Bulk audit');
  await panel.click('.bulk-audit .sxr-cb-save');
  await panel.waitForSelector('.bulk-audit .sxr-cb-done');
  const id = await panel.getAttribute('.sxr-cb-done', 'data-id');
  assert.equal((await storedCasebook(t, id)).observables.length, 8, 'the casebook holds the selected observables');
  assert.equal(await panel.textContent('.bulk-audit .audit-line'), 'Audit notes go to \u201cBulk audit\u201d: one per row, each one more API call (8 more calls).');
  assert.match(await panel.textContent('#bulk .cost'), /^This sends 8 trigger calls .* Each row\u2019s audit note is one more API call: 8 more calls, 16 in all\.$/);
  // One note fails at the API: counted as failed, the others written.
  await fault(t.id, 'casebook_texts', { kind: 'status', status: 403, body: '' }, 1);
  await panel.click('#confirm-run');
  await panel.waitForSelector('.run-summary:text-matches("^Done")', { timeout: 30000 });
  await panel.waitForFunction(() => document.getElementById('audit-count').textContent === 'Audit notes: 7 written, 1 failed.', null, { timeout: 15000 });
  assert.equal(await panel.isVisible('#audit-count'), true);
  assert.equal(await count(t, 'trigger'), 8);
  const book = await storedCasebook(t, id);
  assert.equal(book.texts?.length, 7, JSON.stringify(book.texts));
  assert.ok(book.texts.every((n) => /ran Block this domain \(Umbrella\) on domain \S+: success/.test(n.text)), JSON.stringify(book.texts));
  assert.deepEqual(x.pageErrors(), []);
  await panel.close();
  await page.close();
});

test('audit notes off: no casebook step, nothing written, no counts', async () => {
  const t = await setup(false);
  const { page, panel } = await toConfirmation();
  assert.equal(await panel.locator('.bulk-audit').count(), 0);
  assert.doesNotMatch(await panel.textContent('#bulk .cost'), /audit note/);
  const before = await runId();
  await panel.click('#confirm-run');
  // This run done (the panel may still show the previous test's run at first).
  for (let i = 0; i < 300 && !(await runDone(before)); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(await runDone(before), 'the run finished');
  assert.equal(await count(t, 'trigger'), 8);
  assert.equal(await count(t, 'casebook_texts'), 0);
  assert.equal(await count(t, 'casebook_create'), 0);
  assert.equal(await panel.isVisible('#audit-count'), false);
  assert.deepEqual(x.pageErrors(), []);
  await panel.close();
  await page.close();
});
