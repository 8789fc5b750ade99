// The respond view shared by the demo page, the portal element and the extension popup:
// observables → actions by module → confirmation → result. DOM only: the core decides
// (extraction, grouping, which observable an action targets, error classes and messages).
//
// mountRespondView(root, api, hooks) renders into `root` (an element or a shadow root).
//   api:   { find(text) → Promise<Observable[]>, actions(observables) → Promise<Actions>,
//            trigger(action) → Promise<TriggerResult> }   (a Client, or a message bridge)
//   hooks: { onTriggered(detail), onError(error) }        (optional)
// Returns { show(text) } to start the flow for a text (a selection, a paste).
// Every string from the API is inserted as text (textContent / text nodes), never as HTML.

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Only https: links become clickable, in a new tab, without an opener. */
export function safeLink(url, label) {
  let u;
  try { u = new URL(url); } catch { return el('span', {}, label); }
  if (u.protocol !== 'https:') return el('span', {}, label);
  return el('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer' }, label);
}

export function errorBox(e) {
  const detail = [];
  if (e.missingScopes?.length) detail.push(`Missing scopes: ${e.missingScopes.join(', ')}`);
  if (e.retryAfter !== undefined) detail.push(`Retry in ${e.retryAfter} s`);
  if (e.traceId) detail.push(`Trace id: ${e.traceId}`);
  return el('div', { class: 'sxr-error', role: 'alert', 'data-code': e.code || 'error' },
    el('strong', {}, e.message || String(e)),
    detail.length ? el('div', { class: 'sxr-detail' }, detail.join(' · ')) : null,
    el('code', {}, e.code || 'error'));
}

export function mountRespondView(root, api, hooks = {}) {
  const view = el('div', { class: 'sxr-view' });
  const status = el('p', { class: 'sxr-status', role: 'status' });
  const obsList = el('ul', { class: 'sxr-observables' });
  const listBtn = el('button', { class: 'sxr-list', type: 'button' }, 'List response actions');
  const modules = el('div', { class: 'sxr-modules' });
  const confirm = el('div', { class: 'sxr-confirm', hidden: '' });
  const result = el('div', { class: 'sxr-result', hidden: '' });
  const errors = el('div', { class: 'sxr-errors' });
  const obsSection = el('section', { class: 'sxr-obs-section', hidden: '' }, el('h2', {}, 'Observables'), obsList, listBtn);
  const actSection = el('section', { class: 'sxr-actions-section', hidden: '' }, el('h2', {}, 'Response actions'), modules);
  view.append(status, obsSection, actSection, confirm, result, errors);
  root.append(view);

  let observables = [];
  let busy = false;

  const fail = (e) => {
    errors.replaceChildren(errorBox(e));
    hooks.onError?.(e);
  };
  const clear = () => errors.replaceChildren();

  async function show(text) {
    clear();
    obsSection.hidden = actSection.hidden = confirm.hidden = result.hidden = true;
    status.textContent = 'Finding observables…';
    try {
      observables = await api.find(text);
    } catch (e) {
      status.textContent = '';
      return fail(e);
    }
    status.textContent = observables.length ? '' : 'No observables found in this text.';
    obsList.replaceChildren(...observables.map((o, i) => {
      const box = el('input', { type: 'checkbox', 'data-i': String(i) });
      box.checked = true;
      return el('li', {}, el('label', {}, box, ' ', el('span', { class: 'sxr-type' }, o.type), ' ',
        el('span', { class: 'sxr-value' }, o.value),
        o.defanged ? el('span', { class: 'sxr-chip sxr-defanged', title: 'written defanged in the source' }, 'defanged') : null));
    }));
    obsSection.hidden = observables.length === 0;
    listBtn.disabled = observables.length === 0;
    if (observables.length) await listActions();
  }

  async function listActions() {
    clear();
    const chosen = [...obsList.querySelectorAll('input:checked')].map((c) => {
      const o = observables[Number(c.dataset.i)];
      return { type: o.type, value: o.value };
    });
    if (!chosen.length) return fail({ code: 'bad-input', message: 'Select at least one observable.' });
    listBtn.disabled = true;
    status.textContent = 'Asking the modules for response actions…';
    try {
      const r = await api.actions(chosen);
      modules.replaceChildren(...r.modules.map(renderModule));
      if (!r.modules.length) modules.append(el('p', {}, 'No module offers a response action for these observables.'));
      actSection.hidden = false;
      status.textContent = '';
    } catch (e) {
      status.textContent = '';
      fail(e);
    } finally {
      listBtn.disabled = false;
    }
  }
  listBtn.addEventListener('click', listActions);

  function renderModule(m) {
    const box = el('div', { class: 'sxr-module', 'data-module': m.module }, el('h3', {}, m.module));
    for (const err of m.errors) {
      box.append(el('p', { class: 'sxr-module-error' }, `${err.type === 'warning' ? 'Warning' : 'Error'}: ${err.message || err.code || 'module error'}`));
    }
    for (const a of m.actions) {
      const run = el('button', { type: 'button', class: 'sxr-run' }, 'Run…');
      run.addEventListener('click', () => askConfirm(a));
      box.append(el('div', { class: 'sxr-action' }, run, el('div', {},
        el('strong', { class: 'sxr-title' }, a.title), ' ',
        ...a.categories.map((c) => el('span', { class: 'sxr-chip' }, c)),
        el('div', { class: 'sxr-desc' }, a.description),
        a.observable ? el('small', { class: 'sxr-target' }, `${a.observable.type} ${a.observable.value}`) : null)));
    }
    return box;
  }

  function askConfirm(action) {
    if (busy) return;
    clear();
    result.hidden = true;
    const on = action.observable ? ` on ${action.observable.type} “${action.observable.value}”` : '';
    const go = el('button', { type: 'button', class: 'sxr-confirm-run sxr-danger' }, 'Run action');
    const cancel = el('button', { type: 'button', class: 'sxr-confirm-cancel' }, 'Cancel');
    confirm.replaceChildren(el('p', { class: 'sxr-confirm-text' }, `Run “${action.title}” from ${action.module}${on}?`), go, cancel);
    confirm.hidden = false;
    cancel.addEventListener('click', () => { confirm.hidden = true; });
    go.addEventListener('click', () => runConfirmed(action, go, cancel), { once: true });
    go.focus();
  }

  async function runConfirmed(action, go, cancel) {
    busy = true;
    go.disabled = cancel.disabled = true; // one confirmation, one trigger
    status.textContent = `Running “${action.title}”…`;
    try {
      const r = await api.trigger(action);
      const ok = r.status === 'success';
      result.replaceChildren(el('p', { class: ok ? 'sxr-success' : 'sxr-failure' },
        ok ? `Done: “${action.title}” succeeded (${action.module}).` : `“${action.title}” failed (${action.module}).`),
        ...r.errors.map((e) => el('p', { class: 'sxr-module-error' }, e.message || e.code || '')));
      result.hidden = false;
      hooks.onTriggered?.({ action, result: r });
    } catch (e) {
      fail(e);
    } finally {
      busy = false;
      status.textContent = '';
      confirm.hidden = true;
    }
  }

  return { show };
}
