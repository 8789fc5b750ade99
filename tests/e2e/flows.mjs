// Flows as a person does them. `demoFlow`: the demo page (Playwright), used by the demo test and
// by `cargo xtask demo --check`. `confirmOnce`: the respond view's run-and-confirm, written
// against the driver interface (driver.mjs), run in Chromium and in Firefox.
import { events } from './lib.mjs';

const DEMO_CLIENT = 'client-demo';

/** paste → observables → actions → confirm → result on the demo page; returns what it saw. */
export async function demoFlow(page, wwwUrl) {
  await page.goto(`${wwwUrl}/`);
  await page.waitForSelector('#find:not([disabled])');
  await page.click('#find');
  await page.waitForSelector('.sxr-observables li');
  const observables = await page.$$eval('.sxr-observables li', (lis) => lis.map((li) => li.textContent.trim()));
  await page.waitForSelector('.sxr-module');
  const modules = await page.$$eval('.sxr-module h3', (hs) => hs.map((h) => h.textContent));
  const before = (await events(DEMO_CLIENT)).filter((e) => e.route === 'trigger').length;
  const umbrella = page.locator('.sxr-module', { hasText: 'Umbrella' }).locator('.sxr-action', { hasText: 'Block this domain' }).locator('button');
  await umbrella.first().click();
  const confirmText = await page.textContent('.sxr-confirm-text');
  await page.click('.sxr-confirm-run');
  await page.waitForSelector('.sxr-result:not([hidden])');
  const result = await page.textContent('.sxr-result');
  const after = (await events(DEMO_CLIENT)).filter((e) => e.route === 'trigger');
  return { observables, modules, confirmText, result, triggersSent: after.length - before, lastTrigger: after.at(-1) };
}

/**
 * In a respond view showing actions: Run… on `action` of `module`, read the confirmation, then a
 * double click on its Run (a person's double click must still trigger once). `beforeRun` runs
 * while the confirmation is shown. Returns what it saw and the stand-in's triggers for `clientId`.
 */
export async function confirmOnce(driver, clientId, module, action, { beforeRun } = {}) {
  await driver.waitFor(([m, a]) => {
    // The view settled: settings read and the final find's actions listed (an earlier list is replaced).
    if (document.body.dataset.ready !== '1' || document.querySelector('.sxr-status')?.textContent !== '') return false;
    const mod = [...document.querySelectorAll('.sxr-module')].find((x) => x.querySelector('h3')?.textContent === m);
    const act = [...(mod?.querySelectorAll('.sxr-action') ?? [])].find((x) => x.querySelector('.sxr-title')?.textContent === a);
    const run = act?.querySelector('button');
    if (run) run.dataset.pick = '1';
    return !!run;
  }, [module, action]);
  await driver.click('[data-pick="1"]');
  const confirmText = await driver.waitFor(() => document.querySelector('.sxr-confirm-text')?.textContent);
  const triggersBeforeRun = (await events(clientId)).filter((e) => e.route === 'trigger').length;
  if (beforeRun) await beforeRun();
  await driver.click('.sxr-confirm-run', 2);
  // Up to 30 s for the result: under load a whole-suite run saw 10 s pass without one (three
  // times in two days, never reproduced alone). If it never comes, say what the view and the
  // stand-in showed, so the next run that fails tells whether the trigger was slow or lost.
  let result;
  try {
    result = await driver.waitFor(() => { const r = document.querySelector('.sxr-result'); return r && !r.hidden && r.textContent; }, undefined, 30000);
  } catch (e) {
    const seen = await driver.eval(() => {
      const r = document.querySelector('.sxr-result');
      const c = document.querySelector('.sxr-confirm');
      return {
        result: r && { hidden: r.hidden, text: r.textContent, connected: r.isConnected },
        confirm: c && { hidden: c.hidden, connected: c.isConnected, runDisabled: c.querySelector('.sxr-confirm-run')?.disabled },
        status: document.querySelector('.sxr-status')?.textContent,
      };
    });
    console.log(`no result after Run: ${JSON.stringify(seen)}; the stand-in got ${JSON.stringify((await events(clientId)).map((ev) => `${ev.route} ${ev.status}`))}`);
    throw e;
  }
  const triggers = (await events(clientId)).filter((e) => e.route === 'trigger');
  return { confirmText, triggersBeforeRun, result, triggers };
}
