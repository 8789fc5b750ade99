// The respond view shared by the demo page, the portal element and the extension popup:
// observables → actions by module → confirmation → result. DOM only: the core decides
// (extraction, grouping, which observable an action targets, error classes and messages).
//
// mountRespondView(root, api, hooks) renders into `root` (an element or a shadow root).
//   api:   { find(text) → Promise<Findings>, actions(observables) → Promise<Actions>,
//            trigger(action) → Promise<TriggerResult>,    (a Client, or a message bridge)
//            verdicts?(observables) → Promise<Verdicts>, pivots?(observables) → Promise<Pivots>,
//            observe?(observables) → Promise<{ verdicts, sightings }>,
//            budget?() → Promise<{ remaining, limit?, text } | undefined> (shown under the actions) }
//          observe, when given, replaces the verdicts and sightings calls (one API call for both);
//          pivots are asked only when the person presses "Show pivots".
//          verdicts / pivots are optional: without them there is no enrichment UI. With them,
//          both are asked once per show(), in parallel with actions(); the actions list never
//          waits for them, and a failing enrichment never hides the respond flow.
//          Casebooks, Investigate links and sightings (issue 15, respond-intel.js) are optional too:
//            investigateUrl?(target), sightings?(observables), casebooks?(query),
//            createCasebook?(casebook), addToCasebook?(id, observables, note?),
//            casebookDraft?(includeUrl), pageUrl? (a page whose address a new casebook may name).
//          trigger(action, { casebook }) gets the casebook chosen in this view (for audit notes);
//          a result's (or error's) `auditNote` says whether the note was written.
//   hooks: { onTriggered(detail), onError(error), onEscape() }        (optional)
//          onEscape: Escape pressed in the view with no confirmation open (the first Escape
//          cancels a confirmation): the host closes its window or panel.
// Returns { show(text) } to start the flow for a text (a selection, a paste); show() resolves
// when the actions are listed, and `shown` (a promise on the object it returns) when the
// observables are (issue 25, item 5).
// Keyboard (issue 25, item 7): the first observable has focus when they are shown; "Jump to
// actions" goes to the first Run…; a confirmation and its result appear under the row whose
// Run… was pressed (item 6), and Cancel or the result gives that Run… the focus back.
// Reference hosts (item 8: the core marks them) are listed as context, unticked, their actions
// folded behind "Show actions for this reference host".
// Every string from the API is inserted as text (textContent / text nodes), never as HTML.
// Findings ({ observables, message? }) come from the core's findings(): what the text holds, or
// the line to show instead (the core refuses a text with nothing to look at).

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

import { investigateLinks, sightingsBadge, casebookPanel } from './respond-intel.js';

export function errorBox(e) {
  const detail = [];
  if (e.missingScopes?.length) detail.push(`Missing scopes: ${e.missingScopes.join(', ')}`);
  if (e.retryAfter !== undefined) detail.push(`Retry in ${e.retryAfter} s`);
  if (e.traceId) detail.push(`Trace id: ${e.traceId}`);
  // The code is for scripts and tests (data-code), not for people: the message says what to do.
  return el('div', { class: 'sxr-error', role: 'alert', 'data-code': e.code || 'error' },
    el('strong', {}, e.message || String(e)),
    detail.length ? el('div', { class: 'sxr-detail' }, detail.join(' · ')) : null);
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
  const enrichNotes = el('div', { class: 'sxr-enrich-notes' });
  const investigateAll = el('div', { class: 'sxr-investigate-slot-all' });
  let casebook = null; // the casebook created or chosen in this view: audit notes go there
  const chosenObservables = () => [...obsList.querySelectorAll('input:checked')].map((c) => {
    const o = observables[Number(c.dataset.i)];
    return { type: o.type, value: o.value };
  });
  let cbPanel = null; // made on the first show() whose api offers casebooks (a host may add them late)
  // A button, not a link: the view makes no link that content could be mistaken for.
  const skip = el('button', { type: 'button', class: 'sxr-skip' }, 'Jump to actions');
  skip.addEventListener('click', () => (modules.querySelector('.sxr-run') || listBtn).focus());
  const obsSection = el('section', { class: 'sxr-obs-section', hidden: '' }, el('h2', {}, 'Observables', ' ', skip), investigateAll, obsList, enrichNotes, listBtn);
  const actSection = el('section', { class: 'sxr-actions-section', hidden: '' }, el('h2', {}, 'Response actions'), modules);
  // A result is said where the row is and announced here: a live region in the tree from the
  // start (the result box itself moves and unhides, which screen readers do not announce).
  const announce = el('p', { class: 'sxr-announce sxr-sr', role: 'status' });
  view.append(status, obsSection, actSection, confirm, result, errors, announce);
  root.append(view);
  /** The confirmation and the result go back to their place at the end (hidden) before a new list. */
  const reset = () => {
    confirm.hidden = result.hidden = true;
    errors.before(confirm, result);
  };
  let returnTo = null; // the Run… button of the row whose confirmation or result is open

  // Escape: cancels an open confirmation (focus back to its Run…); otherwise the host closes.
  view.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    if (!confirm.hidden && !busy) cancelConfirm();
    else if (confirm.hidden) hooks.onEscape?.();
  });

  let observables = [];
  let busy = false;
  let generation = 0; // a newer show() makes older enrichment answers stale
  // Checked on every show(): a host may add or remove api.verdicts / api.pivots at any time.
  const enriching = () => ['verdicts', 'pivots', 'sightings', 'observe'].some((f) => typeof api[f] === 'function');

  const fail = (e) => {
    errors.replaceChildren(errorBox(e));
    // The same failure (no token, no network) already said by enrichment: say it once, here.
    for (const n of enrichNotes.querySelectorAll('.sxr-enrich-failed')) if (n.dataset.code === (e.code || 'error')) n.remove();
    hooks.onError?.(e);
  };
  const clear = () => errors.replaceChildren();

  function show(text) {
    let shown;
    const observed = new Promise((r) => { shown = r; });
    const done = showFlow(text, shown);
    done.shown = observed;
    return done;
  }

  async function showFlow(text, shown) {
    clear();
    reset();
    obsSection.hidden = actSection.hidden = true;
    generation++;
    status.textContent = 'Finding observables…';
    let found;
    try {
      found = await api.find(text);
    } catch (e) {
      status.textContent = '';
      shown();
      return fail(e);
    }
    observables = found.observables;
    status.textContent = found.message ?? '';
    const gen = generation;
    obsList.replaceChildren(...observables.map((o, i) => {
      const box = el('input', { type: 'checkbox', 'data-i': String(i) });
      box.checked = !o.reference; // a reference host is context: ticked only by the user
      const li = el('li', {}, el('label', {}, box, ' ', el('span', { class: 'sxr-type' }, o.type), ' ',
        el('span', { class: 'sxr-value' }, o.value),
        o.defanged ? el('span', { class: 'sxr-chip sxr-defanged', title: 'written defanged in the source' }, 'defanged') : null,
        o.unwrappedFrom ? el('span', { class: 'sxr-chip sxr-unwrapped', title: 'decoded out of a rewritten link' }, `unwrapped from ${o.unwrappedFrom}`) : null,
        o.reference ? el('span', { class: 'sxr-chip sxr-reference', title: 'a sandbox, search engine, mail gateway or console: context, not a threat; not ticked' }, 'reference host') : null,
        ' ', el('span', { class: 'sxr-investigate-slot' })));
      if (o.reference) li.dataset.reference = '1';
      return li;
    }));
    obsSection.hidden = observables.length === 0;
    obsList.querySelector('input')?.focus();
    shown();
    listBtn.disabled = observables.length === 0;
    // A host still reading its settings (the extension after the browser starts) says when they
    // are there: enrichment, casebooks and actions need them; the observables did not.
    if (api.ready) {
      try { await api.ready; } catch (e) { return fail(e); }
      if (gen !== generation) return; // a newer show() took over
    }
    const enrich = enriching();
    if (enrich) for (const li of obsList.children) li.append(el('div', { class: 'sxr-enrich' }));
    enrichNotes.replaceChildren();
    investigateAll.replaceChildren();
    casebook = null;
    cbPanel ??= casebookPanel(api, chosenObservables, (b) => { casebook = b; });
    if (cbPanel && !cbPanel.element.isConnected) obsSection.append(cbPanel.element);
    cbPanel?.reset();
    if (!observables.length) return;
    const asked = observables.map((o) => ({ type: o.type, value: o.value }));
    investigateLinks(api, asked, (i) => obsList.children[i]?.querySelector('.sxr-investigate-slot'), investigateAll, () => cbPanel?.open()); // not awaited
    if (enrich) enrichAll(observables.map((o) => ({ type: o.type, value: o.value })), generation); // not awaited
    await listActions();
  }

  async function listActions() {
    clear();
    const chosen = chosenObservables();
    listBtn.disabled = true;
    status.textContent = 'Asking the modules for response actions…';
    try {
      const r = await api.actions(chosen);
      reset();
      modules.replaceChildren(...r.modules.map(renderModule));
      if (!r.modules.length) modules.append(el('p', {}, 'No module offers a response action for these observables.'));
      actSection.hidden = false;
      status.textContent = '';
      showBudget(); // not awaited
    } catch (e) {
      status.textContent = '';
      fail(e);
    } finally {
      listBtn.disabled = false;
    }
  }
  listBtn.addEventListener('click', listActions);

  /** The organisation's API calls left this hour (the core's line), where calls are spent. */
  const budgetLine = el('p', { class: 'sxr-budget', role: 'status' });
  view.append(budgetLine);
  async function showBudget() {
    if (typeof api.budget !== 'function') return;
    try {
      budgetLine.textContent = (await api.budget())?.text ?? '';
    } catch {
      budgetLine.textContent = ''; // no client yet: nothing known to say
    }
  }

  // ----- enrichment: verdicts and pivots beside each observable -----

  const key = (o) => `${o.type}\u0000${o.value}`;
  const slots = () => {
    const m = new Map();
    for (const li of obsList.children) {
      const i = li.querySelector('input[data-i]')?.dataset.i;
      const slot = li.querySelector('.sxr-enrich');
      if (i !== undefined && slot) m.set(key(observables[Number(i)]), slot);
    }
    return m;
  };

  /** Asks verdicts and pivots in parallel; each renders when it arrives. Never rejects. */
  function enrichAll(asked, gen) {
    for (const slot of slots().values()) {
      slot.replaceChildren(
        typeof api.verdicts === 'function' ? el('span', { class: 'sxr-pending', title: 'asking the enrichment modules' }, 'verdict…') : null,
        typeof api.pivots === 'function' ? el('span', { class: 'sxr-pivots' }) : null);
    }
    const current = () => gen === generation;
    const failures = [];
    const failed = (what, e) => {
      if (!current()) return;
      failures.push(e);
      for (const p of obsList.querySelectorAll(what === 'verdicts' ? '.sxr-pending' : what === 'sightings' ? '.sxr-seen-pending' : '.sxr-pivots:empty')) p.remove();
      if (e?.code === 'missing-scope') {
        if (enrichNotes.querySelector('.sxr-enrich-scope')) return; // said once
        enrichNotes.prepend(el('p', { class: 'sxr-enrich-scope', 'data-code': 'missing-scope' },
          'Verdicts and pivots need the enrich:read scope (sightings too). Add it to the API client in Threat Response / XDR to see them here; responding works without it.'));
        return;
      }
      const code = e?.code || 'error';
      if (errors.querySelector(`.sxr-error[data-code="${CSS.escape(code)}"]`)) return; // the flow's own error says it
      enrichNotes.append(el('p', { class: 'sxr-enrich-error sxr-enrich-failed', 'data-code': code, 'data-part': what },
        `${{ verdicts: 'Verdicts', sightings: 'Sightings' }[what] ?? 'Pivots'} unavailable: ${e?.message || String(e)}`));
    };
    const jobs = [];
    const seenPending = () => { for (const slot of slots().values()) slot.append(el('span', { class: 'sxr-seen-pending sxr-pending', title: 'asking where it was seen' }, 'sightings…')); };
    if (typeof api.observe === 'function') {
      // One observe call carries the verdicts and the sightings (contract §2c).
      seenPending();
      jobs.push(Promise.resolve().then(() => api.observe(asked)).then(
        // One answer, one set of module errors: said once (with the verdicts).
        (r) => { if (current()) { renderVerdicts(r.verdicts); renderSightings({ ...r.sightings, errors: [] }); } },
        (e) => { failed('verdicts', e); for (const p of obsList.querySelectorAll('.sxr-seen-pending')) p.remove(); }));
    } else {
      if (typeof api.verdicts === 'function') {
        jobs.push(Promise.resolve().then(() => api.verdicts(asked)).then(
          (r) => { if (current()) renderVerdicts(r); }, (e) => failed('verdicts', e)));
      }
      if (typeof api.sightings === 'function') {
        seenPending();
        jobs.push(Promise.resolve().then(() => api.sightings(asked)).then(
          (r) => { if (current()) renderSightings(r); }, (e) => failed('sightings', e)));
      }
    }
    if (typeof api.pivots === 'function') {
      // Pivots cost a call and most responds never open one: asked on the person's click.
      const load = el('button', { type: 'button', class: 'sxr-pivots-load' }, 'Show pivots');
      load.addEventListener('click', () => {
        load.disabled = true;
        Promise.resolve().then(() => api.pivots(asked)).then(
          (r) => { if (current()) { load.remove(); renderPivots(r); } }, (e) => { load.remove(); failed('pivots', e); });
      }, { once: true });
      enrichNotes.append(load);
    }
    return Promise.all(jobs);
  }

  /** [observable, its slot] for each observable of answer `r` shown here, its `pending` marker removed. */
  function* answered(r, pending) {
    const by = slots();
    for (const o of r?.observables || []) {
      const slot = by.get(key(o));
      if (!slot) continue;
      slot.querySelector(pending)?.remove();
      yield [o, slot];
    }
  }

  function renderVerdicts(r) {
    for (const [o, slot] of answered(r, '.sxr-pending')) {
      const verdicts = o.verdicts || [];
      const summary = el('summary', { class: 'sxr-badge', 'data-disposition': String(o.disposition),
        title: verdicts.length ? 'Show each module\u2019s verdict' : 'No module has a verdict for this observable' }, o.dispositionName);
      // divs, not a nested list: `.sxr-observables li` stays one item per observable
      const list = el('div', { class: 'sxr-verdict-list' }, ...verdicts.map((v) => el('div', { class: 'sxr-verdict-item' },
        el('span', { class: 'sxr-verdict-module' }, v.module), ': ',
        el('span', { class: 'sxr-verdict-name', 'data-disposition': String(v.disposition) }, v.dispositionName),
        v.valid || v.endTime ? el('small', { class: 'sxr-verdict-time', title: v.endTime || '' }, ` ${v.valid || `until ${v.endTime}`}`) : null)));
      if (!verdicts.length) list.append(el('div', { class: 'sxr-verdict-item' }, 'No module has a verdict for this observable.'));
      slot.prepend(el('details', { class: 'sxr-verdict', 'data-disposition': String(o.disposition) }, summary, list));
      if (o.hint) slot.querySelector('.sxr-verdict').after(el('span', { class: 'sxr-hint' }, o.hint));
    }
    for (const p of obsList.querySelectorAll('.sxr-pending')) p.remove();
    moduleNotes(r?.errors, 'verdicts');
  }

  /** "Seen on N of your hosts" after the verdict badge (before the pivots). */
  function renderSightings(r) {
    for (const [o, slot] of answered(r, '.sxr-seen-pending')) {
      const badge = sightingsBadge(o);
      const verdict = slot.querySelector('.sxr-verdict');
      if (verdict) verdict.after(badge);
      else slot.prepend(badge);
    }
    for (const p of obsList.querySelectorAll('.sxr-seen-pending')) p.remove();
    moduleNotes(r?.errors, 'sightings');
  }

  function renderPivots(r) {
    const by = slots();
    const general = [];
    for (const p of r?.pivots || []) {
      const slot = p.observable ? by.get(key(p.observable)) : null;
      const link = pivotLink(p);
      if (slot) slot.querySelector('.sxr-pivots')?.append(link);
      else general.push(link);
    }
    if (general.length) enrichNotes.append(el('div', { class: 'sxr-pivots sxr-pivots-general' }, 'Pivots: ', ...general));
    for (const empty of obsList.querySelectorAll('.sxr-pivots:empty')) empty.remove();
    moduleNotes(r?.errors, 'pivots');
  }

  /** A link (new tab, no opener) only when the core marked it clickable (absolute https); otherwise plain text. */
  function pivotLink(p) {
    const label = p.title || p.url;
    const title = [p.module, p.description].filter(Boolean).join(': ');
    const node = p.clickable === true
      ? el('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer' }, label)
      : el('span', { class: 'sxr-pivot-inert' }, label, el('small', {}, ' (not a https link; not opened)'));
    node.classList.add('sxr-pivot');
    if (title) node.setAttribute('title', title);
    return node;
  }

  /** Per-module errors and warnings of an enrichment answer (a slow module, a failing one). */
  function moduleNotes(errs, what) {
    for (const err of errs || []) {
      const warning = err.type === 'warning';
      enrichNotes.append(el('p', { class: 'sxr-enrich-error', 'data-code': err.code || 'module-error', 'data-part': what },
        `${err.module || ({ verdicts: 'A verdict module', sightings: 'A sightings module' }[what] ?? 'A pivot module')}${what === 'sightings' ? ' (sightings)' : ''}: ${err.message || err.code || 'module error'}${warning ? ' (warning)' : ''}`));
    }
  }

  function renderModule(m) {
    const box = el('div', { class: 'sxr-module', 'data-module': m.module }, el('h3', {}, m.module));
    for (const err of m.errors) {
      box.append(el('p', { class: 'sxr-module-error' }, `${err.type === 'warning' ? 'Warning' : 'Error'}: ${err.message || err.code || 'module error'}`));
    }
    // The core marked the reference hosts in the findings: their actions wait behind a second click.
    const reference = new Set(observables.filter((o) => o.reference).map(key));
    const folded = new Map(); // a reference host → its <details>
    for (const a of m.actions) {
      const run = el('button', { type: 'button', class: 'sxr-run' }, 'Run…');
      const row = el('div', { class: 'sxr-action' }, run, el('div', {},
        el('strong', { class: 'sxr-title' }, a.title), ' ',
        ...a.categories.map((c) => el('span', { class: 'sxr-chip' }, c)),
        el('div', { class: 'sxr-desc' }, a.description),
        a.observable ? el('small', { class: 'sxr-target' }, `${a.observable.type} ${a.observable.value}`) : null));
      run.addEventListener('click', () => askConfirm(a, row, run));
      const k = a.observable ? key(a.observable) : null;
      if (k === null || !reference.has(k)) {
        box.append(row);
        continue;
      }
      if (!folded.has(k)) {
        const d = el('details', { class: 'sxr-reference-actions' },
          el('summary', {}, `Show actions for this reference host (${a.observable.value})`));
        folded.set(k, d);
        box.append(d);
      }
      folded.get(k).append(row);
    }
    return box;
  }

  function askConfirm(action, row, run) {
    if (busy) return;
    clear();
    result.hidden = true;
    returnTo = run;
    const on = action.observable ? ` on ${action.observable.type} “${action.observable.value}”` : '';
    const go = el('button', { type: 'button', class: 'sxr-confirm-run sxr-danger' }, 'Run action');
    const cancel = el('button', { type: 'button', class: 'sxr-confirm-cancel' }, 'Cancel');
    confirm.replaceChildren(el('p', { class: 'sxr-confirm-text' }, `Run “${action.title}” from ${action.module}${on}?`), go, cancel,
      el('small', { class: 'sxr-confirm-keys' }, ' Esc cancels'));
    row.after(confirm, result); // under the row that was clicked, not at the end of a long page
    confirm.hidden = false;
    announce.textContent = ''; // the same result twice is announced twice
    cancel.addEventListener('click', cancelConfirm);
    go.addEventListener('click', () => runConfirmed(action, go, cancel), { once: true });
    go.focus();
    confirm.scrollIntoView?.({ block: 'nearest' });
  }

  /** Cancel (or Escape): the confirmation goes, the focus returns to the row's Run…. */
  function cancelConfirm() {
    confirm.hidden = true;
    backToRow();
  }

  function backToRow() {
    if (returnTo?.isConnected) returnTo.focus();
  }

  async function runConfirmed(action, go, cancel) {
    busy = true;
    go.disabled = cancel.disabled = true; // one confirmation, one trigger
    status.textContent = `Running “${action.title}”…`;
    try {
      const r = await api.trigger(action, { casebook: casebook?.id });
      const audit = auditLine(r.auditNote);
      result.replaceChildren(el('p', { class: r.succeeded ? 'sxr-success' : 'sxr-failure' },
        r.succeeded ? `Done: “${action.title}” succeeded (${action.module}).` : `“${action.title}” failed (${action.module}).`),
        ...r.errors.map((e) => el('p', { class: 'sxr-module-error' }, e.message || e.code || '')),
        ...(audit ? [audit] : []));
      result.hidden = false;
      hooks.onTriggered?.({ action, result: r });
    } catch (e) {
      // Said under the row (where the eyes are), once: not again at the end of the page.
      const line = auditLine(e?.auditNote);
      result.replaceChildren(errorBox(e), ...(line ? [line] : []));
      result.hidden = false;
      hooks.onError?.(e);
    } finally {
      busy = false;
      status.textContent = '';
      announce.textContent = [...result.children].map((c) => c.textContent).join(' ');
      confirm.hidden = true;
      backToRow();
      result.scrollIntoView?.({ block: 'nearest' });
    }
  }

  /** Whether the audit note reached the chosen casebook (null when none was asked for). */
  function auditLine(note) {
    if (!note) return null;
    return note.error
      ? el('p', { class: 'sxr-audit sxr-audit-failed', 'data-code': note.error.code || 'error' }, `Audit note not written: ${note.error.message}`)
      : el('p', { class: 'sxr-audit' }, `Audit note added to “${note.casebook}”: ${note.text}`);
  }

  return { show };
}
