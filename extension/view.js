// The respond view (popup window opened from the context menu / shortcut) and the toolbar popup
// (pasted text). Wraps the shared www/respond-view.js: adds the text box, the "also ask Inspect"
// choice, a setup hint that opens the options, and an explicit "outcome unknown" note. All calls
// go to the service worker as messages; this page never sees the client secret or the token.
import init, * as core from './pkg/securex_respond.js';
import { mountRespondView, words } from './respond-view.js';
import { el } from './dom.js';
import { send, pageWords } from './bridge.js';
import { installIntel } from './view-intel.js';

// The core writes the window's words (and decides what an error offers): loaded at once,
// beside the first messages to the worker; then the page's language is set, before any word.
export const loaded = init().then(() => pageWords(core));

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
// The toolbar popup is this same page opened as view.html?popup (sized for the popup).
if (new URLSearchParams(location.search).has('popup')) document.body.className = 'popup';
const text = $('text');
const inspect = $('inspect');
const hint = $('hint');

function showHint(e) {
  hint.replaceChildren();
  hint.hidden = true;
  if (!e) return;
  const v = core.viewError(e);
  const t = words();
  if (v.outcomeUnknown) hint.append(el('p', { class: 'outcome-unknown' }, t.outcomeUnknown));
  if (v.setup) { // the core says the fix is in the setup: credentials, scopes, settings
    const b = hint.appendChild(el('button', { type: 'button' }, t.openOptions));
    b.addEventListener('click', () => chrome.runtime.openOptionsPage());
  }
  if (v.signIn) { // the core says the sign-in ended (or never happened): sign in again, here
    const b = hint.appendChild(el('button', { type: 'button', id: 'signin-again' }, t.signInAgain));
    b.addEventListener('click', () => signInAgain(b));
  }
  hint.hidden = hint.childElementCount === 0;
}

/** Runs the sign-in from the worker (the browser's auth window), then shows the text again. */
async function signInAgain(button) {
  button.disabled = true;
  try {
    showConn(await send('view→sw:signin'));
    run();
  } catch (e) {
    button.disabled = false;
    note(core.viewError(e).message, 'sxr-error');
  }
}

/** Where calls go, and who is signed in (sign-in mode), in the header. */
function showConn(st) {
  $('conn').textContent = core.viewConnectionLine(st);
}

// verdicts / pivots are added in start() when the "Show verdicts and pivots" option is on.
// `ready` (set in start()) settles when the settings are read: the view shows the observables
// before it and waits for it only for what needs the settings (issue 25, item 5).
let st = null; // the settings, once read
const api = {
  loaded, // the view waits for the core's words
  // Before the settings are read: local extraction only (the worker reads and saves nothing).
  find: (t) => send('view→sw:find', st ? { text: t, inspect: inspect.checked, referenceHosts: st.referenceHosts } : { text: t }),
  actions: (observables) => send('view→sw:actions', { observables }),
  budget: () => send('view→sw:budget'),
  // Called only from the view's confirm handler: get a one-time nonce for this action, then
  // send the trigger with it. No answer from the worker = the trigger may have gone out (the
  // core says so: viewError of the bridge's error for this message).
  trigger: async (action, ctx) => {
    const { nonce } = await send('view→sw:confirm', { action: action.url });
    return await send('view→sw:trigger', { action, nonce, casebook: ctx?.casebook });
  },
};
const view = mountRespondView($('respond'), api, {
  onError: showHint,
  onTriggered: () => showHint(null),
  onEscape: () => window.close(), // a second Escape (the first cancels a confirmation)
});
// Escape anywhere else in the window (the text box, the header) closes it too.
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !e.defaultPrevented) window.close(); });

function note(message, className) {
  hint.append(el('p', { class: className }, message));
  hint.hidden = false;
}

// What the text holds (or that it holds nothing) is the core's to say, in the view.
function run() {
  showHint(null);
  view.show(text.value);
}

$('find').addEventListener('click', run);
inspect.addEventListener('change', run);
text.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
$('options').addEventListener('click', (e) => { e.preventDefault(); chrome.runtime.openOptionsPage(); });

/** What needs the settings: the connection line, enrichment, casebooks, the Inspect choice. */
async function settle() {
  const [got] = await Promise.all([send('view→sw:status'), loaded]);
  installIntel(api, send, got); // casebooks, Investigate links, sightings
  inspect.checked = got.askInspect;
  if (got.enrich) {
    api.verdicts = (observables) => send('view→sw:verdicts', { observables });
    api.pivots = (observables) => send('view→sw:pivots', { observables });
  }
  showConn(got);
  // Signed in: what the granted scopes switched off (or made read-only), in the core's words.
  for (const f of got.features ?? []) if (f.reason) note(f.reason, 'sxr-feature-off');
  st = got;
  return got;
}

async function start() {
  api.ready = settle(); // not awaited before the observables are shown
  const id = new URLSearchParams(location.search).get('id');
  if (id) {
    const selection = await send('view→sw:selection', { id });
    api.page = selection.page;
    text.value = selection.text;
    const early = !st; // the settings had not arrived: this find used none of them
    run(); // local observables now; the view waits for api.ready before actions and enrichment
    if (selection.notice) note(selection.notice, 'sxr-cut');
    const got = await api.ready;
    // Inspect asked for, or the policy's own reference hosts: find again now that they are known
    // (only when the first find went without them: Inspect is never asked twice for one text).
    if (early && (got.askInspect || got.referenceHosts)) run();
  } else {
    text.focus();
    await api.ready;
  }
  document.body.dataset.ready = '1';
}

start().catch(async (e) => {
  await loaded; // its words for the failure
  showHint(e);
  hint.hidden = false;
  hint.prepend(el('p', { class: 'sxr-error' }, core.viewError(e).message));
});
