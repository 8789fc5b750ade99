// A host the browser does not let the extension reach (issue 13), in Chromium: a custom base URL
// on http://localhost:<port> is only an optional host permission of the dev copy, never granted
// here. The worker checks permissions.contains before any call and throws the core's message;
// the respond view shows it (with the button to the options) instead of a network error, and
// the options page says the same before Save / Test connection ask. Firefox users can also
// refuse or revoke the regions' hosts: tests/e2e-firefox/extension.test.mjs covers that.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, tenant, events } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';

let x;
before(async () => { x = await Ext.launch(); });
after(async () => { await x?.close(); });

test('chromium: a host without its permission: the view says so, nothing is sent; options shows the notice', async () => {
  const t = await tenant();
  const port = new URL(STANDIN).port;
  const host = `localhost:${port}`;
  await x.configure({ baseUrl: `http://${host}`, clientId: t.id, clientSecret: t.secret });
  assert.equal(await x.evaluate(() => chrome.permissions.contains({ origins: ['http://localhost/*'] })), false);
  const view = await x.menuClick('block evil.com');
  const error = view.locator('.sxr-error').first();
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'bad-input');
  assert.equal(await error.locator('strong').textContent(),
    `This browser does not allow the extension to reach ${host}: the site permission was refused or removed. Open the extension options and press Save or Test connection to allow it.`);
  assert.deepEqual(await view.$$eval('#hint button', (bs) => bs.map((b) => b.textContent)), ['Open the extension options']);
  assert.deepEqual(await events(t.id), [], 'nothing reached the stand-in');
  await view.close();

  const opts = await x.page('options.html');
  await opts.waitForSelector('#permission:not([hidden])');
  assert.equal(await opts.textContent('#permission'), `The browser does not allow this extension to reach ${host} yet. Save or Test connection asks for it.`);
  // A region's host is granted (manifest host_permissions): no notice.
  await opts.selectOption('#region', 'eu');
  await opts.waitForSelector('#permission', { state: 'hidden' });
  await opts.close();
});
