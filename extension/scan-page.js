// The functions "Scan this page" injects into the tab with chrome.scripting.executeScript (on the
// user's gesture: activeTab; nothing stays in the page but what these keep in the extension's
// isolated world). Each is serialised on its own, so each is self-contained. They touch the DOM
// and nothing else: which text is an indicator, and where each occurrence starts and ends, is
// decided by the core (src/scan/); the page's DOM is never changed (CSS Custom Highlight API).

/**
 * The page's text (`inView`: the part in the window, read first to draw its highlights while
 * the rest is read): every text node (open shadow roots with their slots and same-origin frames
 * included; script, style, template, noscript left out), back to back, with "\n" where a block
 * boundary lies between two nodes. Stops before the node that would pass `limit` (the core's
 * PAGE_LIMIT, src/scan/). The nodes are kept in the isolated world for the highlights. No style is read
 * here (a style check per element was most of the walk through a 50,000-node page): whether a
 * node holding an occurrence is rendered is asked in drawHighlights, for those nodes only.
 */
export function collectPage(limit, inView) {
  const t0 = performance.now();
  // Per tag: 1 inline, 2 left out, 3 read differently (frames, slots); any other tag is a block.
  // Inline tags lay out inline unless a page restyles them: no boundary between their text and
  // the text around them (evil<b>.com</b> is one indicator). Every other element is a block
  // boundary (cells, paragraphs, list items). Reading each element's computed display instead
  // costs a style object per element (it about doubled the walk through a 50,000-node page).
  const KIND = new Map();
  for (const t of ['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's',
    'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'label', 'nobr']) KIND.set(t, 1);
  for (const t of ['script', 'style', 'template', 'noscript', 'textarea', 'select', 'head', 'title']) KIND.set(t, 2);
  for (const t of ['iframe', 'frame', 'slot']) KIND.set(t, 3);
  const texts = [];
  // The node table for the core (decode_nodes): [break, high, low] per node, 0x100 + digit
  // each, 0x4000 values per digit; sent as one string (arrays of numbers cross far slower).
  let table = new Uint16Array(3 * 4096);
  let cells = 0;
  const nodes = [];
  const skippedFrames = [];
  let total = 0;
  let pendingBreak = false;
  let truncated = false;
  let leftOut = 0;

  function text(n) {
    const data = n.data;
    const len = data.length;
    if (len === 0) return;
    const sep = pendingBreak && total > 0 ? 1 : 0;
    if (truncated || total + sep + len > limit) {
      truncated = true;
      leftOut += len;
      return;
    }
    if (sep) texts.push('\n');
    total += sep + len;
    if (cells + 3 > table.length) { const t = new Uint16Array(table.length * 2); t.set(table); table = t; }
    table[cells++] = 0x100 + sep;
    table[cells++] = 0x100 + Math.floor(len / 0x4000);
    table[cells++] = 0x100 + (len % 0x4000);
    pendingBreak = false;
    texts.push(data);
    nodes.push(n);
  }

  function children(parent) {
    if (inView) return childrenInView(parent);
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      const t = c.nodeType;
      if (t === 3) text(c);
      else if (t === 1) visit(c);
    }
  }

  // `inView`: only elements whose box meets the window (an element without a box is passed
  // over; a frame too). Among many children, the first one in view is found by bisection on
  // their boxes (in document order, as laid out in normal flow), and the walk stops after a
  // few children in a row start below the window. What this misses, the full walk reads.
  const H = innerHeight;
  const W = innerWidth;
  const away = (r) => (r.width === 0 && r.height === 0) || r.bottom < 0 || r.top > H || r.right < 0 || r.left > W;
  function childrenInView(parent) {
    const els = parent.children;
    let c = parent.firstChild;
    if (els.length > 64) {
      let lo = 0;
      let hi = els.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (els[mid].getBoundingClientRect().bottom < 0) lo = mid + 1; else hi = mid;
      }
      pendingBreak = true;
      c = els[lo];
    }
    for (let below = 0; c && below < 8; c = c.nextSibling) {
      const t = c.nodeType;
      if (t === 3) text(c);
      else if (t === 1) {
        const r = c.getBoundingClientRect();
        below = r.top > H ? below + 1 : 0;
        if (away(r)) pendingBreak = true; else visit(c);
      }
    }
  }

  function frame(el) {
    // A frame is checked here (one call per frame): nothing in its document knows whether the
    // frame itself shows.
    if (!el.checkVisibility()) return;
    let doc;
    try { doc = el.contentDocument; } catch { doc = null; }
    if (doc?.documentElement) visit(doc.documentElement);
    else skippedFrames.push(String(el.getAttribute('src') || el.src || ''));
  }

  function visit(el) {
    const tag = el.localName;
    const kind = KIND.get(tag);
    if (kind === 2) return;
    if (kind !== 1) pendingBreak = true;
    const root = el.shadowRoot;
    if (root) children(root);
    else if (kind !== 3) children(el);
    else if (tag !== 'slot') { if (!inView) frame(el); }
    else {
      const assigned = el.assignedNodes();
      if (assigned.length) {
        for (const a of assigned) {
          if (a.nodeType === 3) text(a);
          else if (a.nodeType === 1) visit(a);
        }
      } else children(el);
    }
    if (kind !== 1) pendingBreak = true;
  }

  visit(document.documentElement);
  // What an earlier walk drew stays known (the next drawing replaces it, Clear removes it): the
  // registries it drew into and the shadow roots' sheets.
  const prev = globalThis.__sxrScan;
  globalThis.__sxrScan = { nodes, ranges: [], obsOf: [], classOf: null, names: [], current: null, sheetFor: prev?.sheetFor, drawnIn: prev?.drawnIn };
  const walkMs = performance.now() - t0;
  return {
    text: texts.join(''), nodes: new TextDecoder('utf-16le').decode(table.subarray(0, cells)), truncated, leftOut, skippedFrames,
    url: location.href, title: document.title, walkMs, joinMs: performance.now() - t0 - walkMs,
    highlights: typeof Highlight === 'function' && Boolean(globalThis.CSS?.highlights),
  };
}

/**
 * One Range per occurrence (`flat`: the core's [observable, startNode, startOffset, endNode,
 * endOffset] per occurrence), registered as CSS highlights named `names[class]`, every
 * observable in class 0 until its verdict arrives; `css`: the ::highlight rules, adopted by the
 * shadow roots that hold a range (document rules do not reach into a shadow tree). Resolves
 * once the next frame with the highlights has been produced.
 *
 * First it asks whether every text node an occurrence touches is rendered (its parent element,
 * or the nearest one that has a box: display:none, visibility:hidden, content-visibility:hidden
 * are not). When one is not, nothing is drawn: it answers `hidden`, every node of the page that
 * is not rendered, for the core to scan the text again without them (`check` false: draw as is).
 * `wait` false (the first pass, drawn before its rules go in): answers at once (see nextFrame).
 */
export function drawHighlights(flat, count, names, css, check, wait = true) {
  const t0 = performance.now();
  const s = globalThis.__sxrScan;
  if (!s) return { drawn: 0, highlights: false, gone: true };
  const nodes = s.nodes;
  if (check) {
    const seen = new Map();
    const rendered = (n) => {
      // The element whose style the text takes: its slot when slotted, else its parent (or
      // the shadow root's host); an element without a box of its own (display:contents, a
      // slot) passes the question to its parent.
      let el = n.assignedSlot ?? n.parentElement ?? n.parentNode?.host;
      const path = [];
      let shown = true;
      while (el) {
        const known = seen.get(el);
        if (known !== undefined) { shown = known; break; }
        path.push(el);
        if (el.checkVisibility({ visibilityProperty: true })) break;
        const style = el.ownerDocument.defaultView.getComputedStyle(el);
        if (style.display !== 'contents' || style.visibility !== 'visible') { shown = false; break; }
        el = el.assignedSlot ?? el.parentElement ?? el.parentNode?.host;
      }
      for (const e of path) seen.set(e, shown);
      return shown;
    };
    let all = true;
    for (let k = 0; k + 4 < flat.length && all; k += 5) {
      for (let i = flat[k + 1]; i <= flat[k + 3] && all; i++) if (nodes[i] && !rendered(nodes[i])) all = false;
    }
    if (!all) {
      const hidden = [];
      for (let i = 0; i < nodes.length; i++) if (!rendered(nodes[i])) hidden.push(i);
      return { hidden, checkMs: performance.now() - t0 };
    }
  }
  const t1 = performance.now();
  // The painter stays in the isolated world for recolour / gotoOccurrence: one Highlight per
  // (document, class); a constructed sheet per shadow root (no DOM node is added).
  // The highlight registry of `doc` itself. In Firefox a content script sees a frame's window
  // through an Xray wrapper, and once the JIT has warmed this loop up, `win.CSS.highlights` gives
  // the registry of the window it first saw (the top document's) for a frame's window too: the
  // frame's ranges land in the top registry and are never painted. Calling the getter of that
  // window's own CSS namespace gives its own registry in Firefox and Chromium alike.
  const registryOf = (doc) => {
    const ns = doc.defaultView?.CSS;
    const get = ns && Object.getOwnPropertyDescriptor(ns, 'highlights')?.get;
    return get ? get.call(ns) : ns?.highlights;
  };
  globalThis.__sxrPaint = (st) => {
    const regs = new Map();
    const roots = new Set();
    for (let k = 0; k < st.ranges.length; k++) {
      const r = st.ranges[k];
      const doc = r.startContainer.ownerDocument;
      const reg = registryOf(doc);
      if (!reg) continue;
      if (!regs.has(reg)) regs.set(reg, st.names.map(() => new doc.defaultView.Highlight()));
      // A copy goes into the registry: the page's scripts share it and could move a range they
      // find there; the ranges kept here (for Next) are not reachable from the page.
      regs.get(reg)[st.classOf[st.obsOf[k]] ?? 0]?.add(r.cloneRange());
      const root = r.startContainer.getRootNode();
      if (root !== doc && root.adoptedStyleSheets) roots.add(root);
    }
    st.drawnIn ??= new Set();
    for (const reg of st.drawnIn) if (!regs.has(reg)) { for (const n of st.names) reg.delete(n); reg.delete('sxr-current'); }
    for (const [reg, hs] of regs) {
      st.drawnIn.add(reg);
      reg.delete('sxr-current');
      hs.forEach((h, c) => { if (h.size) reg.set(st.names[c], h); else reg.delete(st.names[c]); });
    }
    const cur = st.current !== null ? st.ranges[st.current] : null;
    if (cur) registryOf(cur.startContainer.ownerDocument)?.set('sxr-current', new Highlight(cur.cloneRange()));
    st.sheetFor ??= new Map();
    for (const root of roots) {
      if (st.sheetFor.has(root)) continue;
      const sheet = new root.ownerDocument.defaultView.CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      st.sheetFor.set(root, sheet);
    }
  };
  s.names = names;
  s.classOf = new Uint8Array(count);
  s.ranges = [];
  s.obsOf = [];
  s.texts = [];
  for (let k = 0; k + 4 < flat.length; k += 5) {
    const r = new Range();
    try {
      r.setStart(nodes[flat[k + 1]], flat[k + 2]);
      r.setEnd(nodes[flat[k + 3]], flat[k + 4]);
    } catch {
      // the node changed since it was read: the occurrence stays listed, not drawn
    }
    s.ranges.push(r);
    s.obsOf.push(flat[k]);
    s.texts.push(r.toString()); // what Next compares with before it scrolls
  }
  const has = typeof Highlight === 'function' && Boolean(globalThis.CSS?.highlights);
  if (has) globalThis.__sxrPaint(s);
  const t2 = performance.now();
  if (!wait) return { drawn: s.ranges.length, highlights: has, checkMs: t1 - t0, rangesMs: t2 - t1 };
  return new Promise((resolve) => {
    const done = () => resolve({ drawn: s.ranges.length, highlights: has, checkMs: t1 - t0, rangesMs: t2 - t1, frameMs: performance.now() - t2 });
    // After the frame: a task queued from the animation frame runs once it was produced.
    requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = done; c.port2.postMessage(0); });
    setTimeout(done, 1000); // a hidden tab produces no frames
  });
}

/**
 * The time (ms since the epoch, the page's clock) once the next frame was produced: after the
 * first pass's rules went in, the frame that shows its highlights. Null in a hidden tab.
 */
export function nextFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(performance.timeOrigin + performance.now()); c.port2.postMessage(0); });
    setTimeout(() => resolve(null), 1000);
  });
}

/**
 * Paints again with the core's scanPaint: `names` the highlights by class, `pairs` =
 * [observable, class, …] (every other observable in class 0). The names drawn before are
 * removed from every registry first.
 */
export function repaint(names, pairs) {
  const s = globalThis.__sxrScan;
  if (!s?.classOf) return false;
  for (const reg of s.drawnIn ?? []) for (const n of s.names) reg.delete(n);
  s.names = names;
  s.classOf.fill(0);
  for (let k = 0; k + 1 < pairs.length; k += 2) s.classOf[pairs[k]] = pairs[k + 1];
  if (typeof Highlight === 'function' && globalThis.CSS?.highlights) globalThis.__sxrPaint(s);
  return true;
}

/**
 * Scrolls the page to occurrence `k` and marks it as the current one, unless its text is no
 * longer what was drawn (the page changed or moved it since): then `{ changed: true }` and
 * nothing scrolls.
 */
export function gotoOccurrence(k) {
  const s = globalThis.__sxrScan;
  const r = s?.ranges[k];
  if (!r) return false;
  if (r.toString() !== s.texts?.[k] || r.collapsed || !r.startContainer.isConnected) return { changed: true };
  s.current = k;
  const el = r.startContainer.parentElement || r.startContainer.getRootNode().host;
  el?.scrollIntoView({ block: 'center', inline: 'nearest' });
  if (typeof Highlight === 'function' && globalThis.CSS?.highlights) globalThis.__sxrPaint(s);
  return { changed: false };
}

/**
 * For the core's decision of which occurrences a person can see (src/scan/visible.rs): the
 * computed style of each element holding an occurrence and of its ancestors (up to its
 * document's root; a parent index each), with its box, and each occurrence's box, both in its
 * document's coordinates, as JSON text. Nothing is decided here.
 */
export function readStyles() {
  const s = globalThis.__sxrScan;
  if (!s?.ranges) return null;
  const index = new Map();
  const elements = [];
  const up = (e) => e.assignedSlot ?? e.parentElement ?? e.parentNode?.host ?? null;
  const add = (first) => {
    const chain = [];
    for (let e = first; e && !index.has(e); e = up(e)) chain.push(e);
    for (let i = chain.length - 1; i >= 0; i--) {
      const e = chain[i];
      const p = up(e);
      const win = e.ownerDocument.defaultView;
      const c = win.getComputedStyle(e);
      const b = e.getBoundingClientRect();
      index.set(e, elements.length);
      elements.push([p ? index.get(p) : -1, e.localName, c.opacity, c.fontSize, c.color, c.webkitTextFillColor ?? '', c.clipPath, c.clip,
        c.position, c.overflowX, c.overflowY, b.left + win.scrollX, b.top + win.scrollY, b.width, b.height]);
    }
    return first ? index.get(first) : -1;
  };
  const holder = (n) => (n.nodeType === 1 ? n : n.assignedSlot ?? n.parentElement ?? n.parentNode?.host ?? null);
  const occurrences = s.ranges.map((r) => {
    const win = r.startContainer.ownerDocument?.defaultView;
    const b = r.getBoundingClientRect();
    return [add(holder(r.startContainer)), add(holder(r.endContainer)), b.left + (win?.scrollX ?? 0), b.top + (win?.scrollY ?? 0), b.width, b.height];
  });
  // One string (the fields in PageStyles::from_json's order): it crosses to the worker and into
  // the core far faster than as many objects.
  return JSON.stringify({ elements, occurrences });
}

/** "Clear highlights": every highlight this scan registered, and the shadow roots' sheets. */
export function clearHighlights() {
  const s = globalThis.__sxrScan;
  if (!s) return false;
  // Every registry a drawing went into (each document's own: see registryOf in drawHighlights).
  for (const reg of s.drawnIn ?? []) { for (const n of s.names) reg.delete(n); reg.delete('sxr-current'); }
  for (const [root, sheet] of s.sheetFor ?? []) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((x) => x !== sheet);
  globalThis.__sxrScan = null;
  return true;
}
