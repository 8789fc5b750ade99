// Issue 23, item 4: dark mode. The extension's respond view and the demo page follow
// prefers-color-scheme; the portal element follows the host page's color-scheme when it declares
// one. Verdict badges keep WCAG AA (4.5:1) in both themes, computed here from getComputedStyle.
// Screenshots of both themes: target/screenshots/view-{light,dark}.png, demo-{light,dark}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { STANDIN, WWW, tenant, launch } from './lib.mjs';
import { Ext, SHOTS } from './ext-helpers.mjs';

let x;
before(async () => { mkdirSync(SHOTS, { recursive: true }); x = await Ext.launch(); });
after(async () => { await x?.close(); });

/** [r, g, b] of a computed `rgb()`/`rgba()` colour (alpha ignored: the colours checked are opaque). */
const rgb = (c) => (/rgba?\(([^)]+)\)/.exec(c)?.[1] ?? '').split(/[ ,/]+/).slice(0, 3).map(Number);
const luminance = (c) => {
  const [r, g, b] = rgb(c).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** WCAG 2 contrast ratio of two computed colours. */
const contrast = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (hi + 0.05) / (lo + 0.05); };
const isOpaque = (c) => !/rgba\(.*,\s*0?\.\d+\)$/.test(c) && c !== 'transparent';

const styles = (page) => page.evaluate(() => {
  const pick = (e) => { const s = getComputedStyle(e); return { color: s.color, background: s.backgroundColor }; };
  return {
    body: pick(document.body),
    view: pick(document.querySelector('.sxr-view')),
    badges: [...document.querySelectorAll('.sxr-observables .sxr-verdict')].map((v) => ({ d: v.dataset.disposition, ...pick(v.querySelector('.sxr-badge')) })),
    type: pick(document.querySelector('.sxr-type')),
  };
});

test('extension view: light and dark follow prefers-color-scheme; text and verdict badges at AA in both', async () => {
  const t = await tenant(['inspect:read', 'response', 'enrich:read']);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  const view = await x.menuClick('Beacon to evil.com; cisco.com is fine.');
  await view.setViewportSize({ width: 560, height: 700 });
  await view.waitForSelector('.sxr-module');
  await view.waitForSelector('.sxr-observables .sxr-badge');
  const seen = {};
  for (const scheme of ['light', 'dark']) {
    await view.emulateMedia({ colorScheme: scheme });
    const s = await styles(view);
    seen[scheme] = s;
    const bg = s.body.background;
    assert.ok(isOpaque(bg), `${scheme}: the page has a background (${bg})`);
    assert.ok(scheme === 'dark' ? luminance(bg) < 0.05 : luminance(bg) > 0.9, `${scheme}: background ${bg}`);
    assert.ok(contrast(s.view.color, bg) >= 7, `${scheme}: view text ${s.view.color} on ${bg}`);
    assert.ok(contrast(s.type.color, bg) >= 4.5, `${scheme}: muted text ${s.type.color} on ${bg}`);
    const ds = s.badges.map((b) => b.d);
    assert.ok(ds.includes('2') && ds.includes('1'), `Malicious and Clean badges: ${JSON.stringify(ds)}`);
    for (const b of s.badges) {
      const ratio = contrast(b.color, isOpaque(b.background) ? b.background : bg);
      assert.ok(ratio >= 4.5, `${scheme}: verdict ${b.d} badge ${b.color} on ${b.background}: ${ratio.toFixed(2)}:1`);
    }
    await view.screenshot({ path: join(SHOTS, `view-${scheme}.png`) });
  }
  assert.notEqual(seen.light.body.background, seen.dark.body.background);
  assert.notEqual(seen.light.view.color, seen.dark.view.color);
});

test('demo page and the portal element: dark by preference; the element keeps a host page\'s declared color-scheme', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1000, height: 800 } });
    await page.goto(`${WWW}/`);
    await page.waitForSelector('#find:not([disabled])');
    await page.click('#find');
    await page.waitForSelector('.sxr-module');
    const dark = await page.evaluate(() => ({ root: getComputedStyle(document.documentElement).backgroundColor, view: getComputedStyle(document.querySelector('.sxr-view')).color }));
    assert.ok(luminance(dark.root) < 0.05, `demo background ${dark.root}`);
    assert.ok(contrast(dark.view, 'rgb(22, 27, 34)') >= 7, `demo view text ${dark.view}`);
    await page.screenshot({ path: join(SHOTS, 'demo-dark.png') });
    // The element: in a page that declares nothing it follows the preference (dark); inside a
    // part of the page that declares `color-scheme: light` it stays light.
    const panels = await page.evaluate(async () => {
      await import('./securex-respond-element.js');
      const make = (scheme) => {
        const box = document.createElement('div');
        if (scheme) box.style.colorScheme = scheme;
        const e = document.createElement('securex-respond');
        box.append(e);
        document.body.append(box);
        const panel = e.shadowRoot.querySelector('.sxr-panel');
        panel.hidden = false;
        return getComputedStyle(panel).backgroundColor;
      };
      return { normal: make(''), light: make('light'), dark: make('dark') };
    });
    assert.ok(luminance(panels.normal) < 0.05, `element, no declared scheme, dark preference: ${panels.normal}`);
    assert.ok(luminance(panels.light) > 0.9, `element in a color-scheme: light page: ${panels.light}`);
    assert.ok(luminance(panels.dark) < 0.05, `element in a color-scheme: dark page: ${panels.dark}`);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.ok(luminance(light) > 0.9, `demo background, light: ${light}`);
    await page.evaluate(() => document.querySelectorAll('securex-respond').forEach((e) => e.parentElement.remove()));
    await page.screenshot({ path: join(SHOTS, 'demo-light.png') });
  } finally {
    await browser.close();
  }
});
