// The respond view (popup window opened from the context menu / shortcut) and the toolbar popup
// (pasted text). Wraps the shared www/respond-view.js: adds the text box, the "also ask Inspect"
// choice, a setup hint that opens the options, and an explicit "outcome unknown" note. All calls
// go to the service worker as messages; this page never sees the client secret or the token.
import { mountRespondView } from './respond-view.js';
import { send } from './bridge.js';
import { installIntel } from './view-intel.js';

const $ = (id) => document.getElementById(id);
// The toolbar popup is this same page opened as view.html?popup (sized for the popup).
if (new URLSearchParams(location.search).has('popup')) document.body.className = 'popup';
const text = $('text');
const inspect = $('inspect');
const hint = $('hint');

function showHint(e) {
  hint.replaceChildren();
  hint.hidden = true;
  if (e?.outcomeUnknown) {
    hint.append(Object.assign(document.createElement('p'), { className: 'outcome-unknown', textContent: 'Outcome unknown: the action may or may not have run. Check the module before running it again.' }));
  }
  if (e?.setup) { // the core says the fix is in the setup: credentials, scopes, settings
    const b = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Open the extension options' });
    b.addEventListener('click', () => chrome.runtime.openOptionsPage());
    hint.append(b);
  }
  if (e?.signIn) { // the core says the sign-in ended (or never happened): sign in again, here
    const b = Object.assign(document.createElement('button'), { type: 'button', id: 'signin-again', textContent: 'Sign in again' });
    b.addEventListener('click', () => signInAgain(b));
    hint.append(b);
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
    note(e.message, 'sxr-error');
  }
}

/** Where calls go, and who is signed in (sign-in mode), in the header. */
function showConn(st) {
  $('conn').textContent = st.configured ? st.host : 'not set up';
  if (st.authMode === 'signin') $('conn').textContent = st.signedIn ? `${st.host} · ${st.user || 'signed in'}` : 'not signed in';
}

// verdicts / pivots are added in start() when the "Show verdicts and pivots" option is on.
// `ready` (set in start()) settles when the settings are read: the view shows the observables
// before it and waits for it only for what needs the settings (issue 25, item 5).
let st = null; // the settings, once read
const api = {
  // Before the settings are read: local extraction only (the worker reads and saves nothing).
  find: (t) => send('view→sw:find', st ? { text: t, inspect: inspect.checked, referenceHosts: st.referenceHosts } : { text: t }),
  actions: (observables) => send('view→sw:actions', { observables }),
  budget: () => send('view→sw:budget'),
  // Called only from the view's confirm handler: get a one-time nonce for this action, then
  // send the trigger with it. No answer from the worker = the trigger may have gone out.
  trigger: async (action, ctx) => {
    const { nonce } = await send('view→sw:confirm', { action: action.url });
    try {
      return await send('view→sw:trigger', { action, nonce, casebook: ctx?.casebook });
    } catch (e) {
      if (!e.noAnswer) throw e;
      throw Object.assign(new Error(`${e.message} The action may or may not have run: check the module before running it again.`), { code: 'network', outcomeUnknown: true });
    }
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
  hint.append(Object.assign(document.createElement('p'), { className, textContent: message }));
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
  const got = await send('view→sw:status');
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

start().catch((e) => {
  showHint(e);
  hint.hidden = false;
  hint.prepend(Object.assign(document.createElement('p'), { className: 'sxr-error', textContent: e.message }));
});
