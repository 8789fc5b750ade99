// axe-core (npm devDependency) in a page of the end-to-end suites: injected into the page's main
// world through the DevTools protocol (extension pages forbid inline scripts, and the evaluation
// is not subject to the page's CSP), then run over the whole document. axe walks open shadow
// roots itself, so the portal element's view is checked with its host page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a check (issue 23: zero serious or critical violations). */
export const FAILING = ['serious', 'critical'];

/**
 * Every axe violation of the page (all of axe's rules but the experimental ones: WCAG 2.0–2.2
 * A/AA and best practices), each as { id, impact, help, nodes: [{ target, html, summary }] }.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof globalThis.axe?.run === 'function'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.flat().join(' >>> '), html: n.html.slice(0, 160), summary: n.failureSummary ?? '' })),
    }));
  });
}

/** One violation per paragraph: rule, impact, what it asks, and each element with axe's reasons. */
export function formatViolations(violations) {
  return violations.map((v) => [`[${v.impact}] ${v.id}: ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary.replaceAll('\n', '\n      ')}`)].join('\n')).join('\n');
}

/**
 * Fails with axe's readable report when the page has a serious or critical violation; returns the
 * milder ones (moderate, minor) for the caller to log.
 */
export async function assertAccessible(page, what) {
  const all = await axeViolations(page);
  const failing = all.filter((v) => FAILING.includes(v.impact));
  assert.equal(failing.length, 0, `${what}: ${failing.length} serious or critical axe violation(s)\n${formatViolations(failing)}`);
  return all;
}
