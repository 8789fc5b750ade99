// Issue 23, item 6, in Firefox: the Firefox package (no preconfiguration, as signed) installed as
// a temporary add-on opens the first-run page; the shared-client path against the stand-in (the
// host permission asked on the Save click), Test connection, and the respond view on the sample.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Firefox, packagePath, fillOptions } from './ff.mjs';
import { STANDIN, tenant, events } from '../e2e/lib.mjs';

let ff;
before(async () => {
  ff = await Firefox.launch();
  await ff.install(packagePath('firefox'));
});
after(async () => { await ff?.close(); });

test('firefox: the install opens the onboarding page; the shared client connects and the sample lists actions', async () => {
  const t = await tenant();
  const page = await ff.waitForContext((url) => url.startsWith(`${ff.origin}/onboarding.html`), 15000);
  await page.setViewport(760, 900);
  await page.waitFor(() => document.body.dataset.ready === '1');
  const steps = () => page.eval(() => [...document.querySelectorAll('section.step:not([hidden])')].map((s) => s.id));
  assert.deepEqual(await steps(), ['step-mode', 'step-region', 'step-client', 'step-signin', 'step-test', 'step-sample']);
  await fillOptions(page, { region: 'custom', baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret }, 'shared');
  assert.deepEqual(await steps(), ['step-mode', 'step-region', 'step-client', 'step-test', 'step-sample']);
  await page.click('#save'); // a real click: the host permission is asked on it
  await page.waitFor(() => document.getElementById('status').textContent === 'Saved. Now test the connection.', null, 15000);
  await page.click('#test');
  await page.waitFor(() => document.querySelector('#status .ok'), null, 15000);
  await page.click('#sample');
  const view = await ff.waitForContext((url) => url.startsWith(`${ff.origin}/view.html?id=`), 15000);
  await view.waitFor(() => document.body.dataset.ready === '1');
  await view.waitFor(() => document.querySelector('.sxr-action'), null, 15000);
  const obs = await view.eval(() => [...document.querySelectorAll('.sxr-observables .sxr-value')].map((e) => e.textContent));
  assert.ok(obs.includes('203.0.113.7') && obs.includes('example.com'), JSON.stringify(obs));
  const routes = (await events(t.id)).map((e) => e.route);
  assert.ok(routes.includes('token') && routes.includes('respond_observables'), routes.join(','));
  assert.ok(!routes.some((r) => r.includes('trigger')), 'nothing is triggered without a confirmation');
  assert.deepEqual(ff.errors(), []);
  await view.close();
  await page.close();
});
