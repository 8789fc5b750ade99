// Sign-in with the analyst's own account (issue 16), in real Chromium against the stand-in: the
// options page starts the sign-in, the worker runs identity.launchWebAuthFlow, and the person
// signs in on the stand-in's login page inside that window (Playwright sees it as a page of the
// context). Then: respond and trigger (the stand-in attributes the trigger to that person), a
// worker restart, a refresh after expiry, a revoked refresh token (sign in again from the
// view), sign out (revoked, forgotten), "stay signed in", and a PKCE mismatch and a wrong state
// refused before anything is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, advanceClock, control, events, fault } from './lib.mjs';
import { Ext, launchWithPolicy } from './ext-helpers.mjs';
import { playwright } from './driver.mjs';
import { confirmOnce } from './flows.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
let n = 0;

/** A public auth-code client for any extension id, and a person who can sign in with it. */
async function setup(extra = {}) {
  const id = `client-signin-${process.pid}-${Date.now()}-${n++}`;
  await control('clients', {
    client_id: id, client_secret: '', scopes: FULL,
    grants: ['auth-code'], redirects: ['https://*.chromiumapp.org/'], public: true, ...extra,
  });
  const username = `analyst${process.pid}x${n}`;
  const user = { username, password: `pw-${username}`, name: `Ana Lyst ${n}`, email: `${username}@example.com` };
  await control('users', user);
  return { id, user };
}

let x;
before(async () => { x = await Ext.launch(); });
after(async () => { await x?.close(); });

const count = async (clientId, route) => (await events(clientId)).filter((e) => e.route === route).length;
const stored = () => x.evaluate(async () => ({ local: await chrome.storage.local.get(null), session: await chrome.storage.session.get(null) }));
/** storage.local as the worker opens it (the "Stay signed in" sign-in is sealed there, issue 21.7). */
const opened = async () => {
  const r = await x.evaluate(() => globalThis.__sxr.openedStorage());
  for (const k of r.opened) r.local[k] = JSON.parse(r.local[k]); // the worker hands the core JSON text
  return r.local;
};

/** Waits for the stand-in's login page in the auth window and signs in (or denies). */
async function loginWindow(user, { decision = 'allow' } = {}) {
  const page = await x.context.waitForEvent('page', { predicate: (p) => p.url().includes('/iroh/oauth2/authorize'), timeout: 15000 });
  await page.waitForSelector('#username');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click(decision === 'allow' ? '#allow' : '#deny');
  return page;
}

/** Options page: choose sign-in, the stand-in's base URL and this client id, press "Sign in". */
async function signInFromOptions(t, { stay = false, login = true } = {}) {
  const opts = await x.page('options.html');
  await opts.check('input[name=authMode][value=signin]');
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', t.id);
  if (stay) await opts.check('#stay');
  const auth = login ? loginWindow(t.user) : null;
  await opts.click('#signin');
  if (auth) await auth;
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed in.' || document.querySelector('#result .sxr-error'), null, { timeout: 15000 });
  return opts;
}

/** Respond view for a selection; waits for the modules. */
async function respond(text = 'evil.com') {
  const view = await x.menuClick(text);
  await view.waitForSelector('.sxr-module, .sxr-error', { timeout: 15000 });
  return view;
}

/** Umbrella's "Block this domain", confirmed with a double click (the shared flow, flows.mjs); its result. */
async function trigger(view, clientId) {
  return (await confirmOnce(playwright(view), clientId, 'Umbrella', 'Block this domain')).result;
}

test('sign in through the login page in the auth window; respond and trigger as that person', async () => {
  const t = await setup();
  const opts = await signInFromOptions(t);
  assert.equal(await opts.textContent('#status'), 'Signed in.');
  assert.equal(await opts.textContent('#signinStatus'), `Signed in as ${t.user.name} <${t.user.email}>.`);
  assert.match(await opts.textContent('#redirectUrl'), new RegExp(`^https://${x.extensionId}\\.chromiumapp\\.org/$`));
  // The secret field means a confidential client's password here; empty: a public client.
  assert.equal(await opts.textContent('#secretLabel'), 'Client password (confidential clients only)');
  assert.equal(await opts.isVisible('#footSignIn'), true);
  assert.equal(await opts.isVisible('#footShared'), false, 'the footer no longer speaks of "the secret"');
  // Stored: settings without any secret; the refresh token in storage.session (not on disk).
  const s = await stored();
  assert.equal(s.local.settings.authMode, 'signin');
  assert.equal(s.local.secret, undefined);
  assert.equal(s.local.signin, undefined);
  assert.match(s.session.signin.refreshToken, /^rt-/);
  assert.ok(s.session.token.state.accessToken.length > 100);
  // Respond and trigger: the stand-in attributes the trigger to the person.
  const view = await respond();
  assert.match(await view.textContent('#conn'), new RegExp(`${t.user.name}`));
  assert.match(await trigger(view, t.id), /succeeded/);
  const trig = (await events(t.id)).filter((e) => e.route === 'trigger');
  assert.equal(trig.length, 1);
  assert.equal(trig[0].user, t.user.username);
  assert.equal(trig[0].executed, true);
  assert.equal(await count(t.id, 'token'), 1, 'one code exchange, no refresh yet');
  await view.close();
  await opts.close();
  assert.deepEqual(x.pageErrors(), []);
});

test('a worker restart keeps the sign-in: no new sign-in, no refresh while the token is fresh', async () => {
  const t = await setup();
  (await signInFromOptions(t)).close();
  const view = await respond();
  await x.stopWorker(view);
  await view.evaluate(() => document.querySelectorAll('.sxr-module').forEach((m) => m.remove()));
  await view.click('.sxr-list');
  await view.waitForSelector('.sxr-module');
  assert.equal(await count(t.id, 'token'), 1, 'the code exchange only');
  assert.equal(await count(t.id, 'authorize'), 2, 'the login page was shown once (GET + POST)');
  assert.ok((await events(t.id)).filter((e) => e.route === 'respond_observables').every((e) => e.user === t.user.username));
  await view.close();
});

test('an expired access token is refreshed with the newest refresh token', async () => {
  // The stand-in's clock moves past the token's 600 s (this client only); the worker's does not,
  // so it learns of the expiry from the stand-in's 401: one refresh, shared by the flow's calls.
  const t = await setup();
  (await signInFromOptions(t)).close();
  const before = (await stored()).session.signin.refreshToken;
  await advanceClock(t.id, 600);
  const view = await respond();
  assert.equal(await view.locator('.sxr-module').count() > 0, true);
  assert.equal(await count(t.id, 'token'), 2, 'the exchange, then one refresh');
  const after = (await stored()).session.signin.refreshToken;
  assert.notEqual(after, before, 'the rotated refresh token is kept');
  await advanceClock(t.id, 600);
  await view.evaluate(() => document.querySelectorAll('.sxr-module').forEach((m) => m.remove()));
  await view.click('.sxr-list');
  await view.waitForSelector('.sxr-module');
  assert.equal(await count(t.id, 'token'), 3, 'refreshed again with the rotated one (the old one would revoke the sign-in)');
  assert.ok((await events(t.id)).filter((e) => e.route === 'token').every((e) => e.status === 200));
  await view.close();
});

test('a rotated refresh token is saved when the refresh happens: a worker stopped in the middle of that call stays signed in', async () => {
  const t = await setup();
  (await signInFromOptions(t)).close();
  const view = await respond();
  const first = (await stored()).session.signin.refreshToken;
  await advanceClock(t.id, 600); // the access token has expired at the stand-in
  // The trigger after the refresh (the only call in flight) is held back 20 s, and the worker
  // is stopped while it waits.
  await fault(t.id, 'trigger', { kind: 'delay', ms: 20000 }, 1);
  await view.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('button').click();
  await view.click('.sxr-confirm-run');
  let rotated = first;
  for (let i = 0; i < 100 && rotated === first; i++) {
    await new Promise((r) => setTimeout(r, 100));
    rotated = (await stored()).session.signin?.refreshToken;
  }
  assert.notEqual(rotated, first, 'the rotated refresh token was saved while the trigger was still waiting');
  assert.equal(await count(t.id, 'token'), 2, 'the exchange, then one refresh');
  assert.equal(await view.locator('.sxr-result:not([hidden])').count(), 0, 'the trigger had not answered');
  await x.stopWorker(view);
  // The next worker starts from storage: it refreshes with the rotated token (the first one
  // would be refused as rotated out, and the sign-in revoked).
  await view.evaluate(() => document.querySelectorAll('.sxr-module').forEach((m) => m.remove()));
  await view.click('.sxr-list');
  await view.waitForSelector('.sxr-module, .sxr-error', { timeout: 15000 });
  assert.ok(await view.locator('.sxr-module').count() > 0, await view.textContent('body'));
  const tokens = (await events(t.id)).filter((e) => e.route === 'token');
  assert.equal(tokens.length, 3, 'one more refresh, by the new worker');
  assert.ok(tokens.every((e) => e.status === 200), `no refresh refused: ${JSON.stringify(tokens.map((e) => e.status))}`);
  await view.close();
});

test('a revoked refresh token: signed out, "Sign in again" in the view signs in again', async () => {
  const t = await setup({ token_lifetime_secs: 2 });
  (await signInFromOptions(t)).close();
  await control('signin/revoke', { client_id: t.id });
  const view = await respond();
  await view.waitForSelector('.sxr-error');
  assert.match(await view.textContent('.sxr-error'), /signed out.*Sign in again/i);
  const s = await stored();
  assert.equal(s.session.signin, undefined, 'the refused refresh token is forgotten');
  assert.equal(s.session.token, undefined);
  const tokenCalls = await count(t.id, 'token');
  assert.equal(tokenCalls, 2, 'the exchange and one refused refresh: no loop');
  const auth = loginWindow(t.user);
  await view.click('#signin-again');
  await auth;
  await view.waitForSelector('.sxr-module');
  assert.match(await view.textContent('#conn'), new RegExp(t.user.name));
  assert.match((await stored()).session.signin.refreshToken, /^rt-/);
  await view.close();
});

test('sign out removes the app grant (the person\u2019s Bearer) and forgets both tokens', async () => {
  const t = await setup();
  const opts = await signInFromOptions(t);
  const { refreshToken } = (await stored()).session.signin;
  await opts.click('#signout');
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed out.');
  assert.equal(await opts.textContent('#signinStatus'), 'Not signed in.');
  const s = await stored();
  assert.equal(s.session.signin, undefined);
  assert.equal(s.local.signin, undefined);
  assert.equal(s.session.token, undefined);
  assert.equal(await count(t.id, 'app_grant_revoke'), 1, 'the grant removed: DELETE /iroh/oauth2/app-grant/{client-id}');
  const r = await fetch(`${STANDIN}/iroh/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(refreshToken)}&client_id=${t.id}`,
  });
  assert.equal((await r.json()).error, 'invalid_grant', 'the server no longer honours it');
  const view = await respond();
  await view.waitForSelector('#signin-again');
  await view.close();
  await opts.close();
});

test('"Stay signed in on this device" keeps the refresh token in storage.local', async () => {
  const t = await setup();
  const opts = await signInFromOptions(t, { stay: true });
  let s = await stored();
  assert.deepEqual(Object.keys(s.local.signin).sort(), ['ct', 'iv'], 'sealed in storage.local');
  assert.match((await opened()).signin.refreshToken, /^rt-/);
  assert.equal(s.session.signin, undefined);
  // Revoked, then signed in again from the view: the choice is kept (on this device).
  await control('signin/revoke', { client_id: t.id });
  const view = await respond();
  await view.waitForSelector('#signin-again');
  assert.equal((await stored()).local.signin, undefined, 'the refused refresh token is forgotten');
  const auth = loginWindow(t.user);
  await view.click('#signin-again');
  await auth;
  await view.waitForSelector('.sxr-module');
  await view.close();
  s = await stored();
  assert.match((await opened()).signin.refreshToken, /^rt-/, 'still on this device');
  assert.equal(s.session.signin, undefined);
  await opts.reload();
  await opts.waitForSelector('body[data-ready="1"]');
  assert.equal(await opts.isChecked('#stay'), true);
  // Unticking moves it back to this session only.
  await opts.uncheck('#stay');
  await opts.waitForFunction(() => !document.getElementById('stay').checked);
  // The worker removes it from storage.local and writes it to storage.session: two writes, wait for both.
  const moved = (st) => st.local.signin === undefined && st.session.signin !== undefined;
  for (let i = 0; i < 100 && !moved(s = await stored()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.local.signin, undefined);
  assert.match(s.session.signin.refreshToken, /^rt-/);
  await opts.close();
});

/** Rewrites the login form's redirect (code or state) before the auth window follows it. */
async function tamperRedirect(rewrite) {
  const pattern = `${STANDIN}/iroh/oauth2/authorize`;
  const handler = async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const resp = await route.fetch({ maxRedirects: 0 });
    const headers = resp.headers();
    return route.fulfill({ status: resp.status(), headers: { ...headers, location: rewrite(headers.location) }, body: '' });
  };
  await x.context.route(pattern, handler);
  return () => x.context.unroute(pattern, handler);
}

/** A code the test gets for itself, for another PKCE challenge (RFC 7636 appendix B's). */
async function foreignCode(t) {
  const redirect = `https://${x.extensionId}.chromiumapp.org/`;
  const q = new URLSearchParams({
    response_type: 'code', client_id: t.id, redirect_uri: redirect, scope: 'response', state: 'theirs',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    username: t.user.username, password: t.user.password, decision: 'allow',
  });
  const r = await fetch(`${STANDIN}/iroh/oauth2/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: q.toString() });
  return new URL(r.headers.get('location')).searchParams.get('code');
}

test('a PKCE mismatch is refused by the server and nothing is stored', async () => {
  const t = await setup();
  const code = await foreignCode(t);
  const untamper = await tamperRedirect((loc) => { const u = new URL(loc); u.searchParams.set('code', code); return u.toString(); });
  try {
    const opts = await signInFromOptions(t);
    assert.match(await opts.textContent('#result .sxr-error'), /PKCE/);
    assert.equal(await opts.textContent('#signinStatus'), 'Not signed in.');
  } finally {
    await untamper();
  }
  const tok = (await events(t.id)).filter((e) => e.route === 'token');
  assert.deepEqual(tok.map((e) => e.status), [400], 'one exchange, refused');
  const s = await stored();
  assert.equal(s.session.signin, undefined);
  assert.equal(s.session.token, undefined);
});

test('a wrong state is refused by the extension before any exchange', async () => {
  const t = await setup();
  const untamper = await tamperRedirect((loc) => { const u = new URL(loc); u.searchParams.set('state', 'forged-state'); return u.toString(); });
  try {
    const opts = await signInFromOptions(t);
    assert.match(await opts.textContent('#result .sxr-error'), /state/);
    assert.equal(await opts.textContent('#signinStatus'), 'Not signed in.');
  } finally {
    await untamper();
  }
  assert.equal(await count(t.id, 'token'), 0, 'the code was never sent');
  assert.equal((await stored()).session.signin, undefined);
});

test('declining on the login page says so', async () => {
  const t = await setup();
  const opts = await x.page('options.html');
  await opts.check('input[name=authMode][value=signin]');
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', t.id);
  const auth = loginWindow(t.user, { decision: 'deny' });
  await opts.click('#signin');
  await auth;
  await opts.waitForSelector('#result .sxr-error');
  assert.match(await opts.textContent('#result .sxr-error'), /declined/);
  assert.equal(await count(t.id, 'token'), 0);
  await opts.close();
});

test('a policy forces sign-in and presets host and client id (real Chromium policy file)', { skip: process.getuid?.() !== 0 && 'needs root to write /etc/chromium/policies/managed' }, async () => {
  const t = await setup();
  const m = await launchWithPolicy({ authMode: 'signin', baseUrl: STANDIN, clientId: t.id });
  try {
    const opts = await m.page('options.html');
    assert.equal(await opts.isChecked('input[name=authMode][value=signin]'), true);
    assert.equal(await opts.isDisabled('input[name=authMode][value=shared]'), true, 'the mode is the policy\'s');
    assert.equal(await opts.isDisabled('#clientId'), true);
    assert.equal(await opts.inputValue('#clientId'), t.id);
    assert.equal(await opts.isDisabled('#clientSecret'), true, 'the policy names the client: no password typed here');
    const auth = m.context.waitForEvent('page', { predicate: (p) => p.url().includes('/iroh/oauth2/authorize'), timeout: 15000 });
    await opts.click('#signin');
    const login = await auth;
    await login.waitForSelector('#username');
    await login.fill('#username', t.user.username);
    await login.fill('#password', t.user.password);
    await login.click('#allow');
    await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed in.', null, { timeout: 15000 });
    const view = await m.menuClick('evil.com');
    await view.waitForSelector('.sxr-module');
    assert.ok((await events(t.id)).filter((e) => e.route === 'respond_observables').every((e) => e.user === t.user.username));
    assert.deepEqual(m.pageErrors(), []);
  } finally {
    await m.close();
  }
});

test('Test connection when signed in proves it: whoami asked with the token, who and the features shown (issue 25 bug 3)', async () => {
  const t = await setup({ scopes: ['inspect:read', 'response'] });
  const opts = await signInFromOptions(t);
  assert.equal(await opts.textContent('#status'), 'Signed in.');
  const before = await count(t.id, 'whoami');
  assert.equal(before, 1, 'asked once at sign-in');
  await opts.click('#test');
  await opts.waitForSelector('#result .connection');
  assert.equal(await count(t.id, 'whoami'), 2, 'Test connection makes a call with the sign-in');
  assert.match(await opts.textContent('#result .connection p'), new RegExp(`Signed in as ${t.user.name} <${t.user.email}>\\.`));
  // Granted = requested ∩ the client's: verdicts and casebooks are off, and the page says why.
  const off = await opts.$$eval('#result li.feature-off', (l) => l.map((e) => e.textContent));
  assert.ok(off.some((r) => r.includes('enrich:read')) && off.some((r) => r.includes('casebook')), JSON.stringify(off));
  // Signed out, Test connection says so instead of "Connected".
  await opts.click('#signout');
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed out.');
  await opts.click('#test');
  await opts.waitForSelector('#result .sxr-error');
  assert.match(await opts.textContent('#result .sxr-error'), /not signed in/i);
  assert.equal(await opts.locator('#result .connection').count(), 0);
  await opts.close();
});

test('a confidential OAuth client (XDR\u2019s default): its password typed in the options signs in with HTTP Basic', async () => {
  const t = await setup({ public: false, client_type: 'confidential', password: 'conf-e2e-password-1' });
  const opts = await x.page('options.html');
  await opts.check('input[name=authMode][value=signin]');
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', t.id);
  await opts.fill('#clientSecret', 'conf-e2e-password-1');
  const auth = loginWindow(t.user);
  await opts.click('#signin');
  await auth;
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Signed in.' || document.querySelector('#result .sxr-error'), null, { timeout: 15000 });
  assert.equal(await opts.textContent('#status'), 'Signed in.', await opts.textContent('#result'));
  const s = await stored();
  const area = s.local.secret ? await opened() : s.session; // where "Remember the password" says
  if (s.local.secret) assert.deepEqual(Object.keys(s.local.secret).sort(), ['ct', 'iv'], 'sealed in storage.local (issue 21.7)');
  assert.equal(area.secret, 'conf-e2e-password-1', 'kept, bound to its host');
  assert.equal(area.secretOrigin, new URL(STANDIN).origin);
  const view = await respond();
  assert.match(await trigger(view, t.id), /succeeded/);
  await view.close();
  await opts.close();
});

test('the options page\u2019s own errors say what to do there, without codes (issue 25 bug 4)', async () => {
  const opts = await x.page('options.html');
  await opts.check('input[name=authMode][value=shared]');
  await opts.selectOption('#region', 'custom');
  await opts.fill('#baseUrl', STANDIN);
  await opts.fill('#clientId', 'client-nobody');
  await opts.fill('#clientSecret', '');
  await opts.evaluate(() => chrome.storage.local.remove(['secret', 'secretOrigin']));
  await opts.click('#test');
  await opts.waitForSelector('#result .sxr-error');
  const text = await opts.textContent('#result .sxr-error');
  assert.match(text, /^Enter the API client's secret \(its password in XDR\) above, then press Test connection again\.$/);
  assert.doesNotMatch(text, /open its options|bad-input/);
  assert.equal(await opts.getAttribute('#result .sxr-error', 'data-code'), 'bad-input', 'the code stays for scripts');
  await opts.close();
});

test('sign-out sticks: calls still running when it happens (verdicts, a trigger) put no token back and make no call after (issue 21.2)', async () => {
  const t = await setup();
  const opts = await signInFromOptions(t);
  assert.equal(await opts.textContent('#status'), 'Signed in.');
  for (const route of ['observe', 'trigger']) await fault(t.id, route, { kind: 'delay', ms: 2500 }, 1);
  const view = await respond();
  await view.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { has: view.locator('.sxr-title', { hasText: /^Block this domain$/ }) }).locator('button').click();
  await view.click('.sxr-confirm-run'); // the trigger is held 2.5 s by the stand-in, and so is observe
  await opts.click('#signout');
  await opts.waitForFunction(() => document.getElementById('status').textContent.startsWith('Signed out'));
  const afterSignOut = (await events(t.id)).length;
  // Both held calls end after the sign-out; their clients' writes are dropped by the core.
  await view.waitForSelector('.sxr-result:not([hidden])', { timeout: 15000 });
  await view.waitForFunction(() => !document.querySelector('.sxr-pending'), null, { timeout: 15000 });
  await new Promise((r) => setTimeout(r, 500));
  const s = await stored();
  assert.equal(s.session.signin, undefined, 'no refresh token in storage.session');
  assert.equal(s.local.signin, undefined, 'no refresh token in storage.local');
  assert.equal(s.session.token, undefined, 'no access token put back');
  const late = (await events(t.id)).slice(afterSignOut).map((e) => e.route);
  assert.ok(late.every((r) => r === 'observe' || r === 'trigger'), `only the two held calls finish, nothing new is sent: ${late}`);
  assert.equal(await count(t.id, 'trigger'), 1);
  await view.close();
  const again = await respond();
  await again.waitForSelector('#signin-again');
  await again.close();
  await opts.close();
});

test('saving another client id while signed in removes the old grant on the server first (issue 21.8)', async () => {
  const t = await setup();
  const other = await setup();
  const opts = await signInFromOptions(t);
  assert.equal(await opts.textContent('#status'), 'Signed in.');
  await opts.fill('#clientId', other.id);
  await opts.click('#save');
  await opts.waitForFunction(() => document.getElementById('status').textContent === 'Saved.');
  assert.equal(await count(t.id, 'app_grant_revoke'), 1, 'the old client\u2019s grant removed before its tokens were forgotten');
  const s = await stored();
  assert.equal(s.session.signin, undefined);
  assert.equal(s.session.token, undefined);
  await opts.close();
});

test('no console errors on extension pages', () => {
  assert.deepEqual(x.pageErrors(), []);
});
