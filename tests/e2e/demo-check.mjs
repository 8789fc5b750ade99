// `cargo xtask demo --check`: the demo flow headless, a screenshot, non-zero on any failure.
import { launch, WWW, watchConsole, events } from './lib.mjs';
import { demoFlow } from './flows.mjs';
import { join } from 'node:path';

const out = process.env.DEMO_OUT || 'target/demo';
const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
  const console_ = watchConsole(page);
  const seen = await demoFlow(page, WWW);
  await page.screenshot({ path: join(out, 'demo.png'), fullPage: true });
  const checks = [
    ['observables shown', seen.observables.length >= 3],
    ['actions listed by module', seen.modules.includes('Umbrella')],
    ['confirmation names action, module and observable', /Block this domain.*Umbrella.*domain/.test(seen.confirmText)],
    ['trigger succeeded', /succeeded/.test(seen.result)],
    ['exactly one trigger reached the stand-in', seen.triggersSent === 1],
    ['no console errors', console_.errors().length === 0],
  ];
  for (const [name, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
    failed ||= !ok;
  }
  if (console_.errors().length) console.log(console_.errors());
  console.log(`screenshot: ${join(out, 'demo.png')}`);

  // The portal embed: select in the ticket, floating Respond, the same flow in <securex-respond>.
  const portal = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  const portalConsole = watchConsole(portal);
  const p = await portalFlow(portal, WWW);
  await portal.click('#mail', { clickCount: 3 }); // show the floating button in the screenshot
  await portal.locator('securex-respond .sxr-float').waitFor({ state: 'visible' });
  await portal.screenshot({ path: join(out, 'portal.png'), fullPage: true });
  const portalChecks = [
    ['portal: observables from the selection', p.observables.some((o) => o.includes('evil.com'))],
    ['portal: actions listed by module', p.modules.includes('Umbrella')],
    ['portal: trigger succeeded', /succeeded/.test(p.result)],
    ['portal: exactly one trigger reached the stand-in', p.triggersSent === 1],
    ['portal: respond-triggered reached the page', /Ran “Block this domain”/.test(p.status)],
    ['portal: no console errors', portalConsole.errors().length === 0],
  ];
  for (const [name, ok] of portalChecks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
    failed ||= !ok;
  }
  if (portalConsole.errors().length) console.log(portalConsole.errors());
  console.log(`screenshot: ${join(out, 'portal.png')}`);
} catch (e) {
  console.error(`demo check failed: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

async function portalFlow(page, wwwUrl) {
  await page.goto(`${wwwUrl}/portal.html`);
  await page.waitForSelector('#respond-all:not([disabled])');
  await page.click('#summary', { clickCount: 3 });
  const float = page.locator('securex-respond .sxr-float');
  await float.waitFor({ state: 'visible' });
  await float.click();
  await page.waitForSelector('securex-respond .sxr-module');
  const observables = await page.locator('securex-respond .sxr-observables li').allTextContents();
  const modules = await page.locator('securex-respond .sxr-module h3').allTextContents();
  const before = (await events('client-demo')).filter((e) => e.route === 'trigger').length;
  await page.locator('securex-respond .sxr-module', { hasText: 'Umbrella' })
    .locator('.sxr-action', { hasText: /Run…Block this domain/ }).locator('button').click();
  await page.locator('securex-respond .sxr-confirm-run').click();
  await page.waitForSelector('securex-respond .sxr-result:not([hidden])');
  const result = await page.locator('securex-respond .sxr-result').textContent();
  const after = (await events('client-demo')).filter((e) => e.route === 'trigger').length;
  return { observables, modules, result, triggersSent: after - before, status: await page.textContent('#status') };
}
