// Options: region or custom base URL, client id + secret, where to remember the secret, and
// "Test connection". Saving and testing happen in the service worker; this page never reads the
// stored secret back (it only learns whether one is saved).
import { errorBox } from './respond-view.js';
import { send } from './bridge.js';

const $ = (id) => document.getElementById(id);
const SCOPES = [
  ['inspect:read', 'find observables with the Inspect API'],
  ['response', 'list and run response actions'],
  ['enrich:read', 'optional: verdicts and pivots'],
];
let loaded = null;

function form() {
  const custom = $('region').value === 'custom';
  return {
    region: custom ? '' : $('region').value,
    baseUrl: custom ? $('baseUrl').value.trim() : '',
    clientId: $('clientId').value.trim(),
    clientSecret: $('clientSecret').value,
    remember: document.querySelector('input[name=remember]:checked').value,
  };
}

function fill(s) {
  loaded = s;
  $('region').value = s.baseUrl ? 'custom' : (s.region || 'us');
  $('baseUrl').value = s.baseUrl || '';
  $('baseUrlRow').hidden = $('region').value !== 'custom';
  $('clientId').value = s.clientId || '';
  $('clientSecret').value = '';
  $('clientSecret').placeholder = {
    policy: 'set by your administrator',
    saved: `saved for ${s.secretFor} — leave empty to keep it for that host`,
    dev: 'the dev configuration\'s demo secret',
  }[s.secretFrom] || (s.secretFor ? `enter it again: the saved one is for ${s.secretFor} only` : '');
  document.querySelector(`input[name=remember][value=${s.remember === 'session' ? 'session' : 'device'}]`).checked = true;
  const byPolicy = new Set(s.managed || []);
  const lockAll = s.locked;
  // The administrator's secret goes only to the policy's host (or the default region): no host choice here.
  $('region').disabled = $('baseUrl').disabled = lockAll || byPolicy.has('region') || byPolicy.has('baseUrl') || byPolicy.has('clientSecret');
  $('clientId').disabled = lockAll || byPolicy.has('clientId');
  $('clientSecret').disabled = lockAll || byPolicy.has('clientSecret');
  for (const r of document.querySelectorAll('input[name=remember]')) r.disabled = lockAll || byPolicy.has('clientSecret');
  $('save').disabled = lockAll;
  $('enrich').checked = s.enrich !== false;
  const notice = $('managed');
  notice.hidden = !(lockAll || byPolicy.size);
  notice.textContent = lockAll
    ? 'Your administrator manages these settings; they cannot be changed here.'
    : `Set by your administrator: ${[...byPolicy].join(', ')}.${byPolicy.has('clientSecret') && !byPolicy.has('region') && !byPolicy.has('baseUrl')
      ? ' Their client secret is only sent to the default region (US), because the policy names no region or base URL.' : ''}`;
}

/** A custom base URL needs its host permission, asked on the user's click (before any await). */
function askOrigin(f) {
  if (!f.baseUrl) return Promise.resolve(true);
  let u;
  try { u = new URL(f.baseUrl); } catch { return Promise.resolve(true); } // the core names the problem
  return chrome.permissions.request({ origins: [`${u.protocol}//${u.hostname}/*`] }).catch(() => false);
}

function deniedError(f) {
  return { code: 'bad-input', message: `Allow the extension to reach ${new URL(f.baseUrl).host} (the browser asks when you save or test), or choose a region.` };
}

async function save(e) {
  e.preventDefault();
  const f = form();
  const granted = askOrigin(f);
  $('result').replaceChildren();
  try {
    if (!(await granted)) throw deniedError(f);
    fill(await send('options→sw:save', { settings: f }));
    $('status').textContent = 'Saved.';
  } catch (err) {
    $('status').textContent = '';
    $('result').replaceChildren(errorBox(err));
  }
}

async function test() {
  const f = form();
  const granted = askOrigin(f);
  $('test').disabled = true;
  $('status').textContent = 'Testing…';
  $('result').replaceChildren();
  try {
    if (!(await granted)) throw deniedError(f);
    const info = await send('options→sw:test', { settings: f });
    $('result').replaceChildren(renderInfo(info));
    $('status').textContent = '';
  } catch (err) {
    $('status').textContent = '';
    $('result').replaceChildren(errorBox(err));
  } finally {
    $('test').disabled = false;
  }
}

function renderInfo(info) {
  const missing = new Set(info.missingScopes || []);
  if (!info.enrich) missing.add('enrich:read');
  const box = document.createElement('div');
  box.className = 'connection';
  const head = document.createElement('p');
  const required = (info.missingScopes || []).filter((s) => s !== 'enrich:read');
  head.className = required.length ? 'sxr-failure' : 'ok';
  head.textContent = required.length
    ? `Connected to ${info.baseUrl}, but the API client lacks: ${required.join(', ')}. Add ${required.length > 1 ? 'these scopes' : 'this scope'} to the API client in Threat Response / XDR.`
    : `Connected to ${info.baseUrl}. The API client has the scopes it needs.`;
  const table = document.createElement('table');
  table.className = 'scopes';
  for (const [scope, why] of SCOPES) {
    const tr = table.insertRow();
    tr.dataset.scope = scope;
    tr.dataset.state = missing.has(scope) ? 'missing' : 'granted';
    tr.insertCell().textContent = scope;
    tr.insertCell().textContent = missing.has(scope) ? 'missing' : 'granted';
    tr.insertCell().textContent = why;
  }
  const all = document.createElement('p');
  all.className = 'muted';
  all.textContent = `Granted scopes: ${(info.scopes || []).join(' ') || '(none)'}`;
  box.append(head, table, all);
  return box;
}

$('region').addEventListener('change', () => { $('baseUrlRow').hidden = $('region').value !== 'custom'; });
$('form').addEventListener('submit', save);
$('test').addEventListener('click', test);
// A display preference, saved at once (not part of the credentials form, not locked by policy).
$('enrich').addEventListener('change', async () => {
  $('enrichStatus').textContent = '';
  try {
    const s = await send('options→sw:prefs', { prefs: { enrich: $('enrich').checked } });
    $('enrich').checked = s.enrich !== false;
    $('enrichStatus').textContent = 'Saved.';
  } catch (err) {
    $('result').replaceChildren(errorBox(err));
  }
});

send('options→sw:load').then((s) => { fill(s); document.body.dataset.ready = '1'; },
  (err) => $('result').replaceChildren(errorBox(err)));
