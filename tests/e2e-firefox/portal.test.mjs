// The portal element (<securex-respond> on the demo portal page) in headless Firefox ESR: the
// same select → Respond → actions → confirm → one trigger flow as tests/e2e/portal.test.mjs,
// once, with real mouse clicks; the token comes from the demo back end, never a secret in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Firefox } from './ff.mjs';
import { WWW, events, portalTenant } from '../e2e/lib.mjs';

let ff;
before(async () => { ff = await Firefox.launch(); });
after(async () => { await ff?.close(); });

test('firefox portal: select, Respond, actions, confirm, exactly one trigger; no secret in the page', async () => {
  const t = await portalTenant();
  const page = await ff.open(`${WWW}/portal.html?tenant=${encodeURIComponent(t.id)}`);
  await page.waitFor(() => !document.getElementById('respond-all').disabled);
  await page.eval(() => {
    window.__events = [];
    document.addEventListener('respond-triggered', (e) => window.__events.push({ title: e.detail.action.title, status: e.detail.result.status }));
    getSelection().selectAllChildren(document.getElementById('summary'));
    document.dispatchEvent(new MouseEvent('mouseup'));
    return true;
  });
  await page.click('securex-respond >>> .sxr-float');
  const inShadow = (fn) => page.waitFor(`() => { const r = document.querySelector('securex-respond').shadowRoot; return (${fn})(r); }`);
  const observables = await inShadow((r) => [...r.querySelectorAll('.sxr-observables .sxr-value')].map((e) => e.textContent).join(' ') || null);
  assert.match(observables, /evil\.com/);
  assert.match(observables, /203\.0\.113\.7/);
  await inShadow((r) => {
    const mod = [...r.querySelectorAll('.sxr-module')].find((m) => m.querySelector('h3')?.textContent === 'Umbrella');
    const act = [...(mod?.querySelectorAll('.sxr-action') ?? [])].find((a) => a.querySelector('.sxr-title')?.textContent === 'Block this domain');
    const run = act?.querySelector('button');
    if (run) run.dataset.pick = '1';
    return !!run;
  });
  await page.click('securex-respond >>> [data-pick="1"]');
  assert.match(await inShadow((r) => r.querySelector('.sxr-confirm-text')?.textContent), /Block this domain.*Umbrella.*domain/);
  await page.click('securex-respond >>> .sxr-confirm-run');
  assert.match(await inShadow((r) => { const x = r.querySelector('.sxr-result'); return x && !x.hidden && x.textContent; }), /succeeded/);
  const triggers = (await events(t.id)).filter((e) => e.route === 'trigger');
  assert.equal(triggers.length, 1, 'exactly one trigger reached the stand-in');
  assert.match(triggers[0].path_and_query, /\/umbrella-block\?/);
  assert.ok(triggers[0].origin?.startsWith('http://127.0.0.1:'), 'the call came from the page');
  assert.deepEqual(await page.eval(() => window.__events), [{ title: 'Block this domain', status: 'success' }]);
  const everything = await page.eval(() => document.documentElement.outerHTML + document.querySelector('securex-respond').shadowRoot.innerHTML + JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!everything.includes(t.secret), 'the client secret is not in the page');
  await page.close();
});
