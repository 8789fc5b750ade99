// What the core must find, and never find, in fixtures/scan-report.html: shared by the Chromium
// (tests/e2e/scan.test.mjs) and the Firefox (tests/e2e-firefox/scan.test.mjs) scan tests.
import assert from 'node:assert/strict';

export const REPORT_FOUND = ['url https://evil.com/gate.php', 'domain evil.com', 'domain malware.example.net', 'ip 198.51.100.23', 'domain cisco.com',
  'domain update-check.org', 'ip 203.0.113.7', 'domain xn--bcher-kva.de', 'domain evil-cdn.org', 'domain stage2.org', 'ip 10.0.0.5',
  'url http://198.51.100.23/payload.bin', 'md5 44d88612fea8a8f36de82e1278abb02f'];
export const REPORT_NEVER = ['script-only.org', 'hidden-by-display.org', 'hidden-by-visibility.org', 'in-template.org', 'in-noscript.org', 'split.org'];

/** `got`: the scan's observables as "type value" strings. */
export function assertReportFound(got) {
  for (const want of REPORT_FOUND) assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`);
  for (const never of REPORT_NEVER) assert.ok(!got.some((v) => v.endsWith(` ${never}`)), `${never} must not be found: ${JSON.stringify(got)}`);
}

// fixtures/scan-invisible.html: rendered text hidden by a style (issue 21, item 3), and text a person sees.
export const INVISIBLE_HIDDEN = ['opacity-zero.example.com', 'faint-parent.example.com', 'font-zero.example.com', 'transparent.example.com', 'clip-path.example.com',
  'clip-rect.example.com', 'off-screen.example.com', 'zero-box.example.com', 'text-indent.example.com', 'sr-only.example.com'];
export const INVISIBLE_SHOWN = ['shown-a.example.com', 'shown-b.example.com', 'twice.example.com'];

/** `observables`: the scan's; each hidden one marked notVisible, each shown one not. */
export function assertVisibility(observables) {
  const byValue = Object.fromEntries(observables.map((o) => [o.value, o]));
  for (const v of INVISIBLE_HIDDEN) assert.equal(byValue[v]?.notVisible, true, `${v}: ${JSON.stringify(byValue[v])}`);
  for (const v of INVISIBLE_SHOWN) assert.equal(byValue[v]?.notVisible, undefined, `${v}: ${JSON.stringify(byValue[v])}`);
  assert.equal(observables.length, INVISIBLE_HIDDEN.length + INVISIBLE_SHOWN.length);
}
