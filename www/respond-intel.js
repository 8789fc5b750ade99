// The respond view's casebook, Investigate and sightings parts (issue 15), used by
// respond-view.js. DOM only: the core builds every link (investigateUrl), says when a link
// would be too long, writes the badge's words ("Seen on 3 of your hosts"), merges targets,
// drafts the new casebook's title, and classifies every failure.
//
// The api methods they use are optional, each checked on use:
//   investigateUrl(target) → InvestigateLink          (target: Observable[] | { casebook })
//   sightings(observables) → Sightings
//   casebooks(query) → Casebook[]; createCasebook({ title, description?, observables, note? }) → Casebook;
//   addToCasebook(id, observables, note?) → Casebook; casebookDraft(includeUrl) → { title, description? }
//   pageUrl: truthy when there is a page whose address may go into a new casebook's description
// Every string from the API is inserted as text; links open in a new tab without an opener.
import * as core from './pkg/securex_respond.js';
import { el, alertBox } from './dom.js';

let labels = null;
const words = () => (labels ??= core.viewLabels());
const errorBox = (e) => alertBox(core.viewError(e));

const has = (api, name) => typeof api[name] === 'function';

/** A link the core built (investigateUrl, a casebook's investigateUrl): new tab, no opener. */
export function outLink(href, text, cls) {
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', class: cls }, text);
}

// ----- Investigate -----

/**
 * Fills each row's Investigate link and the one for the whole selection. When the whole
 * selection is too long for a link, says so and offers the casebook instead (`offerCasebook`).
 */
export async function investigateLinks(api, observables, rowSlot, allSlot, offerCasebook) {
  if (!has(api, 'investigateUrl') || !observables.length) return;
  const t = words();
  try {
    const all = await api.investigateUrl(observables);
    if (all.url) {
      allSlot.replaceChildren(outLink(all.url, t.investigateAll, 'sxr-investigate-all'));
    } else {
      const save = el('button', { type: 'button', class: 'sxr-investigate-save' }, t.saveToCasebookFirst);
      save.addEventListener('click', offerCasebook);
      allSlot.replaceChildren(el('p', { class: 'sxr-investigate-long' }, all.message || t.tooLongForLink, ' ', save));
    }
    const each = await Promise.all(observables.map((o) => api.investigateUrl([o])));
    each.forEach((link, i) => {
      const slot = rowSlot(i);
      if (slot && link.url) slot.replaceChildren(outLink(link.url, t.investigate, 'sxr-investigate'));
    });
  } catch (e) {
    const v = core.viewError(e);
    allSlot.replaceChildren(el('p', { class: 'sxr-enrich-error', 'data-code': v.code }, core.say({ id: 'investigateUnavailable', message: v.message })));
  }
}

// ----- sightings -----

/** "Seen on N of your hosts" beside the verdict badge, opening onto the targets with their last-seen times. */
export function sightingsBadge(o) {
  const badge = seenBadge(o);
  // Third-party reports (not internal sightings) beside it, never in its count.
  return o.external ? el('span', { class: 'sxr-seen-group' }, badge, ' ', el('span', { class: 'sxr-reported', title: o.external.sources.join(', ') }, o.external.label)) : badge;
}

function seenBadge(o) {
  if (!o.seen) return el('span', { class: 'sxr-seen', 'data-seen': 'false', title: words().noSighting }, o.label);
  const v = core.viewSightings(o);
  const targets = o.targets.map((t, i) => el('li', { class: 'sxr-target', 'data-type': t.type },
    el('span', { class: 'sxr-target-name' }, t.name), ' ',
    el('span', { class: 'sxr-chip' }, t.type),
    v.targets[i].seen ? el('small', { class: 'sxr-target-seen' }, v.targets[i].seen) : null,
    v.targets[i].os ? el('small', { class: 'sxr-target-os' }, v.targets[i].os) : null,
    el('div', { class: 'sxr-target-obs' }, v.targets[i].observables)));
  const summary = el('summary', { class: 'sxr-seen', 'data-seen': 'true', 'data-hosts': String(o.hosts), title: words().showWhereSeen }, o.label);
  return el('details', { class: 'sxr-sightings', 'data-hosts': String(o.hosts) }, summary,
    el('div', { class: 'sxr-sightings-body' },
      v.facts ? el('div', { class: 'sxr-seen-facts' }, v.facts) : null,
      targets.length ? el('ul', { class: 'sxr-targets' }, ...targets) : el('div', { class: 'sxr-target-none' }, words().noHostNamed)));
}

// ----- casebooks -----

/**
 * The "Add to casebook" panel: a new casebook (title drafted by the core from the page's
 * title and the date; the page's address in the description only when ticked) or an existing
 * one picked from a search box that lists the latest. `chosen()` gives the observables ticked
 * in the view; `onCasebook(casebook)` learns the casebook used (audit notes go there).
 * Returns { open(), element } or null when the host offers no casebooks.
 */
export function casebookPanel(api, chosen, onCasebook) {
  if (!has(api, 'createCasebook') || !has(api, 'addToCasebook')) return null;
  const t = words();
  const toggle = el('button', { type: 'button', class: 'sxr-cb-toggle' }, t.casebookToggle);
  const mode = (value, label, checked) => {
    const r = el('input', { type: 'radio', name: `sxr-cb-mode-${panelId}`, value, class: `sxr-cb-mode-${value}` });
    r.checked = checked;
    return el('label', {}, r, label);
  };
  const panelId = String(++panels);
  const title = el('input', { type: 'text', class: 'sxr-cb-title', 'aria-label': t.casebookTitle });
  const withUrl = el('input', { type: 'checkbox', class: 'sxr-cb-url' });
  const urlRow = api.pageUrl ? el('label', { class: 'sxr-cb-url-row' }, withUrl, t.casebookPageUrl) : null;
  const search = el('input', { type: 'search', class: 'sxr-cb-search', placeholder: t.casebookSearch, 'aria-label': t.casebookSearchLabel });
  const list = el('div', { class: 'sxr-cb-list', role: 'radiogroup' });
  const note = el('textarea', { class: 'sxr-cb-note', rows: '2', placeholder: t.casebookNotePlaceholder, 'aria-label': t.casebookNote });
  const save = el('button', { type: 'button', class: 'sxr-cb-save' }, t.casebookCreate);
  const out = el('div', { class: 'sxr-cb-out', role: 'status' });
  const newPart = el('div', { class: 'sxr-cb-new' }, el('label', {}, t.casebookTitleLabel, title), urlRow);
  const oldPart = el('div', { class: 'sxr-cb-existing', hidden: '' }, search, list);
  const form = el('div', { class: 'sxr-cb-form', hidden: '' },
    el('div', { class: 'sxr-cb-modes' }, mode('new', t.casebookNew, true), ' ', mode('existing', t.casebookExisting, false)),
    newPart, oldPart, note, el('div', {}, save), out);
  const element = el('div', { class: 'sxr-casebook' }, toggle, form);

  let books = [];
  let searching = 0;
  const isNew = () => form.querySelector(`.sxr-cb-mode-new`).checked;
  const picked = () => books[Number(list.querySelector('input:checked')?.value)];

  async function draft() {
    if (!has(api, 'casebookDraft')) return;
    try {
      const d = await api.casebookDraft(withUrl.checked);
      title.value = d.title;
      form.dataset.description = d.description ?? '';
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  }

  async function find() {
    const n = ++searching;
    list.replaceChildren(el('span', { class: 'sxr-pending' }, t.casebookLoading));
    try {
      const found = await api.casebooks(search.value);
      if (n !== searching) return;
      books = found;
      list.replaceChildren(...found.map((b, i) => {
        const r = el('input', { type: 'radio', name: `sxr-cb-pick-${panelId}`, value: String(i) });
        r.checked = i === 0;
        return el('label', { class: 'sxr-cb-item', 'data-id': b.id }, r, ' ', b.label);
      }));
      if (!found.length) list.append(el('p', { class: 'sxr-cb-empty' }, t.casebookNone));
    } catch (e) {
      if (n === searching) list.replaceChildren(errorBox(e));
    }
  }

  function setMode() {
    newPart.hidden = !isNew();
    oldPart.hidden = isNew();
    save.textContent = isNew() ? t.casebookCreate : t.casebookAdd;
    if (!isNew() && !books.length) find();
  }

  async function run() {
    const observables = chosen();
    save.disabled = true;
    out.replaceChildren(el('span', { class: 'sxr-pending' }, isNew() ? t.casebookCreating : t.casebookAdding));
    try {
      let book;
      if (isNew()) {
        book = await api.createCasebook({ title: title.value, description: form.dataset.description || undefined, observables, note: note.value || undefined });
      } else {
        const target = picked();
        if (!target) throw { code: 'bad-input', message: t.casebookChoose };
        book = await api.addToCasebook(target.id, observables, note.value || undefined);
      }
      onCasebook(book);
      out.replaceChildren(el('p', { class: 'sxr-cb-done', 'data-id': book.id },
        core.say({ id: 'casebookDone', created: isNew(), title: book.title, observables: book.observables.length }),
        outLink(book.investigateUrl, t.casebookOpen, 'sxr-cb-open')));
      note.value = '';
    } catch (e) {
      out.replaceChildren(errorBox(e));
    } finally {
      save.disabled = false;
    }
  }

  let timer = 0;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 250); });
  withUrl.addEventListener('change', draft);
  for (const r of form.querySelectorAll('.sxr-cb-modes input')) r.addEventListener('change', setMode);
  save.addEventListener('click', run);
  toggle.addEventListener('click', () => (form.hidden ? open() : (form.hidden = true)));

  function open() {
    form.hidden = false;
    out.replaceChildren();
    if (!title.value) draft();
    setMode();
    element.scrollIntoView?.({ block: 'nearest' });
  }

  return { element, open, reset: () => { form.hidden = true; books = []; out.replaceChildren(); title.value = ''; } };
}

let panels = 0;
