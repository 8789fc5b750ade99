// `cargo xtask demo --check`: the demo flow headless, a screenshot, non-zero on any failure.
import { launch, WWW, watchConsole } from './lib.mjs';
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
} catch (e) {
  console.error(`demo check failed: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
