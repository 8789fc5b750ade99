// <securex-respond>: the respond flow (select → observables → actions → confirm → result) for
// web portals, built on the JS API. The page never holds an API client secret.
//
// Proxy mode (recommended): the portal's back end checks its own session, adds the token and
// forwards `<base-url>/iroh/*` and `<base-url>/ctia/*` to Threat Response; the page holds no token.
//
//   <script type="module" src="/securex-respond/securex-respond-element.js"></script>
//   <securex-respond for="ticket-body" proxy base-url="/securex"></securex-respond>
//
// Token-provider mode: give the element a `tokenProvider` that asks your back end for a token
// (Threat Response must then allow the portal's origin, CORS).
//
//   <securex-respond for="ticket-body" region="eu"></securex-respond>
//   <script type="module">
//     document.querySelector('securex-respond').tokenProvider =
//       async () => (await fetch('/api/securex-token', { method: 'POST' })).json();
//   </script>
//
// Attributes (reflected by the properties in brackets):
//   proxy       proxy mode: base-url is the portal's own forwarding path; no token provider [proxy]
//   region      "us" | "eu" | "apjc"                     [region]
//   base-url    https://host (instead of region); in proxy mode /path or https://portal/path [baseUrl]
//   for         id of the container whose selections get a floating "Respond" button [htmlFor]
//   inspect     also ask Threat Response Inspect (besides local extraction) [inspect]
//   timeout-ms  per-request timeout                       [timeoutMs]
//   no-enrich   no verdicts, sightings or pivots (by default each respond asks verdicts and sightings
//               in one observe call: +1 API call; pivots only when the person opens them) [noEnrich]
//   no-sightings  no "Seen on N of your hosts" (verdicts then come from deliberate, still +1 call) [noSightings]
//   private-intel-url  where casebooks are, beside base-url (a region brings its own) [privateIntelUrl]
//   audit-note  after each confirmed action, append a note to the casebook chosen in the panel [auditNote]
//   actor       who audit notes name (the portal's user); by default "A portal user" [actor]
//   lang        the panel's language ("en", "ja"); by default the browser's (navigator.languages);
//               the first element's on the page is used for every element of the page
// Properties: tokenProvider (async () => ({accessToken, expiresIn})), container (an Element,
//   instead of `for`), text (setting it runs the flow), client (the Client in use, read-only).
// Methods: respond(text) → Promise (runs the flow for `text`), close().
// Events (bubbling, composed): respond-triggered {action, result}, respond-error {error, code, message}.
//   When the WebAssembly core cannot load (a Content-Security-Policy without 'wasm-unsafe-eval',
//   or the files are missing), the panel opens with the reason and respond-error has code "load-failed".
//
// Everything renders in a shadow root; every string from the API is inserted as text.

import init, * as sxr from './pkg/securex_respond.js';
import { mountRespondView, errorBox, words } from './respond-view.js';
import { el } from './dom.js';

const WASM_URL = new URL('./pkg/securex_respond_bg.wasm', import.meta.url);
const VIEW_CSS_URL = new URL('./respond-view.css', import.meta.url);

let loading;
/** Loads the wasm once per page, from next to this module (works under any path prefix). */
export function load() {
  loading ??= init({ module_or_path: WASM_URL }).catch((e) => { throw loadFailed(e); })
    // The page's language, once: an element's `lang` attribute, else the browser's (the core chooses).
    .then(() => { sxr.setLocale(document.querySelector('securex-respond[lang]')?.getAttribute('lang') ?? '', navigator.languages); });
  return loading;
}

/**
 * Why the core did not start, said where the analyst looks (the core cannot say it: it is what
 * failed). A compile refusal is the page's Content-Security-Policy; anything else, the files.
 */
function loadFailed(e) {
  const blocked = e instanceof WebAssembly.CompileError;
  /* eslint-disable local/no-sentences -- the core did not load: it cannot say why itself */
  const message = blocked
    ? 'Threat Response actions are unavailable: this page\'s Content-Security-Policy does not allow WebAssembly. The portal\'s administrator must add \'wasm-unsafe-eval\' to its script-src (README, “Embed in your portal”, CSP).'
    : `Threat Response actions are unavailable: the panel's files could not be loaded from ${WASM_URL.href} (${e?.message || e}). Check that the portal serves them.`;
  /* eslint-enable local/no-sentences */
  return Object.assign(new Error(message, { cause: e }), { code: 'load-failed' });
}

// eslint-disable-next-line local/no-sentences -- CSS, not words
const ELEMENT_CSS = `
:host { display: block; }
:host([hidden]) { display: none; }
.sxr-float { position: fixed; z-index: 2147483647; font: 600 13px/1 system-ui, sans-serif;
  padding: 6px 12px; border-radius: 14px; border: 1px solid #0d274d; background: #0d274d; color: #fff;
  cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.sxr-float:focus-visible { outline: 2px solid #f59e0b; outline-offset: 2px; }
.sxr-float, .sxr-panel { color-scheme: light dark; }
.sxr-page-scheme { color-scheme: inherit; }
.sxr-panel { border: 1px solid var(--sxr-border, #d8dee4); border-radius: 8px; padding: 8px 12px; background: var(--sxr-bg, #fff); color: var(--sxr-fg, #1d2733); }
.sxr-head { display: flex; align-items: center; gap: 8px; font: 600 14px system-ui, sans-serif; color: var(--sxr-fg, #1d2733); }
.sxr-head .sxr-grow { flex: 1; }
.sxr-head label { font-weight: normal; font-size: 12px; color: var(--sxr-text-2, #4a5868); }
.sxr-close { font: inherit; border: 0; background: none; cursor: pointer; font-size: 18px; line-height: 1; color: var(--sxr-text-2, #4a5868); }
`;

/** Neither a token provider nor proxy mode (asked once the core is loaded: its words). */
function missingProvider() {
  return Object.assign(new Error(words().missingProvider), { code: 'bad-input' });
}

export class SecureXRespondElement extends HTMLElement {
  static observedAttributes = ['proxy', 'region', 'base-url', 'private-intel-url', 'for', 'inspect', 'timeout-ms', 'no-enrich', 'no-sightings', 'audit-note', 'actor'];

  #provider = null;
  #client = null;
  #container = null;
  #pending = '';
  #shadow;
  #float;
  #panel;
  #inspectBox;
  #view;
  #listening = null;
  #loadError;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    const sheet = el('link', { rel: 'stylesheet', href: VIEW_CSS_URL.href });
    // A constructed sheet, not a <style>: a strict CSP (style-src without 'unsafe-inline') allows it.
    const style = new CSSStyleSheet();
    style.replaceSync(ELEMENT_CSS);
    this.#shadow.adoptedStyleSheets = [style];
    this.#float = el('button', { type: 'button', class: 'sxr-float', part: 'respond-button', hidden: '' });
    // Keep the page's selection when the button is pressed; act on click.
    this.#float.addEventListener('mousedown', (e) => e.preventDefault());
    this.#float.addEventListener('click', () => {
      const text = this.#pending;
      this.#hideFloat();
      if (text) this.respond(text);
    });
    this.#inspectBox = el('input', { type: 'checkbox', class: 'sxr-inspect' });
    this.#inspectBox.addEventListener('change', () => { this.inspect = this.#inspectBox.checked; });
    const close = el('button', { type: 'button', class: 'sxr-close' }, '×');
    close.addEventListener('click', () => this.close());
    const body = el('div', { class: 'sxr-body' });
    this.#loadError = el('div', { class: 'sxr-load-error' });
    this.#panel = el('div', { class: 'sxr-panel', part: 'panel', hidden: '' },
      el('div', { class: 'sxr-head' }, el('span', { class: 'sxr-grow' }), el('label', {}, this.#inspectBox), close),
      this.#loadError, body);
    this.#shadow.append(sheet, this.#float, this.#panel);
    const self = this;
    this.#view = mountRespondView(body, {
      get loaded() { return load(); }, // the view's words are the core's
      find: (text) => this.#find(text),
      actions: async (observables) => (await this.#ensureClient()).actions(observables),
      budget: async () => (await this.#ensureClient()).budget(),
      trigger: (action, ctx) => this.#trigger(action, ctx),
      // Verdicts and pivots (enrich:read) unless `no-enrich`: the view checks on every respond.
      get verdicts() { return self.noEnrich ? undefined : async (observables) => (await self.#ensureClient()).verdicts(observables); },
      get pivots() { return self.noEnrich ? undefined : async (observables) => (await self.#ensureClient()).pivots(observables); },
      // Sightings unless `no-enrich` or `no-sightings`, with the verdicts from the same observe
      // call (one API call for both); casebooks and Investigate links (issue 15).
      get observe() { return self.noEnrich || self.noSightings ? undefined : async (observables) => (await self.#ensureClient()).observe(observables); },
      investigateUrl: async (target) => (await this.#ensureClient()).investigateUrl(target),
      casebooks: async (query) => (await this.#ensureClient()).casebooks(query, { limit: sxr.casebookPickLimit() }), // the latest few
      createCasebook: async (casebook) => (await this.#ensureClient()).createCasebook(casebook),
      addToCasebook: async (id, observables, note) => (await this.#ensureClient()).addToCasebook(id, observables, note),
      casebookDraft: async (includeUrl) => { await load(); return sxr.casebookDraft({ pageTitle: self.ownerDocument.title, pageUrl: self.ownerDocument.location?.href, includeUrl }); },
      get pageUrl() { return self.ownerDocument.location?.href; },
    }, {
      onTriggered: (detail) => this.#emit('respond-triggered', detail),
      onError: (error) => this.#emit('respond-error', { error, code: error?.code, message: error?.message }),
      onEscape: () => this.close(), // a second Escape (the first cancels a confirmation) closes the panel
    });
  }

  connectedCallback() {
    for (const p of ['tokenProvider', 'container', 'text', 'proxy', 'region', 'baseUrl', 'privateIntelUrl', 'inspect', 'noEnrich', 'noSightings', 'auditNote', 'actor', 'htmlFor']) this.#upgrade(p);
    this.#inspectBox.checked = this.inspect;
    this.#listen();
    // Dark or light: the host page's color-scheme when it declares one, else the user's preference.
    const scheme = getComputedStyle(this).colorScheme;
    for (const part of [this.#float, this.#panel]) part.classList.toggle('sxr-page-scheme', Boolean(scheme) && scheme !== 'normal');
    // Start fetching the wasm early; if it cannot start, say so in the panel at once.
    load().then(() => this.#label(), (e) => this.#showLoadError(e));
  }

  /** The element's own words, from the core once it is loaded. */
  #label() {
    const t = words();
    this.#float.textContent = t.respond;
    const [head, inspect, close] = this.#panel.querySelector('.sxr-head').children;
    head.textContent = t.respond;
    inspect.title = t.inspectTitle;
    inspect.replaceChildren(this.#inspectBox, t.alsoInspect);
    close.title = t.close;
    close.setAttribute('aria-label', t.close);
  }

  #showLoadError(e) {
    if (this.#loadError.childElementCount || !this.#panel.hidden) return;
    this.#loadError.append(errorBox(e)); // the loader's own error (the core is not there)
    this.#panel.hidden = false;
    this.#emit('respond-error', { error: e, code: e.code, message: e.message });
  }

  disconnectedCallback() {
    this.#unlisten();
    this.#hideFloat();
  }

  attributeChangedCallback(name) {
    if (name === 'for') { this.#listen(); return; }
    if (name === 'inspect') { this.#inspectBox.checked = this.inspect; return; }
    if (name === 'no-enrich' || name === 'no-sightings' || name === 'audit-note' || name === 'actor') return;
    this.#client = null; // region / base-url / timeout changed: next call builds a new client
  }

  // ----- properties -----
  get proxy() { return this.hasAttribute('proxy'); }
  set proxy(v) { this.toggleAttribute('proxy', Boolean(v)); }
  get region() { return this.getAttribute('region') || ''; }
  set region(v) { v ? this.setAttribute('region', v) : this.removeAttribute('region'); }
  get baseUrl() { return this.getAttribute('base-url') || ''; }
  set baseUrl(v) { v ? this.setAttribute('base-url', v) : this.removeAttribute('base-url'); }
  get htmlFor() { return this.getAttribute('for') || ''; }
  set htmlFor(v) { v ? this.setAttribute('for', v) : this.removeAttribute('for'); }
  get inspect() { return this.hasAttribute('inspect'); }
  set inspect(v) { this.toggleAttribute('inspect', Boolean(v)); }
  get noEnrich() { return this.hasAttribute('no-enrich'); }
  set noEnrich(v) { this.toggleAttribute('no-enrich', Boolean(v)); }
  get noSightings() { return this.hasAttribute('no-sightings'); }
  set noSightings(v) { this.toggleAttribute('no-sightings', Boolean(v)); }
  get privateIntelUrl() { return this.getAttribute('private-intel-url') || ''; }
  set privateIntelUrl(v) { v ? this.setAttribute('private-intel-url', v) : this.removeAttribute('private-intel-url'); }
  get auditNote() { return this.hasAttribute('audit-note'); }
  set auditNote(v) { this.toggleAttribute('audit-note', Boolean(v)); }
  get actor() { return this.getAttribute('actor') || ''; }
  set actor(v) { v ? this.setAttribute('actor', v) : this.removeAttribute('actor'); }
  get timeoutMs() { const t = this.getAttribute('timeout-ms'); return t ? Number(t) : undefined; }
  set timeoutMs(v) { v ? this.setAttribute('timeout-ms', String(v)) : this.removeAttribute('timeout-ms'); }

  get tokenProvider() { return this.#provider; }
  set tokenProvider(fn) {
    // eslint-disable-next-line local/no-sentences -- for the portal's developer, maybe before the core is loaded
    if (fn !== null && fn !== undefined && typeof fn !== 'function') throw new TypeError('tokenProvider must be an async function returning { accessToken, expiresIn }');
    this.#provider = fn || null;
    this.#client = null;
  }

  get container() { return this.#container || (this.htmlFor ? this.ownerDocument.getElementById(this.htmlFor) : null); }
  set container(node) { this.#container = node || null; this.#listen(); }

  get text() { return this.#pending; }
  set text(t) { this.respond(String(t ?? '')); }

  /** The Client in use (built on first use from region/base-url and tokenProvider). */
  get client() { return this.#client; }

  /** Runs the respond flow for `text`; resolves when observables (and actions) are shown. */
  respond(text) {
    this.#pending = String(text ?? '');
    this.#loadError.replaceChildren(); // a load failure shows in the view from now on
    this.#panel.hidden = false;
    this.#panel.scrollIntoView?.({ block: 'nearest' });
    return this.#view.show(this.#pending);
  }

  close() {
    this.#panel.hidden = true;
  }

  // ----- internals -----
  #upgrade(prop) {
    if (Object.prototype.hasOwnProperty.call(this, prop)) {
      const v = this[prop];
      delete this[prop];
      this[prop] = v;
    }
  }

  async #ensureClient() {
    await load();
    if (this.#client) return this.#client;
    if (!this.#provider && !this.proxy) throw missingProvider();
    // The core refuses a token provider in proxy mode: both are passed as given.
    const options = { proxy: this.proxy || undefined, tokenProvider: this.#provider || undefined };
    if (this.region) options.region = this.region;
    if (this.baseUrl) options.baseUrl = this.baseUrl;
    if (this.privateIntelUrl) options.privateIntelUrl = this.privateIntelUrl;
    if (this.timeoutMs !== undefined) options.timeoutMs = this.timeoutMs;
    this.#client = new sxr.Client(options);
    return this.#client;
  }

  /**
   * A confirmed trigger; then, with `audit-note` and a casebook chosen in the panel, the note of
   * how it ended appended there (the core writes it). The result (or the error) says whether the
   * note was written; the trigger's own outcome is never changed by it.
   */
  async #trigger(action, ctx) {
    const client = await this.#ensureClient();
    let result;
    let failure;
    try {
      result = await client.trigger(action);
    } catch (e) {
      failure = e;
    }
    let auditNote;
    if (ctx?.casebook && this.auditNote) {
      try {
        const book = await client.noteAction(ctx.casebook, action, failure ?? result, this.actor || undefined);
        auditNote = { casebook: book.title, text: book.texts.at(-1)?.text ?? '' };
      } catch (e) {
        auditNote = { error: e };
      }
    }
    if (failure) throw auditNote ? Object.assign(failure, { auditNote }) : failure;
    return auditNote ? { ...result, auditNote } : result;
  }

  /** The core's findings(): local extraction (no token provider needed), plus Inspect's when asked. */
  async #find(text) {
    await load();
    return sxr.findings(text, this.inspect ? async () => (await this.#ensureClient()).inspect(text) : undefined);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #listen() {
    this.#unlisten();
    if (!this.isConnected) return;
    const doc = this.ownerDocument;
    const update = () => this.#selectionChanged();
    let timer = 0;
    const debounced = () => { clearTimeout(timer); timer = setTimeout(update, 120); };
    const hide = () => this.#hideFloat();
    const mouseup = (e) => { if (!e.composedPath().includes(this)) update(); };
    doc.addEventListener('selectionchange', debounced);
    doc.addEventListener('mouseup', mouseup);
    doc.addEventListener('keyup', debounced);
    doc.defaultView?.addEventListener('scroll', hide, { passive: true, capture: true });
    doc.defaultView?.addEventListener('resize', hide, { passive: true });
    this.#listening = () => {
      clearTimeout(timer);
      doc.removeEventListener('selectionchange', debounced);
      doc.removeEventListener('mouseup', mouseup);
      doc.removeEventListener('keyup', debounced);
      doc.defaultView?.removeEventListener('scroll', hide, { capture: true });
      doc.defaultView?.removeEventListener('resize', hide);
    };
  }

  #unlisten() {
    this.#listening?.();
    this.#listening = null;
  }

  #selectionChanged() {
    const container = this.container;
    const sel = this.ownerDocument.getSelection();
    if (!container || !sel || sel.isCollapsed || sel.rangeCount === 0) return this.#hideFloat();
    const range = sel.getRangeAt(0);
    if (!container.contains(range.commonAncestorContainer)) return this.#hideFloat();
    this.#pending = sel.toString();
    const rect = range.getBoundingClientRect();
    const view = this.ownerDocument.defaultView;
    this.#float.hidden = false;
    const w = this.#float.offsetWidth || 90;
    const h = this.#float.offsetHeight || 28;
    const left = Math.max(4, Math.min(rect.right - w / 2, view.innerWidth - w - 4));
    const below = rect.bottom + 6;
    const top = below + h > view.innerHeight ? Math.max(4, rect.top - h - 6) : below;
    this.#float.style.left = `${left}px`;
    this.#float.style.top = `${top}px`;
  }

  #hideFloat() {
    this.#float.hidden = true;
  }
}

if (!customElements.get('securex-respond')) customElements.define('securex-respond', SecureXRespondElement);
