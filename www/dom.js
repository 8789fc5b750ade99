// The one DOM helper of the pages (the extension's and www/'s): elements made with text only.
// Every string is set as an attribute value or appended as a text node, never parsed as HTML,
// so a string from an API cannot become markup.

/** `<tag attrs…>children…</tag>`; null / undefined attributes and children are left out. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** An error box from the core's error view ({ code, message, detail? }, `viewError`). */
export function alertBox(v) {
  // The code is for scripts and tests (data-code), not for people: the message says what to do.
  return el('div', { class: 'sxr-error', role: 'alert', 'data-code': v.code },
    el('strong', {}, v.message),
    v.detail ? el('div', { class: 'sxr-detail' }, v.detail) : null);
}

/** A paragraph of text with a class. */
export const line = (cls, text) => el('p', { class: cls }, text);

/**
 * The page's static words from the core's labels (`viewLabels()`, in the page's locale): an
 * element's `data-label="key"` sets its text, `data-label-title`, `data-label-placeholder` and
 * `data-label-aria-label` set those attributes. A key the labels lack leaves the element as it is.
 */
export function localise(root, labels) {
  for (const e of root.querySelectorAll('[data-label]')) e.textContent = labels[e.dataset.label] ?? e.textContent;
  for (const attr of ['title', 'placeholder', 'aria-label']) {
    for (const e of root.querySelectorAll(`[data-label-${attr}]`)) {
      const said = labels[e.getAttribute(`data-label-${attr}`)];
      if (said !== undefined) e.setAttribute(attr, said);
    }
  }
}
