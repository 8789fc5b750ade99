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
import { el, errorBox } from './respond-view.js';

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
  try {
    const all = await api.investigateUrl(observables);
    if (all.url) {
      allSlot.replaceChildren(outLink(all.url, 'Investigate all in XDR', 'sxr-investigate-all'));
    } else {
      const save = el('button', { type: 'button', class: 'sxr-investigate-save' }, 'Save them to a casebook first');
      save.addEventListener('click', offerCasebook);
      allSlot.replaceChildren(el('p', { class: 'sxr-investigate-long' }, all.message || 'Too long for an Investigate link.', ' ', save));
    }
    const each = await Promise.all(observables.map((o) => api.investigateUrl([o])));
    each.forEach((link, i) => {
      const slot = rowSlot(i);
      if (slot && link.url) slot.replaceChildren(outLink(link.url, 'Investigate', 'sxr-investigate'));
    });
  } catch (e) {
    allSlot.replaceChildren(el('p', { class: 'sxr-enrich-error', 'data-code': e?.code || 'error' }, `Investigate links unavailable: ${e?.message || String(e)}`));
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
  if (!o.seen) return el('span', { class: 'sxr-seen', 'data-seen': 'false', title: 'No module reported a sighting in your environment' }, o.label);
  const targets = o.targets.map((t) => el('li', { class: 'sxr-target', 'data-type': t.type },
    el('span', { class: 'sxr-target-name' }, t.name), ' ',
    el('span', { class: 'sxr-chip' }, t.type),
    t.lastSeenText ? el('small', { class: 'sxr-target-seen' }, ` last seen ${t.lastSeenText}`) : null,
    t.os ? el('small', { class: 'sxr-target-os' }, ` · ${t.os}`) : null,
    el('div', { class: 'sxr-target-obs' }, t.observables.map((x) => `${x.type} ${x.value}`).join(' · '))));
  const summary = el('summary', { class: 'sxr-seen', 'data-seen': 'true', 'data-hosts': String(o.hosts), title: 'Show where it was seen' }, o.label);
  const facts = [o.modules.join(', '), o.resolutions.join(', '), o.lastSeenText ? `last seen ${o.lastSeenText}` : ''].filter(Boolean).join(' · ');
  return el('details', { class: 'sxr-sightings', 'data-hosts': String(o.hosts) }, summary,
    el('div', { class: 'sxr-sightings-body' },
      facts ? el('div', { class: 'sxr-seen-facts' }, `${o.count} sighting${o.count === 1 ? '' : 's'}: ${facts}`) : null,
      targets.length ? el('ul', { class: 'sxr-targets' }, ...targets) : el('div', { class: 'sxr-target-none' }, 'No host or account named.')));
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
  const toggle = el('button', { type: 'button', class: 'sxr-cb-toggle' }, 'Add to casebook…');
  const mode = (value, label, checked) => {
    const r = el('input', { type: 'radio', name: `sxr-cb-mode-${panelId}`, value, class: `sxr-cb-mode-${value}` });
    r.checked = checked;
    return el('label', {}, r, ` ${label}`);
  };
  const panelId = String(++panels);
  const title = el('input', { type: 'text', class: 'sxr-cb-title', 'aria-label': 'Casebook title' });
  const withUrl = el('input', { type: 'checkbox', class: 'sxr-cb-url' });
  const urlRow = api.pageUrl ? el('label', { class: 'sxr-cb-url-row' }, withUrl, ' Add this page\u2019s address to the description') : null;
  const search = el('input', { type: 'search', class: 'sxr-cb-search', placeholder: 'Search casebooks (whole words)', 'aria-label': 'Search casebooks by whole words' });
  const list = el('div', { class: 'sxr-cb-list', role: 'radiogroup' });
  const note = el('textarea', { class: 'sxr-cb-note', rows: '2', placeholder: 'Note (optional)', 'aria-label': 'Note' });
  const save = el('button', { type: 'button', class: 'sxr-cb-save' }, 'Create casebook');
  const out = el('div', { class: 'sxr-cb-out', role: 'status' });
  const newPart = el('div', { class: 'sxr-cb-new' }, el('label', {}, 'Title ', title), urlRow);
  const oldPart = el('div', { class: 'sxr-cb-existing', hidden: '' }, search, list);
  const form = el('div', { class: 'sxr-cb-form', hidden: '' },
    el('div', { class: 'sxr-cb-modes' }, mode('new', 'New casebook', true), ' ', mode('existing', 'Existing casebook', false)),
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
    list.replaceChildren(el('span', { class: 'sxr-pending' }, 'Loading casebooks…'));
    try {
      const found = await api.casebooks(search.value);
      if (n !== searching) return;
      books = found;
      list.replaceChildren(...found.map((b, i) => {
        const r = el('input', { type: 'radio', name: `sxr-cb-pick-${panelId}`, value: String(i) });
        r.checked = i === 0;
        return el('label', { class: 'sxr-cb-item', 'data-id': b.id }, r, ' ', b.label);
      }));
      if (!found.length) list.append(el('p', { class: 'sxr-cb-empty' }, 'No casebook found.'));
    } catch (e) {
      if (n === searching) list.replaceChildren(errorBox(e));
    }
  }

  function setMode() {
    newPart.hidden = !isNew();
    oldPart.hidden = isNew();
    save.textContent = isNew() ? 'Create casebook' : 'Add to casebook';
    if (!isNew() && !books.length) find();
  }

  async function run() {
    const observables = chosen();
    save.disabled = true;
    out.replaceChildren(el('span', { class: 'sxr-pending' }, isNew() ? 'Creating the casebook…' : 'Adding to the casebook…'));
    try {
      let book;
      if (isNew()) {
        book = await api.createCasebook({ title: title.value, description: form.dataset.description || undefined, observables, note: note.value || undefined });
      } else {
        const target = picked();
        if (!target) throw Object.assign(new Error('Choose a casebook from the list, or create a new one.'), { code: 'bad-input' });
        book = await api.addToCasebook(target.id, observables, note.value || undefined);
      }
      onCasebook(book);
      out.replaceChildren(el('p', { class: 'sxr-cb-done', 'data-id': book.id },
        `${isNew() ? 'Created' : 'Added to'} \u201c${book.title}\u201d (${book.observables.length} observable${book.observables.length === 1 ? '' : 's'}). `,
        outLink(book.investigateUrl, 'Open in XDR', 'sxr-cb-open')));
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
