// The demo flow as a person does it; used by the demo test and by `cargo xtask demo --check`.
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
