// The functions "Scan this page" injects into the tab with chrome.scripting.executeScript (on the
// user's gesture: activeTab; nothing stays in the page but what these keep in the extension's
// isolated world). Each is serialised on its own, so each is self-contained. They touch the DOM
// and nothing else: which text is an indicator, and where each occurrence starts and ends, is
// decided by the core (src/scan/); the page's DOM is never changed (CSS Custom Highlight API).

/**
 * The page's rendered text: every text node (open shadow roots and same-origin frames included;
 * hidden ones, script, style, template and noscript left out), back to back, with "\n" where a
 * block boundary lies between two nodes. Stops before the node that would pass `limit` (the
 * core's scanLimit()). The nodes are kept in the isolated world for the highlights.
 */
export function collectPage(limit) {
  const SKIP = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'select', 'head']);
  const texts = [];
  const starts = [];
  const lens = [];
  const nodes = [];
  const skippedFrames = [];
  let total = 0;
  let pendingBreak = false;
  let truncated = false;
  let leftOut = 0;

  function text(n, visible) {
    const len = n.length;
    if (!visible || len === 0) return;
    const sep = pendingBreak && total > 0 ? 1 : 0;
    if (truncated || total + sep + len > limit) {
      truncated = true;
      leftOut += len;
      return;
    }
    if (sep) texts.push('\n');
    total += sep;
    pendingBreak = false;
    starts.push(total);
    lens.push(len);
    texts.push(n.data);
    nodes.push(n);
    total += len;
  }

  function children(parent, visible) {
    for (let c = parent.firstChild; c; c = c.nextSibling) visit(c, visible);
  }

  function frame(el) {
    let doc;
    try { doc = el.contentDocument; } catch { doc = null; }
    if (doc?.documentElement) visit(doc.documentElement, true);
    else skippedFrames.push(String(el.getAttribute('src') || el.src || ''));
  }

  function visit(n, visible) {
    if (n.nodeType === 3) return text(n, visible);
    if (n.nodeType !== 1) return;
    const tag = n.localName;
    if (SKIP.has(tag)) return;
    const st = n.ownerDocument.defaultView.getComputedStyle(n);
    const display = st.display;
    if (display === 'none') return;
    const vis = st.visibility === 'visible';
    const block = tag === 'br' || !(display.startsWith('inline') || display === 'contents');
    if (block) pendingBreak = true;
    if (tag === 'iframe' || tag === 'frame') frame(n);
    else if (n.shadowRoot) children(n.shadowRoot, vis);
    else if (tag === 'slot') {
      const assigned = n.assignedNodes();
      if (assigned.length) for (const a of assigned) visit(a, vis);
      else children(n, vis);
    } else children(n, vis);
    if (block) pendingBreak = true;
  }

  visit(document.documentElement, true);
  globalThis.__sxrScan = { nodes, ranges: [], obsOf: [], classOf: null, names: [], current: null };
  return {
    text: texts.join(''), starts, lens, truncated, leftOut, skippedFrames,
    url: location.href, title: document.title,
    highlights: typeof Highlight === 'function' && Boolean(globalThis.CSS?.highlights),
  };
}

/**
 * One Range per occurrence (`flat`: the core's [observable, startNode, startOffset, endNode,
 * endOffset] per occurrence), registered as CSS highlights named `names[class]`, every
 * observable in class 0 until its verdict arrives. Resolves after the next frame is drawn.
 */
export function drawHighlights(flat, count, names) {
  const s = globalThis.__sxrScan;
  if (!s) return { drawn: 0, highlights: false, gone: true };
  s.names = names;
  s.classOf = new Uint8Array(count);
  s.ranges = [];
  s.obsOf = [];
  const nodes = s.nodes;
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
  }
  const has = typeof Highlight === 'function' && Boolean(globalThis.CSS?.highlights);
  if (has) globalThis.__sxrPaint(s);
  return new Promise((resolve) => {
    const done = () => resolve({ drawn: s.ranges.length, highlights: has });
    requestAnimationFrame(() => requestAnimationFrame(done));
    setTimeout(done, 1000); // a hidden tab draws no frames
  });
}

/** Installs the painter in the isolated world (run once before drawHighlights); `css`: the ::highlight rules. */
export function installPainter(css) {
  globalThis.__sxrCss = css;
  // Registers one Highlight per (document, class); ranges in a shadow tree also get the
  // ::highlight rules through a constructed sheet adopted by that shadow root (no DOM node).
  globalThis.__sxrPaint = (s) => {
    const regs = new Map(); // registry → Highlight[] by class
    const roots = new Set();
    const clear = (reg) => { for (const n of s.names) reg.delete(n); reg.delete('sxr-current'); };
    for (let k = 0; k < s.ranges.length; k++) {
      const r = s.ranges[k];
      const doc = r.startContainer.ownerDocument;
      const reg = doc.defaultView?.CSS?.highlights;
      if (!reg) continue;
      if (!regs.has(reg)) { clear(reg); regs.set(reg, s.names.map(() => new doc.defaultView.Highlight())); }
      regs.get(reg)[s.classOf[s.obsOf[k]]].add(r);
      const root = r.startContainer.getRootNode();
      if (root !== doc && root.adoptedStyleSheets) roots.add(root);
    }
    for (const [reg, hs] of regs) hs.forEach((h, c) => { if (h.size) reg.set(s.names[c], h); });
    if (s.current !== null && s.ranges[s.current]) {
      const r = s.ranges[s.current];
      r.startContainer.ownerDocument.defaultView.CSS.highlights.set('sxr-current', new Highlight(r));
    }
    for (const root of roots) {
      if (s.sheetFor?.has(root)) continue;
      s.sheetFor ??= new Map();
      const sheet = new root.ownerDocument.defaultView.CSSStyleSheet();
      sheet.replaceSync(globalThis.__sxrCss || '');
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      s.sheetFor.set(root, sheet);
    }
  };
}

/** New colours: `pairs` = [observable, class, …] from the core's scanColours. */
export function recolour(pairs) {
  const s = globalThis.__sxrScan;
  if (!s?.classOf) return false;
  for (let k = 0; k + 1 < pairs.length; k += 2) s.classOf[pairs[k]] = pairs[k + 1];
  if (typeof Highlight === 'function' && globalThis.CSS?.highlights) globalThis.__sxrPaint(s);
  return true;
}

/** Scrolls the page to occurrence `k` and marks it as the current one. */
export function gotoOccurrence(k) {
  const s = globalThis.__sxrScan;
  const r = s?.ranges[k];
  if (!r) return false;
  s.current = k;
  const el = r.startContainer.parentElement || r.startContainer.getRootNode().host;
  el?.scrollIntoView({ block: 'center', inline: 'nearest' });
  if (typeof Highlight === 'function' && globalThis.CSS?.highlights) globalThis.__sxrPaint(s);
  return true;
}

/** "Clear highlights": every highlight this scan registered, and the shadow roots' sheets. */
export function clearHighlights() {
  const s = globalThis.__sxrScan;
  if (!s) return false;
  const docs = new Set(s.ranges.map((r) => r.startContainer.ownerDocument));
  for (const doc of docs) {
    const reg = doc.defaultView?.CSS?.highlights;
    if (reg) { for (const n of s.names) reg.delete(n); reg.delete('sxr-current'); }
  }
  for (const [root, sheet] of s.sheetFor ?? []) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((x) => x !== sheet);
  globalThis.__sxrScan = null;
  return true;
}
