// Issue 21.7: the long-lived secrets in storage.local (the client secret kept "on this device",
// the "Stay signed in" refresh token) are sealed: AES-GCM under a non-extractable key in the
// extension origin's IndexedDB, opened by the worker only. storage.local is what every context
// of the extension reads, its content scripts on arbitrary pages too: neither secret may appear
// there in plain text. The extension keeps working after a worker restart; with the key gone
// (IndexedDB cleared) it asks for the secret / a sign-in again and says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, control, tenant, events } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
let x;
before(async () => { x = await Ext.launch(); });
after(async () => { await x?.close(); });

const local = () => x.evaluate(() => chrome.storage.local.get(null));
const opened = async () => {
  const r = await x.evaluate(() => globalThis.__sxr.openedStorage());
  for (const k of r.opened) r.local[k] = JSON.parse(r.local[k]); // the worker hands the core JSON text
  return r.local;
};
const clearKey = () => x.evaluate(() => new Promise((resolve, reject) => {
  const req = indexedDB.deleteDatabase('sxr-seal');
  req.onsuccess = resolve;
  req.onerror = () => reject(req.error);
  // "blocked" only means a worker call has the database open for a moment: the deletion waits
  // for it to close, then succeeds.
}));
const sealed = (v) => v && typeof v === 'object' && Object.keys(v).sort().join() === 'ct,iv';

async function respond() {
  const view = await x.menuClick('evil.com');
  await view.waitForSelector('.sxr-module, .sxr-error', { timeout: 15000 });
  return view;
}

test('the client secret kept on this device is sealed in storage.local; works after a worker restart; a lost key asks for it again', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret, remember: 'device' });
  let l = await local();
  assert.ok(sealed(l.secret), `sealed: ${JSON.stringify(l.secret)}`);
  assert.ok(!JSON.stringify(l).includes(t.secret), 'the secret is nowhere in storage.local in plain text');
  assert.equal(l.secretOrigin, STANDIN, 'its binding is not secret');
  assert.equal((await opened()).secret, t.secret, 'the worker opens it');

  let view = await respond();
  assert.ok(await view.$('.sxr-module'), 'responds with the sealed secret');
  // A worker restart: the key is read again from IndexedDB.
  await x.stopWorker(view);
  await view.evaluate(() => document.querySelectorAll('.sxr-module').forEach((m) => m.remove()));
  await view.click('.sxr-list');
  await view.waitForSelector('.sxr-module');
  await view.close();
  assert.ok(!JSON.stringify(await local()).includes(t.secret));

  // The key is gone (site data cleared): the secret counts as absent, and the extension says why.
  await clearKey();
  view = await x.menuClick('evil.com');
  await view.waitForSelector('.sxr-error', { timeout: 15000 });
  assert.match(await view.textContent('.sxr-error'), /can no longer be decrypted/);
  await view.close();
  const opts = await x.page('options.html');
  assert.equal(await opts.isVisible('#storageNotice'), true);
  assert.match(await opts.textContent('#storageNotice'), /enter the client secret again/);
  assert.match(await opts.getAttribute('#clientSecret', 'placeholder'), /enter it again/);
  // Typed again: sealed under a new key, and used.
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret, remember: 'device' });
  l = await local();
  assert.ok(sealed(l.secret) && !JSON.stringify(l).includes(t.secret));
  view = await respond();
  assert.ok(await view.$('.sxr-module'));
  await view.close();
  await opts.reload();
  await opts.waitForSelector('body[data-ready="1"]');
  assert.equal(await opts.isVisible('#storageNotice'), false);
  await opts.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('a secret an older version stored in plain text keeps working and is sealed at the next read', async () => {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret, remember: 'device' });
  await x.evaluate((s) => chrome.storage.local.set({ secret: s }), t.secret);
  assert.equal((await local()).secret, t.secret, 'plain, as an older version left it');
  const view = await respond();
  assert.ok(await view.$('.sxr-module'), 'still works');
  await view.close();
  const l = await local();
  assert.ok(sealed(l.secret) && !JSON.stringify(l).includes(t.secret), 're-written sealed');
});

/** Sign-in (as in signin.test.mjs): a public auth-code client and a person. */
async function signInStaying() {
  const id = `client-sealed-${process.pid}-${Date.now()}`;
  await control('clients', { client_id: id, client_secret: '', scopes: FULL, grants: ['auth-code'], redirects: ['https://*.chromiumapp.org/'], public: true });
  const username = `sealed${process.pid}`;
  const user = { username, password: `pw-${username}`, name: 'Sea Led', email: `${username}@example.com` };
  await control('users', user);
  const opts = await x.page('options.html');
  await opts.check('input[name=authMode][value=signin]');
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', id);
  await opts.check('#stay');
  const auth = x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/iroh/oauth2/authorize'), timeout: 15000 }).then(async (page) => {
    await page.waitForSelector('#username');
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#allow');
  });
  await opts.click('#signin');
  await auth;
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed in.', null, { timeout: 15000 });
  return { id, user, opts };
}

test('"Stay signed in": the refresh token is sealed in storage.local; a lost key means signing in again, said plainly', async () => {
  const { id, user, opts } = await signInStaying();
  const l = await local();
  assert.ok(sealed(l.signin), `sealed: ${JSON.stringify(l.signin)}`);
  const { refreshToken } = (await opened()).signin;
  assert.match(refreshToken, /^rt-/);
  assert.ok(!JSON.stringify(l).includes(refreshToken), 'the refresh token is nowhere in storage.local in plain text');
  assert.ok(!JSON.stringify(l).includes(user.name), 'nor who signed in');

  // A worker restart: still signed in, from the sealed refresh token.
  const view = await respond();
  assert.ok(await view.$('.sxr-module'));
  await x.stopWorker(view);
  await view.evaluate(() => chrome.storage.session.remove('token')); // the refresh token must be used (from the page: the worker is stopped)
  await view.evaluate(() => document.querySelectorAll('.sxr-module').forEach((m) => m.remove()));
  await view.click('.sxr-list');
  await view.waitForSelector('.sxr-module');
  assert.equal((await events(id)).filter((e) => e.route === 'token').length, 2, 'the code exchange, then a refresh with the opened refresh token');
  await view.close();
  assert.ok(!JSON.stringify(await local()).includes((await opened()).signin.refreshToken));

  // The key is gone: signed out, with the reason; signing in again works.
  await clearKey();
  await x.evaluate(() => chrome.storage.session.remove('token'));
  const again = await x.menuClick('evil.com');
  await again.waitForSelector('.sxr-error', { timeout: 15000 });
  assert.match(await again.textContent('.sxr-error'), /can no longer be decrypted/);
  assert.ok(await again.$('#signin-again'), 'offers to sign in again');
  await again.close();
  await opts.reload();
  await opts.waitForSelector('body[data-ready="1"]');
  assert.match(await opts.textContent('#storageNotice'), /Sign in again/);
  await opts.close();
  assert.deepEqual(x.pageErrors(), []);
});
