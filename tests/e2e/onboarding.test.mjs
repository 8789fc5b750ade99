// Issue 23, item 6: the first-run page. A fresh profile with a copy of the extension that is not
// preconfigured (no dev-config.json, as a store install starts) opens onboarding.html on
// install; the shared-client path against the stand-in (custom base URL, client, Save, Test
// connection, then the respond view on the sample with its actions listed); and real Chromium
// policy files (needs root): what the policy sets is not asked, and with everything set only
// the test and the sample remain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, tenant, events } from './lib.mjs';
import { launchWithPolicy } from './ext-helpers.mjs';

const root = process.getuid?.() === 0;
const NEEDS_ROOT = !root && 'needs root to write /etc/chromium/policies';

/** The onboarding tab the install opened (it may have opened before the test listened). */
async function onboardingPage(x) {
  const isIt = (p) => p.url().includes('/onboarding.html');
  const page = x.context.pages().find(isIt) ?? await x.context.waitForEvent('page', { predicate: isIt, timeout: 15000 });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  return page;
}

/** The ids of the steps shown, in order, and their headings. */
const shownSteps = (page) => page.$$eval('section.step:not([hidden])', (ss) => ss.map((s) => [s.id, s.querySelector('h2').textContent]));
const focused = (page) => page.evaluate(() => document.activeElement?.id);
const disabled = (page, sel) => page.$eval(sel, (b) => b.disabled);

/** Test connection, then the sample: the respond view opens on it and lists actions. */
async function testAndSample(x, page, t) {
  assert.equal(await disabled(page, '#test'), false);
  assert.equal(await disabled(page, '#sample'), true, 'the sample waits for a test');
  assert.notEqual(await page.textContent('#why-sample'), '', 'and says why');
  await page.click('#test');
  await page.waitForSelector('#status .ok', { timeout: 15000 });
  assert.match(await page.textContent('#status'), /^Connected to http:\/\/127\.0\.0\.1:\d+\. The API client has the scopes it needs\./);
  assert.equal(await disabled(page, '#sample'), false);
  assert.equal(await focused(page), 'sample', 'focus moves to the next step');
  const opened = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html'), timeout: 15000 });
  await page.click('#sample');
  const view = await opened;
  await view.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  await view.waitForSelector('.sxr-action', { timeout: 15000 });
  const values = await view.$$eval('.sxr-observables .sxr-value', (v) => v.map((e) => e.textContent).join(' '));
  assert.ok(values.includes('203.0.113.7') && values.includes('example.com'), values);
  assert.ok(await view.locator('.sxr-action').count() > 0, 'the sample shows response actions');
  assert.match(await page.textContent('#status'), /respond view is open/);
  const routes = (await events(t.id)).map((e) => e.route);
  assert.ok(routes.includes('token') && routes.includes('respond_observables'), routes.join(','));
  assert.ok(!routes.some((r) => r.includes('trigger')), 'nothing is triggered without a confirmation');
  await view.close();
}

test('a fresh install opens the onboarding page; the shared client connects and the sample lists actions', async () => {
  const t = await tenant();
  const x = await launchWithPolicy(null, { fresh: true });
  try {
    const page = await onboardingPage(x);
    assert.equal(await page.title(), 'Set up SecureX Respond');
    // A fresh install: sign-in is the default way, and every step is asked.
    assert.deepEqual((await shownSteps(page)).map(([id]) => id), ['step-mode', 'step-region', 'step-client', 'step-signin', 'step-test', 'step-sample']);
    assert.equal(await disabled(page, '#test'), true, 'no test before the connection is set up');

    await page.check('input[name="authMode"][value="shared"]');
    const steps = await shownSteps(page);
    assert.deepEqual(steps.map(([id]) => id), ['step-mode', 'step-region', 'step-client', 'step-test', 'step-sample']);
    assert.deepEqual(steps.map(([, h]) => h), ['1. How to connect', '2. Where your organisation\u2019s Threat Response / XDR is', '3. Your API client', '4. Test the connection', '5. Try it on a sample']);
    await page.selectOption('#region', 'custom');
    await page.fill('#baseUrl', STANDIN);
    await page.fill('#clientId', t.id);
    await page.fill('#clientSecret', t.secret);
    await page.click('#save');
    await page.waitForFunction(() => !document.getElementById('test').disabled, null, { timeout: 15000 });
    assert.equal(await page.textContent('#status'), 'Saved. Now test the connection.');
    assert.equal(await focused(page), 'test');
    const st = await x.evaluate(() => globalThis.__sxr.readSettings());
    assert.equal(st.clientId, t.id);
    assert.equal(st.configured, true);
    assert.ok(!(await page.content()).includes(t.secret), 'the secret is not shown back');

    await testAndSample(x, page, t);
    assert.deepEqual(x.pageErrors(), []);

    // The options page links back to the guide.
    const opts = await x.page('options.html');
    assert.equal(await opts.getAttribute('#onboardingLink', 'href'), 'onboarding.html');
    await opts.close();
  } finally {
    await x.close();
  }
});

test('the preconfigured dev copy opens no onboarding page on install', async () => {
  const x = await launchWithPolicy(null);
  try {
    await x.evaluate(() => globalThis.__sxr.readSettings());
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(x.context.pages().map((p) => p.url()).filter((u) => u.includes('onboarding')), []);
  } finally {
    await x.close();
  }
});

test('managed policy (real Chromium policy file): the host and the mode set by policy are not asked', { skip: NEEDS_ROOT }, async () => {
  const t = await tenant();
  const x = await launchWithPolicy({ baseUrl: STANDIN, authMode: 'shared' }, { fresh: true });
  try {
    const page = await onboardingPage(x);
    assert.deepEqual((await shownSteps(page)).map(([, h]) => h), ['1. Your API client', '2. Test the connection', '3. Try it on a sample']);
    assert.match(await page.textContent('#notice'), /^Set by your administrator: baseUrl\./);
    await page.fill('#clientId', t.id);
    await page.fill('#clientSecret', t.secret);
    await page.click('#save');
    await page.waitForFunction(() => !document.getElementById('test').disabled, null, { timeout: 15000 });
    await testAndSample(x, page, t);
    assert.deepEqual(x.pageErrors(), []);
  } finally {
    await x.close();
  }
});

test('managed policy setting everything: onboarding says so and offers only the test and the sample', { skip: NEEDS_ROOT }, async () => {
  const t = await tenant();
  const x = await launchWithPolicy({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret, authMode: 'shared' }, { fresh: true });
  try {
    const page = await onboardingPage(x);
    assert.deepEqual((await shownSteps(page)).map(([, h]) => h), ['1. Test the connection', '2. Try it on a sample']);
    assert.match(await page.textContent('#notice'), /^Your administrator has set up the connection\./);
    assert.equal(await page.isVisible('#save'), false);
    await testAndSample(x, page, t);
    assert.deepEqual(x.pageErrors(), []);
  } finally {
    await x.close();
  }
});
