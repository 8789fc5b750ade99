// Helpers for the hardening suites (tests/e2e/hardening*.test.mjs): the fault table, the
// respond view driven through the JS API inside one page, and small event-log helpers.
import { events } from './lib.mjs';

export const FULL = ['inspect:read', 'response', 'enrich:read'];
const json = 'application/json';
const inTwoMinutes = () => new Date(Date.now() + 120_000).toUTCString();

/** The faults of the matrix, by short name: `times` (1 = once), the stand-in fault body. */
export const FAULTS = {
  '401-once': { times: 1, fault: { kind: 'status', status: 401, body: '{"error":"invalid_token"}', content_type: json } },
  '401-always': { fault: { kind: 'status', status: 401, body: '{"error":"invalid_token"}', content_type: json } },
  '403-scope': { fault: { kind: 'status', status: 403, content_type: json, body: JSON.stringify({ 'missing-scopes': ['response'], error: 'missing_scope', error_description: 'You do not have the required credentials to access this route.', trace_id: 'trace-e2e-403' }) } },
  '429-secs': { fault: { kind: 'status', status: 429, body: '{"error":"too_many_requests"}', content_type: json, headers: { 'Retry-After': '37' } } },
  '429-date': () => ({ fault: { kind: 'status', status: 429, body: '{"error":"too_many_requests"}', content_type: json, headers: { 'Retry-After': inTwoMinutes() } } }),
  '500-trace': { fault: { kind: 'status', status: 500, content_type: json, body: '{"error":"internal","trace_id":"trace-e2e-500"}' } },
  '502-html': { fault: { kind: 'status', status: 502, content_type: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1><script>window.__xss=1</script></body></html>' } },
  '504-empty': { fault: { kind: 'status', status: 504, body: '' } },
  'delay': { fault: { kind: 'delay', ms: 4000 } },
  'truncate': { fault: { kind: 'truncate' } },
  'malformed': { fault: { kind: 'body', body: '{"data": [{"id": "x", ' } },
  'wrong-shape': { fault: { kind: 'body', body: '{"data": 42, "access_token": 7, "expires_in": "soon"}' } },
  'huge-10MB': { fault: { kind: 'huge', bytes: 10 * 1024 * 1024 } },
};

export function faultFor(name) {
  const f = FAULTS[name];
  return typeof f === 'function' ? f() : f;
}

/** Stand-in events of a tenant, counted by route, and triggers carried out. */
export async function tally(clientId) {
  const ev = await events(clientId);
  const by = {};
  for (const e of ev) by[e.route] = (by[e.route] || 0) + 1;
  return { by, executed: ev.filter((e) => e.route === 'trigger' && e.executed).length, events: ev };
}

/** Prints rows (arrays) as an aligned text table. */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  console.log([`\n${title}`, line(all[0]), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n'));
}

/**
 * In a page of the demo server: imports the built package and the shared respond view, and
 * defines window.__runRow(row) → what the user sees after the flow for one (route, fault) row.
 */
export async function preparePage(page, www, standin) {
  await page.goto(`${www}/`);
  await page.evaluate(async ({ standin }) => {
    const pkg = await import('/pkg/securex_respond.js');
    await pkg.default();
    const { mountRespondView } = await import('/respond-view.js');
    const wait = async (pred, ms = 15000) => {
      const t0 = Date.now();
      while (!pred()) {
        if (Date.now() - t0 > ms) throw new Error('timed out waiting in the page');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    window.__runRow = async ({ route, clientId, clientSecret, text = 'evil.com', timeoutMs = 3000 }) => {
      const client = new pkg.Client({ baseUrl: standin, clientId, clientSecret, timeoutMs });
      const root = document.createElement('div');
      document.body.replaceChildren(root);
      let lastError = null;
      const view = mountRespondView(root, {
        find: (t) => pkg.findings(t, route === 'inspect' ? () => client.inspect(t) : undefined),
        actions: (o) => client.actions(o),
        trigger: (a) => client.trigger(a),
      }, { onError: (e) => { lastError = e; } });
      await view.show(text);
      let result = null;
      if (route === 'trigger') {
        const row = [...root.querySelectorAll('.sxr-action')].find((a) => a.querySelector('.sxr-title')?.textContent === 'Block this domain');
        if (!row) throw new Error(`no action to run: ${root.textContent}`);
        row.querySelector('.sxr-run').click();
        window.__armTrigger && await window.__armTrigger();
        root.querySelector('.sxr-confirm-run').click();
        await wait(() => root.querySelector('.sxr-error') || !root.querySelector('.sxr-result').hidden);
        result = root.querySelector('.sxr-result').hidden ? null : root.querySelector('.sxr-result').textContent;
      }
      const err = root.querySelector('.sxr-error');
      client.free();
      return {
        code: err?.dataset.code ?? null,
        message: err?.querySelector('strong')?.textContent ?? null,
        all: err?.textContent ?? null,
        outcomeUnknown: !!lastError?.outcomeUnknown,
        result,
        modules: root.querySelectorAll('.sxr-module').length,
        xss: window.__xss ?? null,
      };
    };
  }, { standin });
}

// ---------- hostile content ----------

const LONG = 'A'.repeat(100 * 1024);
/** Each payload sets window.__xss (or the parent's) to its number if it ever runs. */
export const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"><circle r=9 /></svg>',
  '<iframe srcdoc="<script>parent.__xss=4</script>"></iframe>',
  'javascript:window.__xss=5',
  '<a href="javascript:window.__xss=6">click me</a>',
  '<div onmouseover="window.__xss=7" style="position:fixed;inset:0">hover</div>',
  '"><img src=x onerror=window.__xss=8>',
  "'><svg/onload=window.__xss=9>",
  "{{constructor.constructor('window.__xss=10')()}}",
  '${window.__xss=11}',
  '`${(window.__xss=12)}`',
  '\u202Emoc.live\u202C evil\u202E.com', // RTL override
  'e\u200Bvil\u200D.com\uFEFF\u2060', // zero-width characters
  '&lt;img src=x onerror=window.__xss=15&gt; &amp;lt;script&amp;gt;',
  '</textarea><img src=x onerror=window.__xss=16>',
  '</style><img src=x onerror=window.__xss=17><style>',
  '[click](javascript:window.__xss=18) [ok](https://example.com/) ![i](x" onerror="window.__xss=18)',
  '<details open ontoggle="window.__xss=19">d</details>',
  '<math><mtext></mtext><mglyph><svg><mtext><style><img src=x onerror=window.__xss=20></style></mtext></svg></mglyph></math>',
  '<input autofocus onfocus="window.__xss=21">',
  '<object data="javascript:window.__xss=22"></object>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=23">',
  '<body onload=window.__xss=24>',
  '<embed src="data:text/html,<script>parent.__xss=25</script>">',
  '<a href="https://example.com/" target=_self onclick="window.__xss=26">https link</a>',
  '<style>*{background:url("javascript:window.__xss=27")}</style>',
  `${LONG}<img src=x onerror=window.__xss=28>`, // 100 KB
];
export const SHORT_PAYLOADS = PAYLOADS.filter((p) => p.length < 1000);
/** A module's name or title as the core shows it: at most 300 characters, then "…" (src/api/shown.rs). */
export const shownName = (p) => ([...p].length > 300 ? `${[...p].slice(0, 300).join('')}…` : p);

/** A tenant whose modules (names, titles, descriptions, categories, errors) and Inspect answers are hostile. */
export async function hostileTenant(control, tenant, fault) {
  const t = await tenant(FULL);
  const n = PAYLOADS.length;
  for (let i = 0; i < n; i++) {
    const p = (k) => PAYLOADS[(i + k) % n];
    await control('modules', {
      client_id: t.id,
      module: {
        name: p(0), instance_id: `e2e-xss-${i}`, type_id: `e2e-xss-type-${i}`, types: ['ip'],
        actions: [{ id: `a${i}`, title: p(1), description: `${p(2)} Docs: https://example.com/docs and javascript:window.__xss=99`, categories: [p(3), 'Block'] }],
        trigger_error: { code: `t${i}`, message: p(5), type: 'fatal' },
      },
    });
    // A module with a respond error lists no actions: the error messages get modules of their own.
    await control('modules', {
      client_id: t.id,
      module: {
        name: `Hostile errors ${i}`, instance_id: `e2e-xss-err-${i}`, type_id: `e2e-xss-type-${i}`, types: ['ip'],
        respond_error: { code: `c${i}`, message: p(4), type: i % 2 ? 'warning' : 'error' },
      },
    });
  }
  // Inspect answers: every short payload as a domain value (plus one real one).
  const body = JSON.stringify([...SHORT_PAYLOADS.map((value) => ({ type: 'domain', value })), { type: 'url', value: 'javascript:window.__xss=98' }, { type: 'domain', value: 'evil.com' }]);
  await fault(t.id, 'inspect', { kind: 'body', body });
  return t;
}

/** In a page: dangerous elements or attributes under `root` (shadow roots included), and bad links. */
export function inertCheck(selector) {
  const roots = [];
  const walk = (r) => { roots.push(r); for (const e of r.querySelectorAll('*')) if (e.shadowRoot) walk(e.shadowRoot); };
  walk(document);
  const bad = [];
  for (const r of roots) {
    for (const e of r.querySelectorAll(selector)) {
      for (const d of [e, ...e.querySelectorAll('*')]) {
        const tag = d.tagName.toLowerCase();
        if (['script', 'iframe', 'img', 'svg', 'math', 'object', 'embed', 'meta', 'style', 'body', 'link', 'form', 'base'].includes(tag)) bad.push(`<${tag}>`);
        for (const a of d.attributes) {
          if (/^on/i.test(a.name) || (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcset', 'poster'].includes(a.name) && /^\s*javascript:/i.test(a.value)) || a.name === 'srcdoc' || (a.name === 'style' && /url\(/i.test(a.value))) bad.push(`${tag}[${a.name}=${a.value.slice(0, 40)}]`);
        }
        if (tag === 'a') {
          let ok = false;
          // Investigate and "Open in XDR" links are the core's, built from the configured base URL:
          // plain http only for a loopback one (the stand-in).
          const core = d.matches('.sxr-investigate, .sxr-investigate-all, .sxr-cb-open');
          try {
            const u = new URL(d.href);
            ok = (u.protocol === 'https:' || (core && u.protocol === 'http:' && u.hostname === '127.0.0.1')) && /\bnoopener\b/.test(d.rel);
          } catch { /* bad */ }
          if (!ok) bad.push(`a[href=${d.getAttribute('href')}][rel=${d.rel}]`);
        }
      }
      bad.push(...[...e.querySelectorAll('.sxr-desc a, .sxr-title a, .sxr-module h3 a, .sxr-module-error a')].map((a) => `link from API text: ${a.href}`));
    }
  }
  return { bad, xss: window.__xss ?? null, frames: window.frames.length };
}
