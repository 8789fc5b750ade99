// Managed configuration in Firefox: a real enterprise policy, policies.json in the Firefox
// installation's distribution/ folder, `3rdparty.Extensions.<gecko id>`. Firefox has no schema
// for it (Chrome/Edge check managed_schema.json), so the extension reads what it gets through
// the core, which counts a value of the wrong type as absent. Needs root. The file is global to
// every Firefox on the machine: the policy names a private copy of the add-on with an id of this
// run's own, and only that entry is added and removed afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readZip } from './zip.mjs';
import { Firefox, firefoxManifest, packagePath } from './ff.mjs';
import { STANDIN, tenant, events } from '../e2e/lib.mjs';

// Debian's firefox-esr lives in /usr/lib/firefox-esr; its distribution/ folder holds enterprise policies.
const POLICIES = '/usr/lib/firefox-esr/distribution/policies.json';
const root = process.getuid?.() === 0;

/**
 * Adds or removes this run's entry under 3rdparty.Extensions, keeping whatever else the file
 * holds; the file is removed when nothing is left in it.
 */
function editPolicies(edit) {
  const doc = existsSync(POLICIES) ? JSON.parse(readFileSync(POLICIES, 'utf8')) : {};
  doc.policies ??= {};
  doc.policies['3rdparty'] ??= {};
  doc.policies['3rdparty'].Extensions ??= {};
  edit(doc.policies['3rdparty'].Extensions);
  if (!Object.keys(doc.policies['3rdparty'].Extensions).length) delete doc.policies['3rdparty'].Extensions;
  if (!Object.keys(doc.policies['3rdparty']).length) delete doc.policies['3rdparty'];
  if (!Object.keys(doc.policies).length) delete doc.policies;
  if (Object.keys(doc).length) {
    mkdirSync(dirname(POLICIES), { recursive: true });
    writeFileSync(POLICIES, JSON.stringify(doc));
  } else {
    rmSync(POLICIES, { force: true });
  }
}

test('firefox managed policy: policies.json 3rdparty.Extensions.<id> presets and locks; wrong types ignored', { skip: root ? false : `not root: cannot write ${POLICIES} (the Firefox managed-policy test needs root)` }, async () => {
  const t = await tenant(['inspect:read', 'response', 'enrich:read']);
  // A private copy of the package under an id of this run's own: policies.json is read by every
  // Firefox on the machine, so the policy must not reach other runs' copies of the add-on.
  const id = `securex-respond-${process.pid}@policy-test`;
  const dir = mkdtempSync(join(tmpdir(), 'sxr-ff-ext-'));
  for (const e of readZip(packagePath('firefox'))) {
    mkdirSync(dirname(join(dir, e.name)), { recursive: true });
    writeFileSync(join(dir, e.name), e.data);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.browser_specific_settings.gecko.id, firefoxManifest().browser_specific_settings.gecko.id);
  manifest.browser_specific_settings.gecko.id = id;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  // `region` and `locked` have the wrong types: the core reads them as absent.
  const policy = { baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret, region: ['eu'], locked: 'yes' };
  editPolicies((extensions) => { extensions[id] = policy; });
  let ff;
  try {
    ff = await Firefox.launch({ geckoId: id });
    await ff.install(dir);
    const opts = await ff.open('options.html');
    await opts.waitFor(() => document.body.dataset.ready === '1');
    const st = await opts.eval(async () => (await browser.runtime.getBackgroundPage()).__sxr.status());
    assert.deepEqual(st.managed, ['baseUrl', 'clientId', 'clientSecret'], 'region (an array) is not a setting');
    assert.equal(st.locked, false, '"yes" is not true');
    assert.equal(st.secretFrom, 'policy');
    assert.equal(st.effectiveBaseUrl, STANDIN);
    assert.deepEqual(st.readOnly, ['host', 'clientId', 'clientSecret', 'remember']);
    const page = await opts.eval(() => ({
      notice: document.getElementById('managed').textContent,
      disabled: ['region', 'baseUrl', 'clientId', 'clientSecret'].filter((i) => document.getElementById(i).disabled),
      save: document.getElementById('save').disabled,
    }));
    assert.deepEqual(page, { notice: 'Set by your administrator: baseUrl, clientId, clientSecret.', disabled: ['region', 'baseUrl', 'clientId', 'clientSecret'], save: false });
    // The package does not hold the stand-in's host: Test connection asks for it on the click.
    await opts.click('#test');
    await opts.waitFor(() => document.querySelector('.connection'));
    assert.equal(await opts.eval(() => document.querySelector('.connection p').className), 'ok');
    assert.equal((await events(t.id)).filter((e) => e.route === 'token').length, 1, 'the policy secret was exchanged at the policy host');
    const stored = await opts.eval(async () => JSON.stringify([await browser.storage.local.get(null), await browser.storage.session.get(null)]));
    assert.ok(!stored.includes(t.secret), 'the policy secret is never copied into local or session storage');
    assert.deepEqual(ff.errors(), []);
  } finally {
    await ff?.close();
    editPolicies((extensions) => { delete extensions[id]; });
    rmSync(dir, { recursive: true, force: true });
  }
});
