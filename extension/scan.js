// The scan panel (issue 14): the page's observables once each, with occurrences, type, defanged
// flag, verdict badge and pivots; filters; "next occurrence"; multi-select; bulk respond with one
// confirmation. It renders what the core says (the wasm core is loaded here for the pure
// decisions: filters, colours, the plan, the confirmation's words, the run's view) and sends
// everything that touches the page or the API to the worker, which owns the bulk run.
import init, * as core from './pkg/securex_respond.js';
import { el } from './dom.js';
import { send, pageWords } from './bridge.js';
import { casebookPanel } from './respond-intel.js';

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const loaded = init().then(() => pageWords(core)); // the core: the panel's decisions and words, in its language
const message = (e) => core.viewError(e).message;
let t = null; // the core's labels, once it is loaded
let rowsAtOnce = null; // { firstRows, moreRows }: the core's (a page may list 10,000)

const id = new URLSearchParams(location.search).get('id');
let scan = null;
let classes = null; // Uint8Array: class index per observable
let classList = [];
const selected = new Set();
const nextOcc = new Map(); // observable → which of its occurrences "next" goes to
let shown = [];
let referenceHosts; // the policy's extra reference hosts, once the settings are read

function badge(i) {
  const c = classList[classes[i]];
  return el('span', { class: 'badge', 'data-class': c.name }, c.label);
}

let generation = 0;
/** The filtered list: the first rows at once, the rest in chunks after (a page may list 10,000). */
function renderList() {
  shown = Array.from(core.scanFilter(scan.observables.map((o) => o.type), classes, $('type').value, Number($('verdict').value)));
  const body = /** @type {HTMLTableElement} */ (/** @type {unknown} */ ($('list'))).tBodies[0];
  const gen = ++generation;
  let at = 0;
  const rows = (n) => {
    const out = [];
    for (const end = Math.min(shown.length, at + n); at < end; at++) out.push(row(shown[at]));
    return out;
  };
  body.replaceChildren(...rows(rowsAtOnce.firstRows));
  const more = () => {
    if (gen !== generation || at >= shown.length) return;
    body.append(...rows(rowsAtOnce.moreRows));
    setTimeout(more, 0);
  };
  setTimeout(more, 0);
}

const rowOf = new Map(); // observable → its rendered row

function row(i) {
  const o = scan.observables[i];
  const box = el('input', { type: 'checkbox', 'aria-label': core.say({ id: 'selectValue', value: o.value }) });
  box.checked = selected.has(i);
  box.addEventListener('change', () => { if (box.checked) selected.add(i); else selected.delete(i); renderSelected(); });
  const next = el('button', { type: 'button', class: 'next', title: t.nextTitle }, t.next);
  next.addEventListener('click', () => goto(i));
  const piv = el('button', { type: 'button', class: 'pivots-btn' }, t.pivots);
  const pivCell = el('div', { class: 'pivots' });
  piv.addEventListener('click', () => pivots(i, pivCell, piv));
  const tr = el('tr', { 'data-index': String(i), 'data-class': classList[classes[i]].name, 'data-visible': o.notVisible ? '0' : '1' },
    el('td', {}, box),
    el('td', { class: 'value' }, o.value, o.defanged ? el('span', { class: 'defanged', title: t.scanDefangedTitle }, t.defanged) : null,
      o.notVisible ? el('span', { class: 'not-visible', title: t.notVisibleTitle }, t.notVisible) : null,
      o.reference ? el('span', { class: 'reference', title: t.scanReferenceTitle }, t.referenceHost) : null, pivCell),
    el('td', { class: 'type' }, o.type),
    el('td', { class: 'count' }, core.say({ id: 'occurrences', n: o.occurrences.length })),
    el('td', { class: 'verdict' }, badge(i)),
    el('td', {}, next, ' ', piv));
  rowOf.set(i, tr);
  return tr;
}

function renderSelected() {
  $('selected').textContent = core.say({ id: 'selected', n: selected.size });
  $('respond').disabled = selected.size === 0;
}

/** The next occurrence the page did not change since the scan (one it changed is skipped, and said). */
async function goto(i) {
  const occ = scan.observables[i].occurrences;
  for (let tries = 0; tries < occ.length; tries++) {
    const k = nextOcc.get(i) ?? 0;
    nextOcc.set(i, k + 1 < occ.length ? k + 1 : 0);
    const r = await send('scan→sw:goto', { id, occurrence: occ[k] });
    if (!r?.changed) return;
    note(core.say({ id: 'pageChanged', occurrence: k + 1, value: scan.observables[i].value }));
  }
}

async function pivots(i, cell, btn) {
  btn.disabled = true;
  const o = scan.observables[i];
  try {
    const r = await send('scan→sw:pivots', { observables: [{ type: o.type, value: o.value }] });
    cell.replaceChildren(...r.pivots.map((p) => (p.clickable ? el('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer' }, p.title) : el('span', {}, p.title))));
    if (!r.pivots.length) cell.append(t.noPivots);
  } catch (e) {
    cell.replaceChildren(core.say({ id: 'pivotsUnavailable', message: message(e) }));
  }
}

let verdictColours = false; // the analyst's choice for this page (off: one neutral highlight there)

/** The page's highlights: neutral, or by verdict when turned on (the core decides both). */
function paintPage() {
  return send('scan→sw:paint', { id, verdictColours, classes: Array.from(classes) }).catch(() => {});
}

/**
 * Verdicts per batch as they arrive: badges, and highlight colours when they are on. Without a
 * click, the core's cap; the rest on the button, which states its cost (`clicked`).
 */
async function verdicts(clicked = false) {
  const budget = await send('scan→sw:budget').catch(() => null);
  const plan = core.scanEnrichPlan(scan.observables.length, clicked, budget);
  for (const [a, b] of plan.batches) {
    const asked = [];
    for (let i = a; i < b; i++) asked.push({ type: scan.observables[i].type, value: scan.observables[i].value });
    let pairs;
    try {
      pairs = core.scanColours(scan.observables, await send('scan→sw:verdicts', { id, observables: asked, clicked }));
    } catch (e) {
      note(core.say({ id: 'verdictsUnavailable', message: message(e) }));
      return;
    }
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      classes[pairs[k]] = pairs[k + 1];
      const tr = rowOf.get(pairs[k]);
      if (tr) {
        tr.dataset.class = classList[pairs[k + 1]].name;
        tr.querySelector('.verdict').replaceChildren(badge(pairs[k]));
      }
    }
    if (verdictColours) await paintPage();
    if ($('verdict').value !== '-1') renderList(); // the verdict filter's list changed
  }
  const more = $('more-verdicts');
  more.hidden = !plan.rest;
  if (plan.rest) {
    // The cost against what is left now (the answers just received said).
    const now = core.scanEnrichPlan(scan.observables.length, false, await send('scan→sw:budget').catch(() => null));
    $('more-note').textContent = now.note;
    $('ask-more').textContent = now.button;
  }
  document.body.dataset.verdicts = clicked ? 'all' : '1';
}

function note(text) {
  $('notices').append(el('p', { class: 'notice' }, text));
}

// ---------- bulk respond ----------

// Audit notes (issue 21): with them on in the options, the confirmation offers the respond
// view's casebook step; the casebook used there gets one note per row (the worker writes them).
let auditOn = false;
let audit = null; // { panel, line, book }: this bulk step's casebook choice

/** The casebook step over the worker's messages; its observables are the selected ones. */
function auditPart() {
  const api = {
    casebooks: (query) => send('view→sw:casebooks', { query }),
    createCasebook: (casebook) => send('view→sw:createCasebook', { casebook }),
    addToCasebook: (cid, observables, note) => send('view→sw:addToCasebook', { id: cid, observables, note }),
    casebookDraft: (includeUrl) => send('view→sw:draft', { page: { title: scan.title, url: scan.url }, includeUrl }),
    pageUrl: scan.url,
  };
  const chosen = [...selected].map((i) => ({ type: scan.observables[i].type, value: scan.observables[i].value }));
  const a = { line: el('p', { class: 'audit-line' }), book: null, calls: 0 };
  a.say = () => { a.line.textContent = a.book ? core.say({ id: 'bulkAudit', casebook: a.book.title, notes: a.calls }) : t.bulkAuditNone; };
  a.panel = casebookPanel(api, () => chosen, (book) => { a.book = book; a.again?.(); });
  a.element = el('div', { class: 'bulk-audit' }, el('p', {}, t.bulkAuditChoose), a.panel.element, a.line);
  return a;
}

async function respond() {
  const bulk = $('bulk');
  bulk.hidden = false;
  bulk.replaceChildren(el('p', {}, t.bulkAsking));
  const observables = [...selected].map((i) => ({ type: scan.observables[i].type, value: scan.observables[i].value }));
  let r;
  try {
    // The settings now (audit notes may have been turned on or off since the panel opened).
    const [got, st] = await Promise.all([send('scan→sw:actions', { observables }), send('view→sw:status').catch(() => null)]);
    r = got;
    auditOn = st?.auditNote === true && st?.casebooks === true;
  } catch (e) {
    bulk.replaceChildren(el('p', { class: 'sxr-error' }, message(e)));
    return;
  }
  audit = auditOn ? auditPart() : null;
  const groups = core.scanPlan(r.actions);
  if (!groups.length) {
    bulk.replaceChildren(el('p', {}, t.bulkNone));
    return;
  }
  const boxes = groups.map((g) => {
    const b = el('input', { type: 'checkbox' });
    return { g, b, row: el('label', { class: 'group' }, b, ' ', g.label) };
  });
  const review = el('button', { type: 'button', id: 'review' }, t.review);
  review.addEventListener('click', () => confirmStep(boxes.filter((x) => x.b.checked).map((x) => x.g)));
  bulk.replaceChildren(el('p', {}, t.bulkChoose), ...boxes.map((x) => el('div', {}, x.row)), review,
    ...core.viewModuleNotes('actions', r.errors).map((n) => el('p', { class: 'muted' }, n.text)));
  boxes[0].b.focus(); // the keyboard goes on where the choice is
}

// Keyboard (issue 23.2): Cancel or Escape closes the bulk step and gives "Respond to selected" the
// focus back; not while the confirmed run is being started.
let sending = false;
function cancelBulk() {
  if (sending) return;
  $('bulk').hidden = true;
  // Opened by "Continue…" after a run, "Respond to selected" may be disabled (nothing selected).
  ($('respond').disabled && !$('run').hidden ? $('run') : $('respond')).focus();
}

/**
 * The one confirmation. Rows whose target is rated Clean or Common are named apart, unticked
 * (the core decides: scanConfirmation); ticking one (its url in `include`) asks the core again.
 * The cost counts against what the organisation has left this hour, as the last answer said.
 */
async function confirmStep(groups, include = []) {
  const bulk = $('bulk');
  if (!groups.length) return;
  const ticked = /** @type {HTMLElement} */ (document.activeElement)?.dataset?.url; // an apart row just ticked keeps the focus
  // Nothing of an earlier confirmation stays clickable while this one is prepared.
  bulk.replaceChildren();
  const budget = await send('scan→sw:budget').catch(() => null);
  const c = core.scanConfirmation(groups, scan.observables, classes, include, budget, audit?.book ? true : undefined);
  // A casebook chosen below: the confirmation again, its cost with the audit notes.
  if (audit) audit.again = () => confirmStep(groups, [...bulk.querySelectorAll('.apart input:checked')].map((x) => /** @type {HTMLInputElement} */ (x).dataset.url));
  const go = el('button', { type: 'button', id: 'confirm-run', class: 'sxr-confirm-run' }, t.confirmAndRun);
  const cancel = el('button', { type: 'button' }, t.cancel);
  cancel.addEventListener('click', cancelBulk);
  if (c.refused || !c.calls) go.disabled = true;
  go.addEventListener('click', () => runConfirmed(c.groups, go, cancel, audit?.book?.id), { once: true });
  const refused = c.refused ? [el('p', { class: 'sxr-error' }, c.refused)] : [];
  const apart = c.apart.length ? [el('div', { class: 'apart' }, el('p', { class: 'apart-note' }, c.apartNote), ...c.apart.map((r) => {
    const b = el('input', { type: 'checkbox', 'data-url': r.url });
    b.checked = r.ticked;
    b.addEventListener('change', () => confirmStep(groups, [...bulk.querySelectorAll('.apart input:checked')].map((x) => /** @type {HTMLInputElement} */ (x).dataset.url)));
    return el('label', { class: 'apart-row', 'data-rating': r.rating }, b, ' ', r.label);
  }))] : [];
  if (audit) { audit.calls = c.calls; audit.say(); }
  bulk.replaceChildren(el('h3', {}, c.heading), el('div', { class: 'confirm-lines' }, c.lines.join('\n')), ...apart, el('p', { class: 'cost' }, c.cost),
    ...(audit ? [audit.element] : []), ...refused, go, ' ', cancel);
  // The focus moves to the confirmation (Escape or Cancel gives it back).
  ((ticked && [...bulk.querySelectorAll('.apart input')].find((b) => /** @type {HTMLInputElement} */ (b).dataset.url === ticked)) || (go.disabled ? cancel : go)).focus();
}

async function runConfirmed(groups, go, cancel, casebook) {
  go.disabled = cancel.disabled = true;
  sending = true;
  const urls = groups.flatMap((g) => g.actions.map((a) => a.url));
  try {
    const { nonces } = await send('scan→sw:run-confirm', { urls });
    await send('scan→sw:run-start', { groups, nonces, casebook });
    $('bulk').hidden = true;
    selected.clear();
    renderSelected();
    renderList();
    focusRun = true; // the run's Stop gets the focus once it is shown
    if (lastRun) renderRun(lastRun);
  } catch (e) {
    $('bulk').append(el('p', { class: 'sxr-error', role: 'alert' }, message(e)));
  } finally {
    sending = false;
  }
}

let lastRun = null;
let focusRun = false;
let shownView = ''; // what the run box shows: redrawn only when it changes (a redraw moves the focus)
function renderRun(run) {
  lastRun = run;
  const box = $('run');
  if (!run) { box.hidden = true; return; }
  const v = core.scanRunView(run);
  const key = JSON.stringify(v);
  if (key === shownView && !box.hidden && !focusRun) return;
  shownView = key;
  // What had the focus in the run (Stop, Continue, the run itself) keeps it after the redraw.
  const had = box.contains(document.activeElement) ? document.activeElement.id : null;
  const rows = v.rows.map((r) => el('tr', {}, el('td', {}, r.title), el('td', { class: 'value' }, r.target), el('td', { 'data-state': r.state, class: 'state' }, r.label)));
  const kids = [el('p', { class: 'run-summary' }, v.summary), el('table', { class: 'run-rows scan-list' }, el('tbody', {}, ...rows))];
  if (v.canStop) {
    // Nothing not yet started is sent after it; the row in flight finishes and is reported.
    const stop = el('button', { type: 'button', id: 'stop-run' }, t.stop);
    stop.addEventListener('click', () => { box.focus(); stop.disabled = true; send('scan→sw:run-stop').catch(() => { stop.disabled = false; }); }, { once: true });
    kids.splice(1, 0, stop);
  }
  if (v.canContinue) {
    const cont = el('button', { type: 'button', id: 'continue' }, t.continueRun);
    cont.addEventListener('click', () => {
      // The last confirmation's words are gone before the new one is shown (never confirm those).
      $('bulk').replaceChildren(el('p', {}, t.preparing));
      $('bulk').hidden = false;
      confirmStep(core.scanRunRemaining(run));
    });
    kids.push(cont);
  }
  box.replaceChildren(...kids);
  box.hidden = false;
  box.dataset.running = v.running ? '1' : '0';
  if (focusRun && v.running) { focusRun = false; ($('stop-run') ?? box).focus(); }
  else if (had !== null && !box.contains(document.activeElement)) ($(had) ?? box).focus();
  // The live region: the start, the end, and when a stopped run can continue (the core's line).
  if ($('announce').textContent !== v.announce) $('announce').textContent = v.announce;
}

/** "Audit notes: N written, M failed" under the run, from the run state (when it has a casebook). */
function renderAudit(a) {
  const p = $('audit-count');
  p.hidden = !a;
  if (a) p.textContent = core.say({ id: 'auditCounts', written: a.written ?? 0, failed: a.failed ?? 0 });
}

// ---------- start ----------

async function start() {
  const [, got, run] = await Promise.all([loaded, send('scan→sw:scan', { id }), send('scan→sw:run-state')]);
  scan = got;
  t = core.viewLabels();
  classList = core.scanClasses();
  classes = new Uint8Array(scan.observables.length);
  const v = core.viewScanSummary(scan);
  rowsAtOnce = v;
  $('page').textContent = v.page;
  $('summary').textContent = v.summary;
  for (const n of v.notices) note(n);
  $('legend').replaceChildren(...classList.map((c) => el('span', { 'data-class': c.name }, el('span', { class: 'swatch' }), c.label)));
  for (const t of scan.types) $('type').append(el('option', { value: t }, t));
  classList.forEach((c, i) => $('verdict').append(el('option', { value: String(i) }, c.label)));
  $('type').addEventListener('change', renderList);
  $('verdict').addEventListener('change', renderList);
  // Reference hosts are left out (the core decides, with the policy's list once it is read).
  $('select-shown').addEventListener('click', () => { for (const i of core.scanSelectShown(scan.observables, Uint32Array.from(shown), referenceHosts)) selected.add(i); renderSelected(); renderList(); });
  $('select-none').addEventListener('click', () => { selected.clear(); renderSelected(); renderList(); });
  $('respond').addEventListener('click', respond);
  $('bulk').addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); cancelBulk(); } });
  $('clear').addEventListener('click', async () => { await send('scan→sw:clear', { id }); $('clear').disabled = true; });
  $('verdict-colours').addEventListener('change', () => {
    verdictColours = $('verdict-colours').checked;
    $('colours-warning').hidden = !verdictColours;
    paintPage();
  });
  $('ask-more').addEventListener('click', () => { $('ask-more').disabled = true; verdicts(true); }, { once: true });
  renderList(); // the first rows now, the rest in chunks after
  performance.mark('sxr-list-shown'); // for cargo xtask bench
  renderSelected();
  renderRun(run);
  renderAudit(run?.audit);
  chrome.storage.session.onChanged.addListener((changes) => {
    if (changes.scanRun) renderRun(changes.scanRun.newValue);
    // The audit counts come with the run state (the worker ties them to their run).
    if (changes.scanRunAudit) send('scan→sw:run-state').then((r) => renderAudit(r?.audit), () => {});
  });
  setInterval(() => { if (lastRun) renderRun(lastRun); }, 1000); // the countdown after a 429
  document.body.dataset.ready = '1';
  const st = await send('view→sw:status');
  referenceHosts = st.referenceHosts;
  if (st.enrich) await verdicts();
  else document.body.dataset.verdicts = 'off';
}

start().catch(async (e) => {
  await loaded; // its words for the failure
  note(message(e));
  document.body.dataset.ready = 'error';
});
