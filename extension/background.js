// SecureX Respond service worker: the only place that talks to Threat Response. It registers
// every listener synchronously here, at top level, and routes: every flow (settings, sign-in,
// confirm and trigger, casebooks, the page scan's passes, the bulk run) is the worker core's
// (src/worker/, through sw-core.js over sw-host.js's chrome.* primitives), awaited inside each
// listener; its words too (the menu titles).
//
// Pages (respond view, toolbar popup, options) send messages named `<from>→sw:<what>`
// (messages.js, generated from src/worker/messages.rs); this worker answers only its own
// extension pages.
import { worker } from './sw-core.js';
import { restrictSession } from './sw-browser.js';
import { MSG } from './messages.js';

const MENU_ID = 'respond-selection';
const SCAN_MENU_ID = 'scan-page';
const SCAN_COMMAND = 'scan-page';
const EXT_ORIGIN = chrome.runtime.getURL('');
/** The messages the worker core handles (src/worker/messages.rs, generated into messages.js). */
const CORE_MESSAGES = new Set(Object.values(MSG));

// ---------- listeners: all registered synchronously at top level ----------

restrictSession();

const menu = { created: 0, lastError: null, titles: [] };
const warn = (e) => console.warn(chrome.runtime.getManifest().name, e);
/** The core's entries (ids, titles in the chosen language), created afresh. */
async function createMenu() {
  const entries = await (await worker).menus();
  menu.titles = entries.map((e) => e.title);
  chrome.contextMenus.removeAll(() => {
    for (const e of entries) {
      chrome.contextMenus.create(e, () => {
        if (e.id !== MENU_ID) return void chrome.runtime.lastError;
        menu.lastError = chrome.runtime.lastError?.message || null;
        if (!menu.lastError) menu.created++;
        worker.then((w) => w.setMenu(menu)).catch(() => {});
      });
    }
  });
}
chrome.runtime.onInstalled.addListener(() => createMenu().catch(warn));
// First run: whether the onboarding page opens is the core's decision (src/worker/onboard.rs).
chrome.runtime.onInstalled.addListener(({ reason }) => { worker.then((w) => w.installed(reason)).catch(warn); });
chrome.runtime.onStartup.addListener(() => createMenu().catch(warn));
// The toolbar icon follows the connection: grey until set up or after a sign-out (src/worker/).
const toolbarIcon = () => worker.then((w) => w.toolbarIcon()).catch(() => {});
toolbarIcon();
// The options' Language choice renames the menu entries at once.
chrome.storage.onChanged.addListener((changes) => { toolbarIcon(); if ('language' in changes) createMenu().catch(warn); });
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) onMenuClick(info, tab).catch(warn);
  if (info.menuItemId === SCAN_MENU_ID && tab) openScan(tab.id).catch(warn);
});
chrome.commands.onCommand.addListener((command, tab) => {
  if (command === MENU_ID) onCommand(command, tab).catch(warn);
  if (command === SCAN_COMMAND && tab) openScan(tab.id).catch(warn);
});
chrome.runtime.onMessage.addListener(onMessage);
worker.then((w) => w.resume()).catch(warn); // a run cut off by a worker stop goes on

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

/** The core cuts the selection (and says so) and stores it; the view reads it once, with the page it came from. */
async function openView(text, page) {
  return (await worker).openView(String(text ?? ''), page);
}

/** Scan this page (the gesture): the core scans and opens the panel; `{ id, windowId }`. */
async function openScan(tabId) {
  return core(MSG.POPUP_SCAN, { tabId });
}

/** A core message's answer as the listener's caller gets it (`__sxr`): the value, or the error thrown. */
async function core(type, fields = {}) {
  const r = await (await worker).handle({ ...fields, type });
  if (r.ok === false) throw Object.assign(new Error(r.error.message), r.error);
  return r.value;
}

/** Only this extension's own pages; there are no content scripts and no externally_connectable. */
function trusted(sender) {
  return sender?.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(EXT_ORIGIN);
}

/** What a page gets for a failure: the core's error fields as they are, and the message. */
function errorJson(e) {
  return { ...(e instanceof Error ? e : {}), message: String(e?.message ?? e) };
}

function onMessage(msg, sender, sendResponse) {
  if (!CORE_MESSAGES.has(msg?.type) || !trusted(sender)) return false;
  worker.then((w) => w.handle(msg)).then(sendResponse, (e) => sendResponse({ ok: false, error: errorJson(e) }));
  return true; // answer asynchronously
}

// For the end-to-end tests (same functions the listeners call; reachable only from this worker).
globalThis.__sxr = {
  onMenuClick, onCommand, openView, menu, openScan,
  scanTab: async (tabId) => (await worker).scanTab(tabId),
  status: () => core(MSG.VIEW_STATUS),
  saveSettings: (settings) => core(MSG.OPTIONS_SAVE, { settings }),
  readSettings: () => core(MSG.OPTIONS_LOAD),
  signIn: ({ form = undefined, stay = undefined } = {}) => core(MSG.OPTIONS_SIGNIN, { settings: form, stay }),
  signOut: () => core(MSG.OPTIONS_SIGNOUT),
  openedStorage: async () => (await worker).openedStorage(),
};
