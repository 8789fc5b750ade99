// Demo page: DOM only. Every decision (extraction, grouping, errors, retries) is in the core.
// The page never holds the client secret: its token provider asks the demo back end, which
// exchanges the demo credentials server-side (the pattern a portal copies).
import init, { Client } from './pkg/securex_respond.js';

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c); // strings become text nodes, never HTML
  return e;
};

let client;
let observables = [];
let pending = null;

async function tokenProvider() {
  const r = await fetch('/demo/token', { method: 'POST' });
  const body = await r.json();
  if (!r.ok) throw Object.assign(new Error(body.error || `HTTP ${r.status}`), { code: 'invalid-credentials' });
  return body;
}

function showError(e) {
  const box = $('error');
  box.replaceChildren(el('strong', {}, e.message || String(e)), ' ', el('code', {}, `(${e.code || 'error'})`));
  box.hidden = false;
}

function clearError() { $('error').hidden = true; }

async function start() {
  await init();
  const config = await (await fetch('/demo-config.json')).json();
  client = new Client({ baseUrl: config.baseUrl, tokenProvider });
  $('status').textContent = `Connected to ${client.baseUrl} (token via the demo back end; no secret in this page).`;
  $('find').disabled = false;
}

$('find').addEventListener('click', async () => {
  clearError();
  $('find').disabled = true;
  try {
    observables = await client.inspect($('text').value);
    const list = $('observables');
    list.replaceChildren(...observables.map((o, i) => el('li', {},
      el('label', {}, Object.assign(el('input', { type: 'checkbox', 'data-i': String(i) }), { checked: true }), ' ',
        el('span', { class: 'type' }, o.type), o.value))));
    if (observables.length === 0) list.append(el('li', {}, 'No observables found in this text.'));
    $('obs-section').hidden = false;
    $('list').disabled = observables.length === 0;
  } catch (e) { showError(e); } finally { $('find').disabled = false; }
});

$('list').addEventListener('click', async () => {
  clearError();
  const chosen = [...document.querySelectorAll('#observables input:checked')].map((c) => observables[Number(c.dataset.i)]);
  $('list').disabled = true;
  try {
    const result = await client.actions(chosen);
    $('modules').replaceChildren(...result.modules.map(renderModule));
    if (result.modules.length === 0) $('modules').append(el('p', {}, 'No module offers an action for these observables.'));
    $('actions-section').hidden = false;
  } catch (e) { showError(e); } finally { $('list').disabled = false; }
});

function renderModule(m) {
  const box = el('div', { class: 'module' }, el('h3', {}, m.module));
  for (const err of m.errors) box.append(el('p', { class: 'module-error' }, `${m.module}: ${err.message || err.code || 'module error'}`));
  for (const a of m.actions) {
    const run = el('button', {}, 'Run…');
    run.addEventListener('click', () => askConfirm(a));
    const target = a.observable ? `${a.observable.type} ${a.observable.value}` : '';
    box.append(el('div', { class: 'action' }, run, el('div', {},
      el('strong', {}, a.title), ' ', ...a.categories.map((c) => el('span', { class: 'chip' }, c)),
      el('div', { class: 'desc' }, a.description), el('small', {}, target))));
  }
  return box;
}

function askConfirm(action) {
  pending = action;
  const on = action.observable ? ` on ${action.observable.type} ${action.observable.value}` : '';
  $('confirm-text').textContent = `Run “${action.title}” from ${action.module}${on}?`;
  $('confirm-run').disabled = false;
  $('confirm').hidden = false;
  $('result').hidden = true;
}

$('confirm-cancel').addEventListener('click', () => { pending = null; $('confirm').hidden = true; });

$('confirm-run').addEventListener('click', async () => {
  if (!pending) return;
  const action = pending;
  pending = null; // one confirmation, one trigger
  $('confirm-run').disabled = true;
  clearError();
  try {
    const r = await client.trigger(action);
    const ok = r.status === 'success';
    $('result-body').replaceChildren(el('p', { class: ok ? 'success' : 'failure' },
      ok ? `Done: “${action.title}” succeeded (${action.module}).` : `“${action.title}” failed (${action.module}).`),
      ...r.errors.map((e) => el('p', {}, e.message || e.code || '')));
    $('result').hidden = false;
  } catch (e) { showError(e); } finally { $('confirm').hidden = true; }
});

start().catch((e) => { $('status').textContent = 'Could not start.'; showError(e); });
