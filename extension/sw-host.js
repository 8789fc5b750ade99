// The browser primitives the worker core (src/worker/, through src/wasm/worker.rs) asks for:
// storage areas, sealing (sw-seal.js), host permissions (sw-browser.js), the page functions of
// scan-page.js by name, windows and tabs, the auth flow, badge and icon, randomness, extension
// files. No decisions here: each method does one chrome.* call.
import { seal, open } from './sw-seal.js';
import { hostAllowed } from './sw-browser.js';
import * as page from './scan-page.js';

const AREAS = { local: chrome.storage.local, session: chrome.storage.session, managed: chrome.storage.managed };
const PAGE = { collectPage: page.collectPage, drawHighlights: page.drawHighlights, nextFrame: page.nextFrame, repaint: page.repaint, gotoOccurrence: page.gotoOccurrence, clearHighlights: page.clearHighlights, readStyles: page.readStyles };

export const host = {
  get: (area, keys) => AREAS[area].get(keys),
  set: (area, items) => AREAS[area].set(items),
  remove: (area, keys) => AREAS[area].remove(keys),
  seal: (name, value) => seal(value, name),
  open: (name, envelope) => open(envelope, name),
  hostAllowed,
  runInTab: async (tabId, func, args) => (await chrome.scripting.executeScript({ target: { tabId }, func: PAGE[func], args }))[0]?.result,
  insertCss: (tabId, css, allFrames) => chrome.scripting.insertCSS({ target: { tabId, allFrames }, css }),
  removeCss: (tabId, css) => chrome.scripting.removeCSS({ target: { tabId, allFrames: true }, css }),
  openWindow: async (path, width, height) => (await chrome.windows.create({ url: chrome.runtime.getURL(path), type: 'popup', width, height, focused: true }))?.id,
  activateTab: (tabId) => chrome.tabs.update(tabId, { active: true }),
  openTab: (path) => chrome.tabs.create({ url: chrome.runtime.getURL(path) }),
  redirectUrl: () => chrome.identity.getRedirectURL(),
  webAuthFlow: (url) => chrome.identity.launchWebAuthFlow({ url, interactive: true }),
  setBadge: (text) => {
    chrome.action.setBadgeBackgroundColor({ color: '#1d4ed8' }).catch(() => {});
    chrome.action.setBadgeText({ text }).catch(() => {});
  },
  setIcon: (name, title) => {
    chrome.action.setIcon({ path: { 16: `icons/${name}-16.png`, 32: `icons/${name}-32.png` } }).catch(() => {});
    chrome.action.setTitle({ title }).catch(() => {});
  },
  random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  fileText: (path) => fetch(chrome.runtime.getURL(path)).then((r) => (r.ok ? r.text() : null)).catch(() => null),
  versionName: () => chrome.runtime.getManifest().version_name ?? '',
  warn: (line) => console.warn(line),
};
