// Options: region or custom base URL, client id + secret, where to remember the secret, and
// "Test connection". Saving and testing happen in the service worker; this page never reads the
// stored secret back (it only learns whether one is saved). What may be changed, and what the
// page says about the policy and the secret, come from the core (src/settings.rs); the page
// loads the core itself only to check a base URL and ask for its host permission on the click.
import init, * as core from './pkg/securex_respond.js';
const { checkEndpoint, regions, viewConnection, viewMode, viewSignIn } = core;
import { errorBox, words } from './respond-view.js';
import { el } from './dom.js';
import { send, pageWords } from './bridge.js';
import { intelForm, fillIntel, intelOrigins } from './options-intel.js';

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const loaded = init().then(() => pageWords(core)); // the core: checks, and the page's words in its language

function form() {
  const custom = $('region').value === 'custom';
  return {
    region: custom ? '' : $('region').value,
    baseUrl: custom ? $('baseUrl').value : '',
    ...intelForm(custom),
    clientId: $('clientId').value,
    clientSecret: $('clientSecret').value,
    remember: /** @type {HTMLInputElement} */ (document.querySelector('input[name=remember]:checked')).value,
    authMode: authMode(),
  };
}

// ---------- how to connect (issue 16): sign in, or a shared API client ----------

const authMode = () => /** @type {HTMLInputElement} */ (document.querySelector('input[name=authMode]:checked'))?.value || 'shared';

/** Shows the fields of the chosen way to connect. */
function showMode() {
  const signIn = authMode() === 'signin';
  $('signinSet').hidden = !signIn;
  // Sign-in: the secret field is a confidential OAuth client's password (empty: a public client).
  const m = viewMode(signIn);
  $('clientLegend').textContent = m.legend;
  $('secretLabel').textContent = m.secret;
  $('rememberLabel').textContent = m.remember;
  $('footShared').hidden = signIn;
  $('footSignIn').hidden = !signIn;
}

/** The sign-in part of the settings pages may see (authMode, signedIn, user, staySignedIn: sign-in mode only). */
function fillSignIn(s) {
  /** @type {HTMLInputElement} */ (document.querySelector(`input[name=authMode][value=${s.authMode || 'shared'}]`)).checked = true;
  const fixed = new Set(s.readOnly);
  for (const r of document.querySelectorAll('input[name=authMode]')) /** @type {HTMLInputElement} */ (r).disabled = fixed.has('authMode') || fixed.has('save');
  const v = viewSignIn(s);
  $('signinStatus').textContent = v.status;
  $('signinStatus').dataset.signedIn = s.signedIn ? '1' : '';
  $('stay').checked = Boolean(s.staySignedIn);
  $('signout').disabled = !s.signedIn;
  $('signin').disabled = fixed.has('save');
  $('signin').textContent = v.button;
  $('redirectUrl').textContent = chrome.identity?.getRedirectURL?.() ?? '';
  showMode();
}

async function signIn() {
  const f = form();
  const permitted = allowed(f);
  $('result').replaceChildren();
  $('status').textContent = words().signingIn;
  try {
    await permitted;
    fill(await send('options→sw:signin', { settings: f, stay: $('stay').checked }));
    $('status').textContent = words().signedIn;
  } catch (err) {
    $('status').textContent = '';
    $('result').replaceChildren(errorBox(err));
    fillSignIn(await send('options→sw:load').catch(() => ({ readOnly: [] }))); // what is stored now
  }
}

async function signOut() {
  $('result').replaceChildren();
  try {
    const s = await send('options→sw:signout');
    fill(s);
    $('status').textContent = viewSignIn(s).signedOut;
  } catch (err) {
    $('result').replaceChildren(errorBox(err));
  }
}

function fill(s) {
  $('region').value = s.baseUrl ? 'custom' : s.region;
  $('baseUrl').value = s.baseUrl;
  $('baseUrlRow').hidden = $('region').value !== 'custom';
  $('clientId').value = s.clientId;
  $('clientSecret').value = '';
  $('clientSecret').placeholder = s.secretHint;
  /** @type {HTMLInputElement} */ (document.querySelector(`input[name=remember][value=${s.remember}]`)).checked = true;
  const fixed = new Set(s.readOnly);
  $('region').disabled = $('baseUrl').disabled = fixed.has('host');
  $('clientId').disabled = fixed.has('clientId');
  $('clientSecret').disabled = fixed.has('clientSecret');
  for (const r of document.querySelectorAll('input[name=remember]')) /** @type {HTMLInputElement} */ (r).disabled = fixed.has('remember');
  $('save').disabled = fixed.has('save');
  $('test').disabled = false;
  $('enrich').checked = s.enrich;
  $('language').value = s.language;
  fillIntel(s);
  $('managed').hidden = !s.policyNotice;
  $('managed').textContent = s.policyNotice;
  $('storageNotice').hidden = !s.storageNotice;
  $('storageNotice').textContent = s.storageNotice ?? '';
  fillSignIn(s);
}

/**
 * A custom base URL needs its host permission, asked on the user's click (before any await):
 * the core checks the URL and names the permission; resolves when allowed, else rejects with
 * the core's error.
 */
function allowed(f) {
  let endpoint;
  try { endpoint = checkEndpoint(f); } catch (e) { return Promise.reject(e); }
  // A region's host too: Firefox users can refuse or revoke it (no prompt when it is granted).
  const origins = [endpoint.permission, endpoint.intelPermission, ...intelOrigins(f)].filter(Boolean);
  return chrome.permissions.request({ origins }).catch(() => false)
    .then((granted) => { if (!granted) throw endpoint.permissionDenied; })
    .finally(permissionNotice);
}

/** Says, in the core's words, when the browser does not let the extension reach the chosen host. */
async function permissionNotice() {
  let endpoint;
  try { endpoint = checkEndpoint(form()); } catch { $('permission').hidden = true; return; }
  const granted = await chrome.permissions.contains({ origins: [endpoint.permission] }).catch(() => false);
  $('permission').textContent = granted ? '' : endpoint.permissionNotice;
  $('permission').hidden = granted;
}

async function save(e) {
  e.preventDefault();
  const f = form();
  const permitted = allowed(f);
  $('result').replaceChildren();
  try {
    await permitted;
    fill(await send('options→sw:save', { settings: f }));
    $('status').textContent = words().saved;
  } catch (err) {
    $('status').textContent = '';
    $('result').replaceChildren(errorBox(err));
  }
}

async function test() {
  const f = form();
  const permitted = allowed(f);
  $('test').disabled = true;
  $('status').textContent = words().testing;
  $('result').replaceChildren();
  try {
    await permitted;
    const info = await send(authMode() === 'signin' ? 'options→sw:test-signin' : 'options→sw:test', { settings: f });
    $('result').replaceChildren(renderInfo(info));
    $('status').textContent = '';
  } catch (err) {
    $('status').textContent = '';
    $('result').replaceChildren(errorBox(err));
  } finally {
    $('test').disabled = false;
  }
}

/** Test connection's answer: the core's head line, scope table and what the scopes switch off. */
function renderInfo(info) {
  const v = viewConnection(info);
  return el('div', { class: 'connection' },
    el('p', { class: v.ok ? 'ok' : 'sxr-failure' }, v.head),
    el('table', { class: 'scopes' }, el('tbody', {}, ...v.rows.map((r) => el('tr', { 'data-scope': r.scope, 'data-state': r.state },
      el('td', {}, r.scope), el('td', {}, r.said), el('td', {}, r.why))))),
    el('p', { class: 'muted' }, v.granted),
    v.limits.length ? el('ul', { class: 'features' }, ...v.limits.map((f) => el('li', { class: 'feature-off', 'data-feature': f.id }, f.reason))) : null);
}

$('region').addEventListener('change', () => { $('baseUrlRow').hidden = $('region').value !== 'custom'; permissionNotice(); });
$('baseUrl').addEventListener('change', permissionNotice);
$('form').addEventListener('submit', save);
$('test').addEventListener('click', test);
for (const r of document.querySelectorAll('input[name=authMode]')) r.addEventListener('change', showMode);
$('signin').addEventListener('click', signIn);
$('signout').addEventListener('click', signOut);
// Moving an existing sign-in between this session and this device (saved at once).
$('stay').addEventListener('change', async () => {
  if (!$('signinStatus').dataset.signedIn) return;
  try {
    fill(await send('options→sw:stay', { stay: $('stay').checked }));
  } catch (err) {
    $('result').replaceChildren(errorBox(err));
  }
});
// A display preference, saved at once (not part of the credentials form, not locked by policy).
$('enrich').addEventListener('change', async () => {
  $('enrichStatus').textContent = '';
  try {
    const s = await send('options→sw:prefs', { prefs: { enrich: $('enrich').checked } });
    $('enrich').checked = s.enrich;
    $('enrichStatus').textContent = words().saved;
  } catch (err) {
    $('result').replaceChildren(errorBox(err));
  }
});

// "Language": saved at once; this page is opened again in it (every page reads it at load).
$('language').addEventListener('change', async () => {
  try {
    await send('options→sw:prefs', { prefs: { language: $('language').value } });
    location.reload();
  } catch (err) {
    $('result').replaceChildren(errorBox(err));
  }
});

async function start() {
  const [settings] = await Promise.all([send('options→sw:load'), loaded]);
  $('region').prepend(...regions().map((r) => el('option', { value: r.id }, r.label)));
  fill(settings);
  await permissionNotice();
  document.body.dataset.ready = '1';
}

start().catch(async (err) => { await loaded; $('result').replaceChildren(errorBox(err)); });
