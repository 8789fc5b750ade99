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
  'delay': { fault: { kind: 'delay', ms: 1600 } },
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
    window.__runRow = async ({ route, clientId, clientSecret, text = 'evil.com', timeoutMs = 1000 }) => {
      const client = new pkg.Client({ baseUrl: standin, clientId, clientSecret, timeoutMs });
      const root = document.createElement('div');
      document.body.replaceChildren(root);
      let lastError = null;
      const view = mountRespondView(root, {
        find: (t) => client.find(t, route === 'inspect' ? { local: false, inspect: true } : { local: true }),
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
