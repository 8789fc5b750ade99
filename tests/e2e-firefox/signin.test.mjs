// Sign-in (issue 16) in headless Firefox ESR with the Firefox package: the options page starts
// the sign-in, the event page runs identity.launchWebAuthFlow, the person signs in on the
// stand-in's login page inside Firefox's auth window (a top-level browsing context here), then
// responds and triggers (the stand-in attributes the trigger to that person), and signs out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Firefox, packagePath, fillOptions } from './ff.mjs';
import { STANDIN, control, events } from '../e2e/lib.mjs';
import { confirmOnce } from '../e2e/flows.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
let ff;

before(async () => {
  ff = await Firefox.launch();
  await ff.install(packagePath('firefox'));
});
after(async () => { await ff?.close(); });

test('firefox: sign in on the login page in the auth window, respond and trigger as that person, sign out', async () => {
  const id = `client-ff-signin-${process.pid}-${Date.now()}`;
  await control('clients', { client_id: id, client_secret: '', scopes: FULL, grants: ['auth-code'], redirects: ['https://*.extensions.allizom.org/'], public: true });
  const user = { username: `ffanalyst${process.pid}`, password: `pw-ff-${process.pid}`, name: 'Fox Analyst', email: `ff${process.pid}@example.com` };
  await control('users', user);

  const opts = await ff.open('options.html');
  await opts.waitFor(() => document.body.dataset.ready === '1');
  const redirect = await opts.eval(() => document.getElementById('redirectUrl').textContent);
  assert.match(redirect, /^https:\/\/[0-9a-f]+\.extensions\.allizom\.org\/$/, 'Firefox\'s redirect URL, shown to give the administrator');
  await fillOptions(opts, { region: 'custom', baseUrl: STANDIN, clientId: id }, 'signin');
  await opts.click('#signin'); // a real click: the host permission request needs the gesture

  const login = await ff.waitForContext((url) => url.startsWith(`${STANDIN}/iroh/oauth2/authorize`), 15000);
  await login.waitFor(() => document.getElementById('username'));
  await login.eval((u) => {
    document.getElementById('username').value = u.username;
    document.getElementById('password').value = u.password;
    return true;
  }, user);
  await login.click('#allow');
  await opts.waitFor(() => document.getElementById('status').textContent === 'Signed in.' || document.querySelector('#result .sxr-error')?.textContent, null, 15000);
  assert.equal(await opts.eval(() => document.getElementById('status').textContent), 'Signed in.', await opts.eval(() => document.getElementById('result').textContent));
  assert.equal(await opts.eval(() => document.getElementById('signinStatus').textContent), `Signed in as ${user.name} <${user.email}>.`);
  const stored = await opts.eval(async () => ({ local: await browser.storage.local.get(null), session: await browser.storage.session.get(null) }));
  assert.match(stored.session.signin.refreshToken, /^rt-/);
  assert.equal(stored.local.signin, undefined);
  assert.equal(stored.local.secret, undefined);

  // Respond and trigger through the context-menu handler.
  await opts.eval(async () => (await browser.runtime.getBackgroundPage()).__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: 'Beacon to evil.com' }));
  const view = await ff.waitForContext((url) => url.startsWith(`${ff.origin}/view.html?id=`));
  await view.setViewport(560, 900);
  await view.waitFor(() => document.querySelector('.sxr-module'), null, 15000);
  assert.match(await view.eval(() => document.getElementById('conn').textContent), /Fox Analyst/);
  // The shared flow (../e2e/flows.mjs): Run…, the confirmation, a double click on its Run.
  const { confirmText, result } = await confirmOnce(view, id, 'Umbrella', 'Block this domain');
  assert.match(confirmText, /Block this domain.*evil\.com/);
  assert.match(result, /succeeded/);
  const trig = (await events(id)).filter((e) => e.route === 'trigger');
  assert.equal(trig.length, 1);
  assert.equal(trig[0].user, user.username);
  assert.equal(trig[0].executed, true);

  // Sign out: the grant removed at the stand-in, both tokens forgotten.
  await opts.click('#signout');
  await opts.waitFor(() => document.getElementById('status').textContent === 'Signed out.');
  const after = await opts.eval(async () => ({ local: await browser.storage.local.get(null), session: await browser.storage.session.get(null) }));
  assert.equal(after.session.signin, undefined);
  assert.equal(after.session.token, undefined);
  assert.equal((await events(id)).filter((e) => e.route === 'app_grant_revoke').length, 1);
  assert.deepEqual(ff.errors(), []);
});
