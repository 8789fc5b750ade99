// The core Client's lifecycle in the worker: made from the settings the core resolves, seeded
// with the token saved in storage.session (so a worker Chrome stopped restarts without a new
// exchange), re-made when the settings change; its token saved after every call. The badge
// shows "…" and the toolbar the busy icon while any call runs; a grey icon when not connected.
import { ready } from './sw-core.js';
import * as settings from './sw-settings.js';
import { requireHost, requireAllowed } from './sw-browser.js';

let current = null; // { key, binding, client }
let lock = Promise.resolve();

/** The Client for the current settings; one at a time, so concurrent calls share it (and its in-flight trigger guard). */
function client(purpose) {
  const next = lock.then(async () => {
    const core = await ready;
    const plan = await settings.clientPlan(purpose);
    await requireHost(core, plan.options);
    if (plan.intelHost) await requireAllowed(plan.intelHost);
    // The old client is dropped, not freed: a call may still be running on it. A refresh that
    // rotates the refresh token is saved as it happens (the core calls onSignInChange), not when
    // the call ends: a worker stopped mid-call would wake up with one the server rotated out.
    if (current?.key !== plan.key) {
      const onSignInChange = (state) => { settings.saveSignIn(state, undefined, plan.generation).catch((e) => console.warn('SecureX Respond: saving the sign-in', e?.message)); };
      current = { key: plan.key, binding: plan.binding, generation: plan.generation, client: new core.Client({ ...plan.options, onSignInChange }) };
    }
    return current;
  });
  lock = next.catch(() => {});
  return next;
}

/**
 * The connection in effect now (client key and sign-in generation), for a bulk run to be bound
 * to; "" when there is none (signed out, not set up).
 */
export async function connection() {
  try {
    const plan = await settings.clientPlan();
    return JSON.stringify([plan.key, plan.generation]);
  } catch {
    return '';
  }
}

/** After Save: the next call makes a new client (the saved token was dropped with the old settings). */
export function forget() {
  current = null;
}

let running = 0;
function busy(delta) {
  running = Math.max(0, running + delta);
  chrome.action.setBadgeBackgroundColor({ color: '#1d4ed8' }).catch(() => {});
  chrome.action.setBadgeText({ text: running ? '…' : '' }).catch(() => {});
  toolbarIcon();
}

/**
 * The toolbar state, from the PNGs xtask draws from extension/icons/*.svg: "busy" while a call
 * runs, grey "not connected" when there is no connection (not set up, signed out), else the icon.
 */
export async function toolbarIcon() {
  const name = running ? 'icon-busy' : (await connection()) ? 'icon' : 'icon-off';
  chrome.action.setIcon({ path: { 16: `icons/${name}-16.png`, 32: `icons/${name}-32.png` } }).catch(() => {});
  chrome.action.setTitle({ title: name === 'icon-off' ? 'SecureX Respond: not connected (open the options)' : 'SecureX Respond: paste text' }).catch(() => {});
}

/** Runs `fn(client)` and saves the client's token afterwards. */
export async function withClient(fn, purpose) {
  busy(+1);
  try {
    const c = await client(purpose);
    try {
      return await fn(c.client);
    } finally {
      // A storage failure here must never turn an answered call (a sent trigger) into a failed one.
      await saveToken(c).catch((e) => console.warn('SecureX Respond: saving the token', e?.message));
    }
  } finally {
    busy(-1);
  }
}

async function saveToken(c) {
  let state;
  try { state = c.client.tokenState(); } catch { return; }
  // Written only while the client's sign-in generation is current: a call that was running at
  // sign-out cannot put its tokens back (the core drops the write).
  await settings.saveToken(c.binding, state, c.generation);
  // Sign-in mode: the newest refresh token (or, after a refused refresh, that there is none).
  const signIn = c.client.signInState();
  if (signIn) await settings.saveSignIn(signIn, undefined, c.generation);
}

/**
 * Sends a confirmed action (sw-confirm.js checked its nonce). The core refuses a second trigger
 * of an action while the first is in flight (ARCHITECTURE.md invariant 4): this worker keeps no
 * list of its own.
 */
export function trigger(action) {
  return withClient((c) => c.trigger(action));
}

/** Test connection with what the options form says, on a client of its own. */
export async function testConnection(form) {
  busy(+1);
  try {
    const core = await ready;
    const options = await settings.testOptions(form);
    await requireHost(core, options);
    const c = new core.Client(options);
    try { return await c.checkConnection(); } finally { c.free(); }
  } finally {
    busy(-1);
  }
}
