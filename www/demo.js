// Demo page: wires a Client to the shared respond view. The page never holds the client
// secret: its token provider asks the demo back end, which exchanges the demo credentials
// server-side (the pattern a portal copies).
import init, { Client, findings, say, setLocale, viewLabels } from './pkg/securex_respond.js';
import { mountRespondView, errorBox } from './respond-view.js';

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

async function tokenProvider() {
  const r = await fetch('/demo/token', { method: 'POST' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || `HTTP ${r.status}`); // the core names it (invalid-credentials)
  return body;
}

async function start() {
  await init();
  setLocale('', navigator.languages); // the demo follows the browser's language
  const config = await (await fetch('/demo-config.json')).json();
  const client = new Client({ baseUrl: config.baseUrl, tokenProvider });
  const view = mountRespondView($('respond'), {
    find: (text) => findings(text, $('inspect').checked ? () => client.inspect(text) : undefined),
    actions: (observables) => client.actions(observables),
    trigger: (action) => client.trigger(action),
    verdicts: (observables) => client.verdicts(observables), // badges beside each observable
    pivots: (observables) => client.pivots(observables),     // links to look them up elsewhere
  });
  $('status').textContent = say({ id: 'demoConnected', baseUrl: client.baseUrl });
  $('find').disabled = false;
  $('find').addEventListener('click', () => view.show($('text').value));
}

start().catch((e) => {
  // Without the core there are no words but the loader's: its error says what failed.
  try { $('status').textContent = viewLabels().couldNotStart; $('respond').replaceChildren(errorBox(e)); } catch { $('status').textContent = String(e); }
});
