// Every key the extension stores, and the only worker module that calls chrome.storage. What is
// written where is decided by the core (src/settings.rs): this module reads the areas and
// applies the core's plans.
//
// local   (the worker and extension pages, and content scripts: what the core marks in a plan's
//          `local.seal` is sealed, sw-seal.js: `secret` and `signin` are `{ iv, ct }` there)
//   settings      {region, baseUrl, privateIntelUrl?, clientId, remember}: the user's settings
//   secret        the client secret the user typed, remembered "on this device" (sealed)
//   secretOrigin  the origin that secret was entered for: it is sent nowhere else
//   secretIntel   the custom private intelligence origin it was entered with (its token goes there too)
//   askInspect    the respond view's "also ask Inspect" choice
//   enrich        "Show verdicts and pivots" (absent: on)
//   signin        {binding, refreshToken, user}: a sign-in with "Stay signed in on this device" (sw-signin.js; sealed)
//   staySignedIn  the last "Stay signed in on this device" choice (a new sign-in keeps it)
//   signinGeneration  one more at every sign-in and sign-out: older clients' token writes are dropped
//   sightings     "Show sightings" (absent: on)
//   auditNote     "Append an audit note to the chosen casebook" (absent: off)
// session (extension contexts only: TRUSTED_CONTEXTS; gone when the browser closes)
//   secret, secretOrigin   as above, remembered "for this browser session only"
//   token         {binding, state}: the access token, bound to the settings it was made with
//   signin        {binding, refreshToken, user}: a sign-in for this browser session (the default)
//   confirms      {<nonce>: {url, until}}: one-time confirmations of a trigger (sw-confirm.js)
//   sel:<id>      {text, notice?, page?: {title, url}}: a selection handed to a respond window, removed when read
// managed (read-only: the enterprise policy, managed_schema.json)
//   region, baseUrl, clientId, clientSecret, locked, referenceHosts (more reference hosts: src/reference_hosts.rs)
// The administrator's secret is never copied out of managed storage.
// IndexedDB of the extension origin (the worker only): the sealing key, sw-seal.js.

const LOCAL = ['settings', 'secret', 'secretOrigin', 'secretIntel', 'askInspect', 'enrich', 'signin', 'sightings', 'auditNote', 'staySignedIn', 'signinGeneration'];
const SESSION = ['secret', 'secretOrigin', 'secretIntel', 'token', 'signin'];
const CONFIRMS = 'confirms';
const SELECTION = 'sel:';
import { isSealed, open, seal } from './sw-seal.js';

/** storage.session is for extension contexts only (there are no content scripts either); per browser in sw-browser.js. */
export { restrictSession } from './sw-browser.js';

/**
 * The areas the settings are made of, as the core reads them; `dev`: dev-config.json's text.
 * Sealed values are opened (to their JSON text, which the core parses): `opened` names them;
 * `unreadable` names those that could not be
 * (the key is gone), handed over as absent (the core says to enter the secret or sign in again).
 */
export async function readSettings(dev) {
  const [local, session, managed] = await Promise.all([
    chrome.storage.local.get(LOCAL),
    chrome.storage.session.get(SESSION),
    chrome.storage.managed.get(null).catch(() => ({})),
  ]);
  const opened = [];
  const unreadable = [];
  for (const [k, v] of Object.entries(local)) {
    if (!isSealed(v)) continue;
    try {
      local[k] = await open(v, k);
      opened.push(k);
    } catch {
      delete local[k];
      unreadable.push(k);
    }
  }
  return { local, session, managed, dev, opened, unreadable };
}

/**
 * Applies a plan from the core (per area, keys to remove and values to write; disjoint keys).
 * The values of the keys in an area's `seal` are sealed before they are written.
 */
export async function apply(plan) {
  const areas = [[chrome.storage.local, plan.local], [chrome.storage.session, plan.session]];
  for (const [, p] of areas) {
    for (const k of p.seal ?? []) if (k in p.set) p.set[k] = await seal(p.set[k], k);
  }
  // Every new value is written before any old one is removed: a worker stopped in between leaves
  // a copy too many (the next save drops it), never none (a refresh token moved from storage.local
  // to storage.session was lost that way).
  for (const [area, p] of areas) if (Object.keys(p.set).length) await area.set(p.set);
  for (const [area, p] of areas) {
    const gone = p.remove.filter((k) => !(k in p.set));
    if (gone.length) await area.remove(gone);
  }
}

export async function readConfirms() {
  return (await chrome.storage.session.get(CONFIRMS))[CONFIRMS];
}

export function writeConfirms(confirms) {
  return chrome.storage.session.set({ [CONFIRMS]: confirms });
}

/** Hands a selection to a respond window under `id`; older hand-offs are removed. */
export async function putSelection(id, selection) {
  const stale = Object.keys(await chrome.storage.session.get(null)).filter((k) => k.startsWith(SELECTION));
  if (stale.length) await chrome.storage.session.remove(stale);
  await chrome.storage.session.set({ [SELECTION + id]: selection });
}

/** The selection handed over under `id`, read once: the key is removed as it is read. */
export async function takeSelection(id) {
  const key = SELECTION + String(id);
  const got = await chrome.storage.session.get(key);
  await chrome.storage.session.remove(key);
  return got[key] ?? { text: '' };
}
