// SecureX Respond service worker: the only place that talks to Threat Response. It registers
// every listener synchronously here, at top level, and routes: what to do is decided by the
// wasm core (src/), loaded by sw-core.js and awaited inside each listener.
//
// Pages (respond view, toolbar popup, options) send messages named `<from>→sw:<what>`; this
// worker answers only its own extension pages. The rooms: sw-settings.js (settings as the core
// decides them), sw-client.js (the core Client's lifecycle and token), sw-confirm.js (the
// one-time confirmation of a trigger), sw-storage.js (every storage key), sw-intel.js
// (casebooks, Investigate links, sightings, audit notes).
import { ready } from './sw-core.js';
import * as settings from './sw-settings.js';
import * as storage from './sw-storage.js';
import { withClient, testConnection, forget, toolbarIcon } from './sw-client.js';
import { confirmAction, confirmedTrigger } from './sw-confirm.js';
import * as signin from './sw-signin.js';
import { INTEL_HANDLERS, auditedTrigger } from './sw-intel.js';
import { SCAN_HANDLERS, SCAN_MENU_ID, SCAN_COMMAND, openScan, scanTab, resumeRun } from './sw-scan.js';

const MENU_ID = 'respond-selection';
const EXT_ORIGIN = chrome.runtime.getURL('');

// ---------- listeners: all registered synchronously at top level ----------

storage.restrictSession();

const menu = { created: 0, lastError: null };
function createMenu() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: 'Respond to selection', contexts: ['selection'] }, () => {
      menu.lastError = chrome.runtime.lastError?.message || null;
      if (!menu.lastError) menu.created++;
    });
    chrome.contextMenus.create({ id: SCAN_MENU_ID, title: 'Scan this page for indicators', contexts: ['page'] }, () => void chrome.runtime.lastError);
  });
}
chrome.runtime.onInstalled.addListener(createMenu);
chrome.runtime.onStartup.addListener(createMenu);
// The toolbar icon follows the connection: grey until set up or after a sign-out (sw-client.js).
toolbarIcon();
chrome.storage.onChanged.addListener(() => { toolbarIcon(); });
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) onMenuClick(info, tab).catch((e) => console.warn('SecureX Respond:', e));
  if (info.menuItemId === SCAN_MENU_ID && tab) openScan(tab.id).catch((e) => console.warn('SecureX Respond:', e));
});
chrome.commands.onCommand.addListener((command, tab) => {
  if (command === MENU_ID) onCommand(command, tab).catch((e) => console.warn('SecureX Respond:', e));
  if (command === SCAN_COMMAND && tab) openScan(tab.id).catch((e) => console.warn('SecureX Respond:', e));
});
chrome.runtime.onMessage.addListener(onMessage);
resumeRun().catch((e) => console.warn('SecureX Respond: bulk run', e)); // a run cut off by a worker stop goes on

// ---------- opening the respond view ----------

/**
 * The context-menu handler: the selection goes to storage.session under a random id, never into
 * the URL, with the page's title and address (a new casebook's title, and its description only
 * if the user ticks it).
 */
async function onMenuClick(info, tab) {
  return openView(info.selectionText, { title: tab?.title, url: info.pageUrl ?? tab?.url });
}

/**
 * The keyboard shortcut: a command event carries no selection, so read it from the active tab.
 * `activeTab` grants access to that one tab on the user's gesture; `scripting` runs one function
 * (`getSelection().toString()`) there. Pages where scripts cannot run (chrome://, the web store)
 * open the view with an empty text box instead.
 */
async function onCommand(_command, tab) {
  let found;
  try {
    found = await chrome.scripting.executeScript({
      target: { tabId: tab.id, allFrames: false },
      func: () => String(globalThis.getSelection?.() || ''),
    });
  } catch {
    found = [];
  }
  return openView(found[0]?.result, { title: tab?.title, url: tab?.url });
}

/** The core cuts the selection (and says so); the view reads it once, with the page it came from. */
async function openView(text, page) {
  const core = await ready;
  const id = crypto.randomUUID();
  await storage.putSelection(id, { ...core.capSelection(text), page });
  const win = await chrome.windows.create({
    url: chrome.runtime.getURL(`view.html?id=${id}`), type: 'popup', width: 560, height: 720, focused: true,
  });
  return { id, windowId: win?.id };
}

// ---------- operations ----------

/**
 * Observables: local extraction, plus Inspect's when asked, merged by the core (no credentials
 * needed without Inspect); reference hosts marked (the policy's `referenceHosts` as the view got
 * them with the settings). Without `inspect` (a view that has not read the settings yet: the first
 * read of managed storage is slow after the browser starts) nothing is read or saved: local only.
 */
async function find(m) {
  const core = await ready;
  if (typeof m.inspect === 'boolean') await settings.savePrefs({ askInspect: m.inspect });
  return core.findings(m.text, m.inspect ? () => withClient((c) => c.inspect(m.text)) : undefined, m.referenceHosts);
}

async function saveSettings(form) {
  const saved = await settings.save(form);
  forget();
  return saved;
}

async function savePrefs(prefs) {
  await settings.savePrefs(prefs);
  return settings.current();
}

async function status() {
  return { ...(await settings.current()), menu: { ...menu } };
}

// ---------- messages ----------

const ENRICH = { enrich: true }; // verdicts and pivots: refused while the user turned them off

const HANDLERS = {
  'view→sw:selection': (m) => storage.takeSelection(m.id),
  'view→sw:find': (m) => find(m),
  'view→sw:actions': (m) => withClient((c) => c.actions(m.observables)),
  'view→sw:verdicts': (m) => withClient((c) => c.verdicts(m.observables), ENRICH),
  'view→sw:pivots': (m) => withClient((c) => c.pivots(m.observables), ENRICH),
  'view→sw:budget': () => withClient((c) => c.budget() ?? null),
  'view→sw:confirm': (m) => confirmAction(m.action),
  'view→sw:trigger': (m) => auditedTrigger(m, confirmedTrigger),
  'view→sw:status': () => status(),
  'options→sw:load': () => settings.current(),
  'options→sw:save': (m) => saveSettings(m.settings),
  'options→sw:prefs': (m) => savePrefs(m.prefs),
  'options→sw:test': (m) => testConnection(m.settings),
  // Sign-in (issue 16): the browser's auth window, run from the worker (sw-signin.js).
  'options→sw:signin': (m) => signin.signIn({ form: m.settings, stay: m.stay }),
  'options→sw:signout': () => signin.signOut(),
  'options→sw:stay': (m) => signin.setStay(m.stay),
  'options→sw:test-signin': () => signin.testSignedIn(),
  'view→sw:signin': () => signin.signIn(),
  ...SCAN_HANDLERS,
  ...INTEL_HANDLERS,
};

/** Only this extension's own pages; there are no content scripts and no externally_connectable. */
function trusted(sender) {
  return sender?.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(EXT_ORIGIN);
}

/** What a page gets for a failure: the core's error fields as they are, and the message. */
function errorJson(e) {
  return { ...(e instanceof Error ? e : {}), message: String(e?.message ?? e) };
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
globalThis.__sxr = { onMenuClick, onCommand, openView, menu, status, saveSettings, readSettings: () => settings.current(), openScan, scanTab, signIn: signin.signIn, signOut: signin.signOut, openedStorage: () => storage.readSettings(null) };
