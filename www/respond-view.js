// The respond view shared by the demo page, the portal element and the extension popup:
// one card per observable (issue 23, item 5: its value, the Unicode form of an IDN, type,
// verdict, sightings, pivots, and the actions that target it grouped by module), the actions
// with no single target in a general group after the cards → confirmation → result. DOM only:
// the core decides (extraction, which card an action goes to, the folds, error classes and
// messages) and writes every word (src/view: labels, cards, the confirmation, results, errors).
// Actions on an observable rated Clean or Common wait under "more" (the core's fold), placed
// again when the verdicts arrive: only the fold opens or closes, never under an open
// confirmation, a shown result or the focus, and an open confirmation then names the verdict.
// The host loads the wasm core before the first show(), or says when it has (`api.loaded`).
//
// mountRespondView(root, api, hooks) renders into `root` (an element or a shadow root).
//   api:   { loaded?: Promise (settles when the host's wasm core is loaded; else it is already),
//            find(text) → Promise<Findings>, actions(observables) → Promise<Actions>,
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
// actions" goes to the first Run… not folded; a confirmation and its result appear under the row whose
// Run… was pressed (item 6), and Cancel or the result gives that Run… the focus back.
// Reference hosts (item 8: the core marks them) are listed as context, unticked, their card's
// actions folded behind "Show actions for this reference host".
// Every string from the API is inserted as text (textContent / text nodes), never as HTML.
// Findings ({ observables, message? }) come from the core's findings(): what the text holds, or
// the line to show instead (the core refuses a text with nothing to look at).

import * as core from './pkg/securex_respond.js';
import { el, alertBox } from './dom.js';
import { investigateLinks, sightingsBadge, casebookPanel } from './respond-intel.js';

let labels = null;
/** The core's labels (read once, after the host loaded the core). */
export const words = () => (labels ??= core.viewLabels());

/**
 * An error box in the core's words (message, detail line); the portal element's loader error
 * (`load-failed`: the core is what did not load) comes already in that form.
 */
export const errorBox = (e) => alertBox(e?.code === 'load-failed' ? e : core.viewError(e));

export function mountRespondView(root, api, hooks = {}) {
  const view = el('div', { class: 'sxr-view' });
  const status = el('p', { class: 'sxr-status', role: 'status' });
  const obsList = el('ul', { class: 'sxr-observables' });
  const listBtn = el('button', { class: 'sxr-list', type: 'button' });
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
  const skip = el('button', { type: 'button', class: 'sxr-skip' });
  /** The first Run… a person can see: not inside a closed fold. */
  const firstRun = () => [...view.querySelectorAll('.sxr-run')].find((b) => !b.closest('details:not([open])'));
  skip.addEventListener('click', () => (firstRun() || listBtn).focus());
  const obsHeading = el('h2', {});
  const actHeading = el('h2', {});
  const obsSection = el('section', { class: 'sxr-obs-section', hidden: '' }, obsHeading, investigateAll, obsList, enrichNotes, listBtn);
  const actSection = el('section', { class: 'sxr-actions-section', hidden: '' }, actHeading, modules);
  // A result is said where the row is and announced here: a live region in the tree from the
  // start (the result box itself moves and unhides, which screen readers do not announce).
  const announce = el('p', { class: 'sxr-announce sxr-sr', role: 'status' });
  view.append(status, obsSection, actSection, confirm, result, errors, announce);
  root.append(view);
  /** The words of the view's own parts, once the core is there (the first show()). */
  const label = () => {
    const t = words();
    listBtn.textContent = t.listActions;
    skip.textContent = t.jumpToActions;
    obsHeading.replaceChildren(t.observablesHeading, ' ', skip);
    actHeading.textContent = t.actionsHeading;
  };
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
  let actionsAnswer = null; // the listed actions (`modules[m].actions[a]` as the cards place them)
  let verdictsAnswer = null; // the verdicts, once they arrived: they fold Clean and Common cards
  let asking = null; // the action whose confirmation is open
  let busy = false;
  let generation = 0; // a newer show() makes older enrichment answers stale
  // Checked on every show(): a host may add or remove api.verdicts / api.pivots at any time.
  const enriching = () => ['verdicts', 'pivots', 'sightings', 'observe'].some((f) => typeof api[f] === 'function');

  const fail = (e) => {
    const box = errorBox(e);
    errors.replaceChildren(box);
    // The same failure (no token, no network) already said by enrichment: say it once, here.
    for (const n of enrichNotes.querySelectorAll('.sxr-enrich-failed')) if (n.dataset.code === box.dataset.code) n.remove();
    hooks.onError?.(e);
  };
  const clear = () => errors.replaceChildren();

  function show(text) {
    let shown;
    const observed = new Promise((r) => { shown = r; });
    const done = /** @type {Promise<unknown> & { shown?: Promise<unknown> }} */ (showFlow(text, shown));
    done.shown = observed;
    return done;
  }

  async function showFlow(text, shown) {
    if (api.loaded) { // a host loading the core as it goes (the portal element)
      try { await api.loaded; } catch (e) { shown(); return fail(e); }
    }
    label();
    clear();
    reset();
    obsSection.hidden = actSection.hidden = true;
    // Taken before the find, not after: a newer show() whose find is still running must make this
    // one stale (else this list is drawn, a confirmation opened on it, and the newer list hides it).
    const gen = ++generation;
    actionsAnswer = verdictsAnswer = null;
    status.textContent = words().finding;
    let found;
    try {
      found = await api.find(text);
    } catch (e) {
      shown();
      if (gen !== generation) return;
      status.textContent = '';
      return fail(e);
    }
    if (gen !== generation) return shown(); // a newer show() took over while this one found
    observables = found.observables;
    status.textContent = found.message ?? '';
    const cards = core.viewCards(observables, null, null).cards;
    obsList.replaceChildren(...observables.map((o, i) => {
      const c = cards[i];
      const box = el('input', { type: 'checkbox', 'data-i': String(i) });
      box.checked = c.row.checked;
      const li = el('li', { class: 'sxr-card' }, el('label', {}, box, ' ', el('span', { class: 'sxr-type' }, o.type), ' ',
        el('span', { class: 'sxr-value' }, o.value),
        c.unicode ? el('span', { class: 'sxr-unicode', title: c.unicodeTitle }, c.unicode) : null,
        ...c.row.chips.map((ch) => el('span', { class: ch.class, title: ch.title }, ch.text)),
        ' ', el('span', { class: 'sxr-investigate-slot' })));
      if (c.row.reference) li.dataset.reference = '1';
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
    if (enrich) enrichAll(asked, generation); // not awaited
    await listActions();
  }

  async function listActions() {
    clear();
    const gen = generation;
    const chosen = chosenObservables();
    listBtn.disabled = true;
    status.textContent = words().askingActions;
    try {
      const r = await api.actions(chosen);
      // A newer show() took over (the extension finds again once its settings are read): this
      // list is for the old text and would be replaced under an open confirmation.
      if (gen !== generation) return;
      reset();
      placeActions(r);
      status.textContent = '';
      showBudget(); // not awaited
    } catch (e) {
      if (gen !== generation) return;
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
  const removeAll = (selector) => { for (const p of obsList.querySelectorAll(selector)) p.remove(); };
  const pending = { verdicts: '.sxr-pending', sightings: '.sxr-seen-pending', pivots: '.sxr-pivots:empty' };

  /** Asks verdicts and pivots in parallel; each renders when it arrives. Never rejects. */
  function enrichAll(asked, gen) {
    const t = words();
    for (const slot of slots().values()) {
      slot.replaceChildren(
        typeof api.verdicts === 'function' ? el('span', { class: 'sxr-pending', title: t.verdictPendingTitle }, t.verdictPending) : null,
        typeof api.pivots === 'function' ? el('span', { class: 'sxr-pivots' }) : null);
    }
    const current = () => gen === generation;
    const failed = (what, e) => {
      if (!current()) return;
      removeAll(pending[what]);
      const f = core.viewEnrichFailure(what, e);
      if (f.scope) {
        if (enrichNotes.querySelector('.sxr-enrich-scope')) return; // said once
        enrichNotes.prepend(el('p', { class: 'sxr-enrich-scope', 'data-code': f.code }, f.text));
        return;
      }
      if (errors.querySelector(`.sxr-error[data-code="${CSS.escape(f.code)}"]`)) return; // the flow's own error says it
      enrichNotes.append(el('p', { class: 'sxr-enrich-error sxr-enrich-failed', 'data-code': f.code, 'data-part': what }, f.text));
    };
    const jobs = [];
    const seenPending = () => { for (const slot of slots().values()) slot.append(el('span', { class: 'sxr-seen-pending sxr-pending', title: t.sightingsPendingTitle }, t.sightingsPending)); };
    if (typeof api.observe === 'function') {
      // One observe call carries the verdicts and the sightings (contract §2c).
      seenPending();
      jobs.push(Promise.resolve().then(() => api.observe(asked)).then(
        // One answer, one set of module errors: said once (with the verdicts).
        (r) => { if (current()) { renderVerdicts(r.verdicts); renderSightings({ ...r.sightings, errors: [] }); refold(r.verdicts); } },
        (e) => { failed('verdicts', e); removeAll(pending.sightings); }));
    } else {
      if (typeof api.verdicts === 'function') {
        jobs.push(Promise.resolve().then(() => api.verdicts(asked)).then(
          (r) => { if (current()) { renderVerdicts(r); refold(r); } }, (e) => failed('verdicts', e)));
      }
      if (typeof api.sightings === 'function') {
        seenPending();
        jobs.push(Promise.resolve().then(() => api.sightings(asked)).then(
          (r) => { if (current()) renderSightings(r); }, (e) => failed('sightings', e)));
      }
    }
    if (typeof api.pivots === 'function') {
      // Pivots cost a call and most responds never open one: asked on the person's click.
      const load = el('button', { type: 'button', class: 'sxr-pivots-load' }, t.showPivots);
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
  function* answered(r, marker) {
    const by = slots();
    for (const o of r?.observables || []) {
      const slot = by.get(key(o));
      if (!slot) continue;
      slot.querySelector(marker)?.remove();
      yield [o, slot];
    }
  }

  function renderVerdicts(r) {
    for (const [o, slot] of answered(r, pending.verdicts)) {
      const v = core.viewVerdict(o);
      const summary = el('summary', { class: 'sxr-badge', 'data-disposition': String(o.disposition), title: v.title }, o.dispositionName);
      // divs, not a nested list: `.sxr-observables li` stays one item per observable
      const list = el('div', { class: 'sxr-verdict-list' }, ...o.verdicts.map((x, i) => el('div', { class: 'sxr-verdict-item' },
        el('span', { class: 'sxr-verdict-module' }, x.module), ': ',
        el('span', { class: 'sxr-verdict-name', 'data-disposition': String(x.disposition) }, x.dispositionName),
        v.times[i] ? el('small', { class: 'sxr-verdict-time', title: x.endTime || '' }, ' ', v.times[i]) : null)),
      v.empty ? el('div', { class: 'sxr-verdict-item' }, v.empty) : null);
      slot.prepend(el('details', { class: 'sxr-verdict', 'data-disposition': String(o.disposition) }, summary, list));
      if (o.hint) slot.querySelector('.sxr-verdict').after(el('span', { class: 'sxr-hint' }, o.hint));
    }
    removeAll(pending.verdicts);
    moduleNotes(r?.errors, 'verdicts');
  }

  /** "Seen on N of your hosts" after the verdict badge (before the pivots). */
  function renderSightings(r) {
    for (const [o, slot] of answered(r, pending.sightings)) {
      const badge = sightingsBadge(o);
      const verdict = slot.querySelector('.sxr-verdict');
      if (verdict) verdict.after(badge);
      else slot.prepend(badge);
    }
    removeAll(pending.sightings);
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
    if (general.length) enrichNotes.append(el('div', { class: 'sxr-pivots sxr-pivots-general' }, words().pivotsGeneral, ...general));
    removeAll(pending.pivots);
    moduleNotes(r?.errors, 'pivots');
  }

  /** A link (new tab, no opener) only when the core marked it clickable (absolute https); otherwise plain text. */
  function pivotLink(p) {
    const label = p.title || p.url;
    const title = [p.module, p.description].filter(Boolean).join(': ');
    const node = p.clickable === true
      ? el('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer' }, label)
      : el('span', { class: 'sxr-pivot-inert' }, label, el('small', {}, words().pivotInert));
    node.classList.add('sxr-pivot');
    if (title) node.setAttribute('title', title);
    return node;
  }

  /** Per-module errors and warnings of an enrichment answer (a slow module, a failing one). */
  function moduleNotes(errs, what) {
    for (const n of core.viewModuleNotes(what, errs)) {
      enrichNotes.append(el('p', { class: 'sxr-enrich-error', 'data-code': n.code, 'data-part': what }, n.text));
    }
  }

  // ----- the cards' actions: placed by the core, folded by the verdicts -----

  /** The listed actions into their cards (by module) and the general group, folded as the core says. */
  function placeActions(r) {
    actionsAnswer = r;
    const v = core.viewCards(observables, r.modules, verdictsAnswer?.observables);
    const box = (g) => moduleBox(g, r);
    [...obsList.children].forEach((li, i) => {
      const c = v.cards[i];
      li.querySelector(':scope > .sxr-card-actions')?.remove();
      if (!c?.modules.length) return;
      // One <details> per card, open and without a summary until the core folds it: folding
      // then opens or closes it, and never moves a row (nor the focus or a confirmation in it).
      li.append(el('details', { class: 'sxr-card-actions', open: '' }, el('summary', { hidden: '' }), ...c.modules.map(box)));
    });
    fold(v);
    modules.replaceChildren(...(v.general?.modules ?? []).map(box), v.empty ? el('p', {}, v.empty) : '');
    actHeading.textContent = v.general?.heading ?? words().actionsHeading;
    actSection.hidden = !v.general && !v.empty;
  }

  /** The cards' folds as the core decides them; a fold under the person's hands stays open. */
  function fold(v) {
    const active = view.getRootNode().activeElement;
    [...obsList.children].forEach((li, i) => {
      const d = li.querySelector(':scope > .sxr-card-actions');
      const f = v.cards[i]?.fold;
      if (!d) return;
      const summary = d.querySelector(':scope > summary');
      const was = !summary.hidden;
      summary.hidden = !f;
      summary.textContent = f?.summary ?? '';
      d.classList.toggle('sxr-reference-actions', f?.why === 'reference');
      d.classList.toggle('sxr-more', f?.why === 'verdict');
      const inUse = d.contains(active) || (!confirm.hidden && d.contains(confirm)) || (!result.hidden && d.contains(result));
      if (!f) d.open = true;
      else if (!was && !inUse) d.open = false;
    });
  }

  /** The verdicts arrived: cards rated Clean or Common fold; an open confirmation names the verdict. */
  function refold(r) {
    verdictsAnswer = r;
    if (actionsAnswer) fold(core.viewCards(observables, actionsAnswer.modules, verdictsAnswer?.observables));
    if (asking && !confirm.hidden) confirm.querySelector('.sxr-confirm-text').textContent = core.viewConfirm(asking, verdictsAnswer?.observables).text;
  }

  /** A module's box (its name, its error lines, its actions' rows) in a card or the general group. */
  function moduleBox(g, r) {
    const box = el('div', { class: 'sxr-module', 'data-module': g.module }, el('h3', {}, g.module),
      ...g.errors.map((line) => el('p', { class: 'sxr-module-error' }, line)));
    for (const { m, a, target } of g.actions) {
      const action = r.modules[m].actions[a];
      const run = el('button', { type: 'button', class: 'sxr-run' }, words().run);
      const row = el('div', { class: 'sxr-action' }, run, el('div', {},
        el('strong', { class: 'sxr-title' }, action.title), ' ',
        ...action.categories.map((c) => el('span', { class: 'sxr-chip' }, c)),
        el('div', { class: 'sxr-desc' }, action.description),
        target ? el('small', { class: 'sxr-target' }, target) : null));
      run.addEventListener('click', () => askConfirm(action, row, run));
      box.append(row);
    }
    return box;
  }

  function askConfirm(action, row, run) {
    if (busy) return;
    clear();
    result.hidden = true;
    returnTo = run;
    asking = action;
    const c = core.viewConfirm(action, verdictsAnswer?.observables);
    const go = el('button', { type: 'button', class: 'sxr-confirm-run sxr-danger' }, c.run);
    const cancel = el('button', { type: 'button', class: 'sxr-confirm-cancel' }, c.cancel);
    confirm.replaceChildren(el('p', { class: 'sxr-confirm-text' }, c.text), go, cancel, el('small', { class: 'sxr-confirm-keys' }, c.keys));
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
    status.textContent = core.viewConfirm(action, verdictsAnswer?.observables).running;
    try {
      const r = await api.trigger(action, { casebook: casebook?.id });
      const v = core.viewResult(action, r);
      result.replaceChildren(el('p', { class: v.succeeded ? 'sxr-success' : 'sxr-failure' }, v.line),
        ...v.errors.map((line) => el('p', { class: 'sxr-module-error' }, line)), auditLine(v.audit));
      result.hidden = false;
      hooks.onTriggered?.({ action, result: r });
    } catch (e) {
      // Said under the row (where the eyes are), once: not again at the end of the page.
      const v = core.viewFailure(e);
      result.replaceChildren(alertBox(v.error), auditLine(v.audit));
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

  /** Whether the audit note reached the chosen casebook (nothing when none was asked for). */
  function auditLine(a) {
    return a ? el('p', { class: a.failed ? 'sxr-audit sxr-audit-failed' : 'sxr-audit', 'data-code': a.code }, a.text) : '';
  }

  return { show };
}
