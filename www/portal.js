// Demo portal: what a real portal writes around <securex-respond>. The page never holds the API
// client secret; its token provider asks the portal's own back end (here the demo server's
// POST /demo/token), which exchanges the credentials server-side and returns only a token.
import './securex-respond-element.js';

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const respond = /** @type {import('./securex-respond-element.js').SecureXRespondElement} */ (document.getElementById('respond'));

// Demo only: `?tenant=<client_id>` picks a stand-in API client a test registered with the demo
// back end. A real portal picks the API client from its own session, server-side.
const tenant = new URLSearchParams(location.search).get('tenant');
const tokenUrl = tenant ? `/demo/token?tenant=${encodeURIComponent(tenant)}` : '/demo/token';

async function tokenProvider() {
  const r = await fetch(tokenUrl, { method: 'POST', credentials: 'same-origin' });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || `HTTP ${r.status}`); // the core names it (invalid-credentials)
  return { accessToken: body.accessToken, expiresIn: body.expiresIn };
}

async function start() {
  // A real portal writes region="us|eu|apjc" on the element; the demo points at the stand-in.
  const config = await (await fetch('/demo-config.json')).json();
  respond.baseUrl = config.baseUrl;
  respond.privateIntelUrl = config.privateIntelUrl; // casebooks (a region brings its own)
  respond.tokenProvider = tokenProvider;
  respond.addEventListener('respond-triggered', (e) => {
    $('status').textContent = `Ran “${e.detail.action.title}” (${e.detail.action.module}): ${e.detail.result.status}.`;
  });
  respond.addEventListener('respond-error', (e) => {
    $('status').textContent = `Threat Response: ${e.detail.code || 'error'}.`;
  });
  $('respond-all').disabled = false;
  $('respond-all').addEventListener('click', () => respond.respond(document.getElementById('ticket-body').innerText));
  $('status').textContent = 'Ready. Token via the portal back end; no secret in this page.';
}

start().catch((e) => { $('status').textContent = `Could not start: ${e.message}`; });
