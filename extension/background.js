// SecureX Respond service worker: the only place that talks to Threat Response.
//
// Pages (respond view, toolbar popup, options) send messages named `<from>→sw:<what>`;
// this worker answers only its own extension pages, holds the client secret and the token,
// re-creates the wasm core's Client from the settings when needed, seeds it with the token
// saved in chrome.storage.session, and saves client.tokenState() after every call.
//
// Storage: local  { settings: {region, baseUrl, clientId, remember}, secret?, secretOrigin?, askInspect?, enrich? }
//          session { secret?, secretOrigin?, token: {binding, state}, 'sel:<id>': selected text }   (TRUSTED_CONTEXTS)
//          (secret: only one the user typed, with the origin it was entered for; see decideConnection)
//          managed { region?, baseUrl?, clientId?, clientSecret?, locked? }          (enterprise policy)
// A `dev-config.json` exists only in the dev copy that `cargo xtask demo` builds (its manifest
// says version_name "… dev"); it supplies defaults for the local stand-in and nothing else.
import init, * as core from './pkg/securex_respond.js';

// No top-level await in a service worker: start loading the wasm now, await it in listeners.
const ready = init();
ready.catch((e) => console.warn('SecureX Respond: could not load the wasm core', e));

const MENU_ID = 'respond-selection';
const EXT_ORIGIN = chrome.runtime.getURL('');
const REGIONS = {
  us: 'https://visibility.amp.cisco.com',
  eu: 'https://visibility.eu.amp.cisco.com',
  apjc: 'https://visibility.apjc.amp.cisco.com',
};
const MANAGED_KEYS = ['region', 'baseUrl', 'clientId', 'clientSecret'];

// ---------- listeners: all registered synchronously at top level ----------

chrome.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => {});

const menu = { created: 0, lastError: null };
function createMenu() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: 'Respond to selection', contexts: ['selection'] }, () => {
      menu.lastError = chrome.runtime.lastError?.message || null;
      if (!menu.lastError) menu.created++;
    });
  });
}
chrome.runtime.onInstalled.addListener(createMenu);
chrome.runtime.onStartup.addListener(createMenu);
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) onMenuClick(info, tab).catch((e) => console.warn('SecureX Respond:', e));
});
chrome.commands.onCommand.addListener((command, tab) => {
  if (command === MENU_ID) onCommand(command, tab).catch((e) => console.warn('SecureX Respond:', e));
});
chrome.runtime.onMessage.addListener(onMessage);

// ---------- opening the respond view ----------

/** The context-menu handler: the selection goes to storage.session under a random id, never into the URL. */
async function onMenuClick(info, _tab) {
  return openView(info.selectionText || '');
}

/**
 * The keyboard shortcut: a command event carries no selection, so read it from the active tab.
 * `activeTab` grants access to that one tab on the user's gesture; `scripting` runs one function
 * (`getSelection().toString()`) there. Pages where scripts cannot run (chrome://, the web store)
 * open the view with an empty text box instead.
 */
async function onCommand(_command, tab) {
  let text = '';
  try {
    const [r] = await chrome.scripting.executeScript({
      target: { tabId: tab.id, allFrames: false },
      func: () => String(globalThis.getSelection?.() || ''),
    });
    text = typeof r?.result === 'string' ? r.result : '';
  } catch {
    text = '';
  }
  return openView(text);
}

async function openView(text) {
  const id = crypto.randomUUID();
  const all = await chrome.storage.session.get(null);
  const stale = Object.keys(all).filter((k) => k.startsWith('sel:'));
  if (stale.length) await chrome.storage.session.remove(stale);
  await chrome.storage.session.set({ [`sel:${id}`]: String(text).slice(0, 200_000) });
  const win = await chrome.windows.create({
    url: chrome.runtime.getURL(`view.html?id=${id}`), type: 'popup', width: 560, height: 720, focused: true,
  });
  return { id, windowId: win?.id };
}

// ---------- settings ----------

let devConfigPromise = null;
function devConfig() {
  // Only the dev copy built by `cargo xtask demo` has the file; the shipped build never fetches it.
  if (!/\bdev$/.test(chrome.runtime.getManifest().version_name || '')) return Promise.resolve(null);
  devConfigPromise ??= fetch(chrome.runtime.getURL('dev-config.json'))
    .then((r) => (r.ok ? r.json() : null)).catch(() => null);
  return devConfigPromise;
}

const SECRET_KEYS = ['secret', 'secretOrigin'];

/** Everything the settings are made of, as stored: policy, the user's settings and secret, dev defaults. */
async function readStored() {
  const [local, session, managed, dev] = await Promise.all([
    chrome.storage.local.get(['settings', ...SECRET_KEYS, 'askInspect', 'enrich']),
    chrome.storage.session.get(SECRET_KEYS),
    chrome.storage.managed.get(null).catch(() => ({})),
    devConfig(),
  ]);
  // A secret stored without the host it was entered for was written by an older version, which
  // also wrote the administrator's secret there: never used, removed.
  for (const [area, got] of [[chrome.storage.local, local], [chrome.storage.session, session]]) {
    if (got.secret && !got.secretOrigin) { delete got.secret; await area.remove(SECRET_KEYS); }
  }
  const saved = local.secret ? local : session;
  return {
    managed: managed || {}, dev, local,
    user: { settings: local.settings || null, secret: saved.secret || '', secretOrigin: saved.secretOrigin || '' },
  };
}

const hostChoice = (h) => (String(h.baseUrl || '').trim()
  ? { region: '', baseUrl: String(h.baseUrl).trim() }
  : { region: Object.hasOwn(REGIONS, h.region) ? h.region : 'us', baseUrl: '' });
function originOf(h) {
  try {
    const o = new URL(h.baseUrl || REGIONS[h.region] || REGIONS.us).origin;
    return o === 'null' ? '' : o;
  } catch { return ''; }
}
const hostName = (origin) => { try { return new URL(origin).host; } catch { return 'another host'; } };

/**
 * THE decision of which host, client id and secret a connection uses (issue 11). Pure: no
 * chrome.* call. `form` is what the options page sent (Save, Test connection), or null for the
 * worker's own calls, whose host comes from the stored settings.
 *
 * - Policy values win over the user's, the user's over the dev defaults.
 * - The administrator's secret (policy `clientSecret`) goes only to the policy's host, or to
 *   the default region (US) when the policy names none; a form asking for another host is
 *   refused. It is never stored (`secretFrom: 'policy'`).
 * - A user's secret is bound to the origin it was entered for (`secretOrigin`) and used only
 *   there; for another host the secret must be typed again.
 *
 * Returns { region, baseUrl, origin, clientId, clientSecret, secretFrom, refused }: `secretFrom`
 * is 'policy' | 'form' | 'saved' | 'dev' | ''; `refused` is null or the message that says why the
 * secret is not sent (then `clientSecret` is '').
 */
function decideConnection({ managed: m, user, dev }, form) {
  const policyHost = m.baseUrl || m.region ? hostChoice(m) : null;
  const wanted = form ? hostChoice(form) : user.settings ? hostChoice(user.settings)
    : dev ? { region: '', baseUrl: dev.baseUrl || '' } : hostChoice({});
  const host = policyHost || (m.clientSecret ? hostChoice({}) : wanted);
  const origin = originOf(host);
  const clientId = String(m.clientId || (form ? form.clientId : user.settings ? user.settings.clientId : dev?.clientId) || '').trim();
  const out = { ...host, origin, clientId, clientSecret: '', secretFrom: '', refused: null };
  if (m.clientSecret) {
    if (form && originOf(wanted) !== origin) {
      out.refused = `Not sent: your administrator set the client secret, so it goes only to ${hostName(origin)}, `
        + (policyHost ? 'the host in the policy' : 'the default region, because the policy names no region or base URL')
        + `, never to another host (${hostName(originOf(wanted))}).${policyHost ? '' : ' Ask your administrator to set the region or base URL in the policy.'}`;
    } else {
      Object.assign(out, { clientSecret: m.clientSecret, secretFrom: 'policy' });
    }
  } else if (form?.clientSecret) {
    Object.assign(out, { clientSecret: String(form.clientSecret), secretFrom: 'form' });
  } else if (user.secret) {
    if (user.secretOrigin === origin) Object.assign(out, { clientSecret: user.secret, secretFrom: 'saved' });
    else out.refused = `Not sent: the saved client secret was entered for ${hostName(user.secretOrigin)} and is never sent to another host (${hostName(origin)}). Enter the client secret for ${hostName(origin)}.`;
  } else if (!user.settings && dev?.clientSecret && originOf({ baseUrl: dev.baseUrl }) === origin) {
    Object.assign(out, { clientSecret: dev.clientSecret, secretFrom: 'dev' });
  }
  return out;
}

/** The settings in effect (for the worker's own calls and for pages, through publicSettings). */
async function readSettings() {
  const st = await readStored();
  const m = st.managed;
  const u = st.user.settings;
  return {
    ...decideConnection(st, null),
    remember: u?.remember === 'session' ? 'session' : 'device',
    source: u ? 'user' : st.dev ? 'dev-config' : 'none',
    secretFor: st.user.secretOrigin ? hostName(st.user.secretOrigin) : '',
    managed: MANAGED_KEYS.filter((k) => typeof m[k] === 'string' && m[k] !== ''),
    locked: m.locked === true,
    askInspect: st.local.askInspect === true,
    enrich: st.local.enrich !== false, // "Show verdicts and pivots": on unless turned off
  };
}

function clientOptions(s) {
  const o = s.baseUrl ? { baseUrl: s.baseUrl } : { region: s.region || 'us' };
  return { ...o, clientId: s.clientId, clientSecret: s.clientSecret };
}

function setupError() {
  return Object.assign(new Error('Set up the extension first: open its options and enter your API client id and secret.'), { code: 'bad-input', setup: true });
}

function refusedError(s) {
  return Object.assign(new Error(s.refused), { code: 'bad-input', setup: true });
}

/** Throws bad-input when a typed base URL is not one the core accepts. */
function checkBaseUrl(form) {
  const baseUrl = String(form?.baseUrl || '').trim();
  if (baseUrl) new core.Client({ baseUrl, clientId: 'x', clientSecret: 'x' }).free();
}

/** What pages may know about the settings: never the secret. */
function publicSettings(s) {
  return {
    region: s.region, baseUrl: s.baseUrl, clientId: s.clientId, hasSecret: !!s.clientSecret, secretFrom: s.secretFrom,
    secretFor: s.secretFor, remember: s.remember, managed: s.managed, locked: s.locked, source: s.source,
    askInspect: s.askInspect, enrich: s.enrich,
  };
}

/**
 * Saves what the options page sent. Only a secret the user typed is stored, together with the
 * origin it was entered for; the administrator's secret never is.
 */
async function saveSettings(form) {
  await ready;
  const st = await readStored();
  if (st.managed.locked === true) throw Object.assign(new Error('Your administrator has locked these settings.'), { code: 'bad-input' });
  checkBaseUrl(form);
  const c = decideConnection(st, form);
  if (c.refused) throw refusedError(c);
  const remember = form.remember === 'session' ? 'session' : 'device';
  await chrome.storage.local.set({ settings: { ...hostChoice(form), clientId: String(form.clientId || '').trim(), remember } });
  const [keep, drop] = remember === 'device' ? [chrome.storage.local, chrome.storage.session] : [chrome.storage.session, chrome.storage.local];
  await drop.remove(SECRET_KEYS);
  if (c.secretFrom === 'form' || c.secretFrom === 'saved') await keep.set({ secret: c.clientSecret, secretOrigin: c.origin });
  else await keep.remove(SECRET_KEYS);
  await chrome.storage.session.remove('token');
  current = null;
  return publicSettings(await readSettings());
}

// ---------- the core client ----------

let current = null; // { key, binding, client }
let lock = Promise.resolve();

/** The Client for the current settings; created (and seeded with the saved token) when they change. */
function getClient() {
  const next = lock.then(async () => {
    await ready;
    const s = await readSettings();
    if (s.refused) throw refusedError(s);
    if (!s.clientId || !s.clientSecret) throw setupError();
    const opts = clientOptions(s);
    const key = JSON.stringify([opts.region, opts.baseUrl, opts.clientId, opts.clientSecret]);
    if (current?.key === key) return current;
    const binding = JSON.stringify([opts.region, opts.baseUrl, opts.clientId]);
    const { token } = await chrome.storage.session.get('token');
    if (token?.binding === binding && token.state) opts.token = token.state;
    // The old client is dropped, not freed: a call may still be running on it.
    current = { key, binding, client: new core.Client(opts) };
    return current;
  });
  lock = next.catch(() => {});
  return next;
}

async function saveToken(c) {
  let state;
  try { state = c.client.tokenState(); } catch { return; }
  if (state) await chrome.storage.session.set({ token: { binding: c.binding, state } });
  else await chrome.storage.session.remove('token');
}

// Badge "…" while any call runs.
let running = 0;
function busy(delta) {
  running = Math.max(0, running + delta);
  chrome.action.setBadgeBackgroundColor({ color: '#1d4ed8' }).catch(() => {});
  chrome.action.setBadgeText({ text: running ? '…' : '' }).catch(() => {});
}

async function withClient(fn) {
  busy(+1);
  try {
    const c = await getClient();
    try {
      return await fn(c.client);
    } finally {
      await saveToken(c);
    }
  } finally {
    busy(-1);
  }
}

// ---------- operations ----------

const obsKey = (o) => `${o.type}\u0000${String(o.value).toLowerCase()}`;

async function find(text, askInspect) {
  await ready;
  if (typeof text !== 'string') throw Object.assign(new Error('Nothing to look at: select or paste some text.'), { code: 'bad-input' });
  await chrome.storage.local.set({ askInspect: !!askInspect });
  if (typeof core.extract !== 'function') return withClient((c) => c.inspect(text)); // older core without local extraction
  const local = core.extract(text).map((o) => ({ type: o.type, value: o.value, defanged: !!o.defanged }));
  if (!askInspect) return local;
  const remote = await withClient((c) => c.inspect(text));
  const seen = new Set(local.map(obsKey));
  return [...local, ...remote.filter((o) => !seen.has(obsKey(o)) && seen.add(obsKey(o))).map((o) => ({ type: o.type, value: o.value, defanged: false }))];
}

// One trigger per action while it runs: a repeated message for the same action gets the same answer.
const triggering = new Map();
function trigger(action) {
  const key = typeof action === 'string' ? action : action?.url;
  if (triggering.has(key)) return triggering.get(key);
  const p = withClient((c) => c.trigger(action)).finally(() => triggering.delete(key));
  triggering.set(key, p);
  return p;
}

// Confirmation: the view's confirm step asks `view→sw:confirm` for a one-time nonce bound to the
// action url; `view→sw:trigger` must present it. Single use, 2 minutes. Kept in storage.session
// (serialized here) so a worker restart between the two messages does not lose it.
const CONFIRM_TTL_MS = 120_000;
let confirmLock = Promise.resolve();
function withConfirms(fn) {
  const next = confirmLock.then(async () => {
    const { confirms } = await chrome.storage.session.get('confirms');
    const c = confirms && typeof confirms === 'object' ? confirms : {};
    for (const [k, v] of Object.entries(c)) if (!(v?.until > Date.now())) delete c[k];
    const out = fn(c);
    await chrome.storage.session.set({ confirms: c });
    return out;
  });
  confirmLock = next.catch(() => {});
  return next;
}
const actionUrl = (action) => (typeof action === 'string' ? action : action?.url);

function confirmAction(action) {
  const url = actionUrl(action);
  if (typeof url !== 'string' || !url) throw Object.assign(new Error('Nothing to confirm: no action.'), { code: 'bad-input' });
  const nonce = crypto.randomUUID();
  return withConfirms((c) => { c[nonce] = { url, until: Date.now() + CONFIRM_TTL_MS }; return { nonce }; });
}

async function confirmedTrigger(m) {
  const url = actionUrl(m.action);
  const ok = await withConfirms((c) => {
    if (typeof m.nonce !== 'string' || !Object.hasOwn(c, m.nonce)) return false;
    const e = c[m.nonce];
    delete c[m.nonce];
    return e.url === url;
  });
  if (!ok) throw Object.assign(new Error('Not sent: this action was not confirmed in the respond view (or the confirmation was already used). Confirm it again.'), { code: 'bad-input' });
  return trigger(m.action);
}

// Verdicts and pivots (enrich:read): one call each per respond, only while the user's
// "Show verdicts and pivots" option is on (the view then does not even ask).
async function enrichCall(fn) {
  const s = await readSettings();
  if (!s.enrich) throw Object.assign(new Error('Verdicts and pivots are turned off in the extension options.'), { code: 'bad-input' });
  return withClient(fn);
}

/** Display preferences, saved at once and never locked by policy: { enrich: boolean }. */
async function savePrefs(prefs) {
  if (typeof prefs.enrich === 'boolean') await chrome.storage.local.set({ enrich: prefs.enrich });
  return publicSettings(await readSettings());
}

async function testConnection(form) {
  await ready;
  const st = await readStored();
  const f = st.managed.locked === true ? null : (form || {});
  checkBaseUrl(f);
  const c = decideConnection(st, f);
  if (c.refused) throw refusedError(c);
  if (!c.clientId || !c.clientSecret) throw setupError();
  busy(+1);
  try {
    const client = new core.Client(clientOptions(c));
    try { return await client.checkConnection(); } finally { client.free(); }
  } finally {
    busy(-1);
  }
}

async function status() {
  const s = await readSettings();
  let baseUrl = s.baseUrl || REGIONS[s.region] || REGIONS.us;
  let configured = !!(s.clientId && s.clientSecret);
  if (configured) {
    try { baseUrl = (await getClient()).client.baseUrl; } catch { configured = false; }
  }
  return { ...publicSettings(s), effectiveBaseUrl: baseUrl, configured, localExtraction: typeof core.extract === 'function', menu: { ...menu } };
}

/** The selection handed to the view, read once: the key is removed as it is read. */
async function takeSelection(id) {
  const k = `sel:${String(id)}`;
  const got = await chrome.storage.session.get(k);
  await chrome.storage.session.remove(k);
  return typeof got[k] === 'string' ? got[k] : '';
}

// ---------- messages ----------

const HANDLERS = {
  'view→sw:selection': (m) => takeSelection(m.id),
  'view→sw:find': (m) => find(m.text, m.inspect),
  'view→sw:actions': (m) => withClient((c) => c.actions(m.observables)),
  'view→sw:verdicts': (m) => enrichCall((c) => c.verdicts(m.observables)),
  'view→sw:pivots': (m) => enrichCall((c) => c.pivots(m.observables)),
  'view→sw:confirm': (m) => confirmAction(m.action),
  'view→sw:trigger': (m) => confirmedTrigger(m),
  'view→sw:status': () => status(),
  'options→sw:load': async () => publicSettings(await readSettings()),
  'options→sw:save': (m) => saveSettings(m.settings || {}),
  'options→sw:prefs': (m) => savePrefs(m.prefs || {}),
  'options→sw:test': (m) => testConnection(m.settings),
};

/** Only this extension's own pages; there are no content scripts and no externally_connectable. */
function trusted(sender) {
  return sender?.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(EXT_ORIGIN);
}

function errorJson(e) {
  const out = { code: e?.code || 'bad-response', message: e?.message || String(e) };
  for (const k of ['missingScopes', 'retryAfter', 'rateLimit', 'status', 'traceId', 'outcomeUnknown', 'setup']) {
    if (e?.[k] !== undefined && e[k] !== null) out[k] = e[k];
  }
  return out;
}

function onMessage(msg, sender, sendResponse) {
  const handler = msg && Object.hasOwn(HANDLERS, msg.type) ? HANDLERS[msg.type] : null;
  if (!handler || !trusted(sender)) return false;
  Promise.resolve().then(() => handler(msg)).then(
    (value) => sendResponse({ ok: true, value }),
    (e) => sendResponse({ ok: false, error: errorJson(e) }),
  );
  return true; // answer asynchronously
}

// For the end-to-end tests (same functions the listeners call; reachable only from this worker).
globalThis.__sxr = { onMenuClick, onCommand, openView, menu, status, saveSettings, readSettings: async () => publicSettings(await readSettings()) };
