// Demo portal in proxy mode (recommended): the page holds no token at all. The element calls the
// portal's own /securex/iroh/* and /securex/ctia/* with the portal's session cookie; the portal's
// back end (here the demo server, xtask/src/proxy.rs) checks the session, adds the token it holds
// and forwards to Threat Response. Nothing to configure on the element but `proxy base-url`.
import './securex-respond-element.js';

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const respond = /** @type {import('./securex-respond-element.js').SecureXRespondElement} */ (document.getElementById('respond'));

// Demo only: the portal's sign-in. `?tenant=<client_id>` picks a stand-in API client a test
// registered with the demo back end; a real portal has its own sign-in and picks the API client
// from its session, server-side.
const tenant = new URLSearchParams(location.search).get('tenant');
const loginUrl = tenant ? `/demo/login?tenant=${encodeURIComponent(tenant)}` : '/demo/login';

async function signIn() {
  const r = await fetch(loginUrl, { method: 'POST', credentials: 'same-origin' });
  if (!r.ok) throw new Error(`the demo portal's sign-in failed: HTTP ${r.status}`);
  $('session').textContent = 'Signed in to the portal (session cookie, HttpOnly).';
  $('sign-out').hidden = false;
}

async function signOut() {
  await fetch('/demo/logout', { method: 'POST', credentials: 'same-origin' });
  $('session').textContent = 'Signed out of the portal.';
  $('sign-out').hidden = true;
}

async function start() {
  await signIn();
  respond.addEventListener('respond-triggered', (e) => {
    $('status').textContent = `Ran “${e.detail.action.title}” (${e.detail.action.module}): ${e.detail.result.status}.`;
  });
  respond.addEventListener('respond-error', (e) => {
    $('status').textContent = `Threat Response: ${e.detail.code || 'error'}.`;
  });
  $('sign-out').addEventListener('click', signOut);
  $('respond-all').disabled = false;
  $('respond-all').addEventListener('click', () => respond.respond($('ticket-body').innerText));
  $('status').textContent = 'Ready. Proxy mode: the portal back end holds the token; none in this page.';
}

start().catch((e) => { $('status').textContent = `Could not start: ${e.message}`; });
