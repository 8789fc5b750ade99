// The demo page in headless Chromium against the stand-in: the whole respond flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, WWW, watchConsole } from './lib.mjs';
import { demoFlow } from './flows.mjs';

test('demo page: paste, observables, actions by module, confirm, one trigger', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const console_ = watchConsole(page);
    const seen = await demoFlow(page, WWW);
    assert.ok(seen.observables.some((o) => o.includes('evil.com')), JSON.stringify(seen.observables));
    assert.ok(seen.modules.includes('Umbrella') && seen.modules.includes('Broken Relay'), JSON.stringify(seen.modules));
    assert.match(seen.confirmText, /Block this domain.*Umbrella/);
    assert.match(seen.result, /succeeded/);
    // Regression: the result once ended in a stray "null" (no audit note was asked for).
    assert.equal(seen.result.trim(), 'Done: “Block this domain” succeeded (Umbrella).');
    assert.equal(seen.triggersSent, 1);
    assert.match(seen.lastTrigger.path_and_query, /^\/iroh\/iroh-response\/respond\/trigger\/[^/]+\/umbrella-block\?/);
    const html = await page.content();
    assert.ok(!html.includes('demo-secret'), 'the client secret never reaches the page');
    assert.deepEqual(console_.errors(), []);
  } finally {
    await browser.close();
  }
});
