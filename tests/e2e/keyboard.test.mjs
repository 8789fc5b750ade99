// Issue 23, item 2: whole flows by keyboard alone, in the real extension against the stand-in.
// Only page.keyboard (Tab, Shift+Tab, Enter, Space, Escape, a letter in a list box): no mouse, no
// element.click(). At each stop the focused element's focus is drawn (an outline or a box shadow),
// the confirmation takes the focus and gives it back, Escape cancels, and the outcome is said in a
// live region (role=status) whose text is checked. The axe checks are in a11y.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, tenant, fault, events } from './lib.mjs';
import { Ext } from './ext-helpers.mjs';
import { openFixture, openPanel } from './scan-lib.mjs';

const FULL = ['inspect:read', 'response', 'enrich:read'];
let x;
before(async () => { x = await Ext.launch(); });
after(async () => { await x?.close(); });

async function setup({ enrich }) {
  const t = await tenant(FULL);
  await x.configure({ baseUrl: STANDIN, clientId: t.id, clientSecret: t.secret });
  await x.evaluate((on) => chrome.storage.local.set({ enrich: on, sightings: false }), enrich);
  return t;
}
const triggers = async (t) => (await events(t.id)).filter((e) => e.route === 'trigger');

/**
 * The focused element: what it is, where it sits (its action row and module, its label) and
 * whether its focus is drawn (a non-zero outline or a box shadow: the :focus-visible ring).
 */
const focusState = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return { tag: a?.tagName ?? null, visible: false };
  const s = getComputedStyle(a);
  return {
    tag: a.tagName, id: a.id, cls: a.className, text: a.textContent.trim(), mark: a.dataset.kbd ?? null,
    row: a.closest('.sxr-action')?.textContent ?? '', module: a.closest('.sxr-module')?.dataset.module ?? '',
    card: a.closest('.sxr-card')?.querySelector('.sxr-value')?.textContent ?? '',
    label: a.closest('label')?.textContent.trim() ?? '',
    outline: `${s.outlineStyle} ${s.outlineWidth}`, boxShadow: s.boxShadow,
    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
  };
});

function assertVisible(f, what) {
  assert.ok(f.visible, `${what}: the focused ${f.tag}#${f.id}.${f.cls} shows no focus (outline ${f.outline}, box-shadow ${f.boxShadow})`);
}

/** Presses Tab (or Shift+Tab) until the focused element passes `want`; fails after `max` presses. */
async function tabTo(page, want, { back = false, max = 80 } = {}) {
  const seen = [];
  for (let i = 0; i <= max; i++) {
    const f = await focusState(page);
    if (want(f)) return f;
    seen.push(`${f.tag}#${f.id ?? ''}.${f.cls ?? ''} "${(f.text ?? '').slice(0, 30)}"`);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`not reached in ${max} ${back ? 'Shift+Tab' : 'Tab'} presses; focus went: ${seen.join(' → ')}`);
}

/** Waits until the focused element passes `want` (a focus the page moves after an answer). */
async function focusReaches(page, want, what) {
  for (let i = 0; i < 100; i++) {
    const f = await focusState(page);
    if (want(f)) return f;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what}: focus is on ${JSON.stringify(await focusState(page))}`);
}

test('respond view: Jump to actions, Run…, the confirmation takes the focus, Escape and Cancel give it back, Enter runs it once, the result is announced', async () => {
  const t = await setup({ enrich: false });
  const view = await x.menuClick('Beacon to evil.com from 203.0.113.7; cisco.com is fine.');
  await view.bringToFront();
  await view.waitForSelector('.sxr-module');
  const first = await focusState(view);
  assert.equal(first.tag, 'INPUT', 'the first observable has the focus on open');

  // Back to "Jump to actions" (before the list), then on to the first Run….
  assertVisible(await tabTo(view, (f) => f.cls === 'sxr-skip', { back: true, max: 10 }), 'Jump to actions');
  await view.keyboard.press('Enter');
  const jumped = await focusState(view);
  assert.equal(jumped.cls, 'sxr-run', `Jump to actions focuses the first Run…: ${JSON.stringify(jumped)}`);
  assertVisible(jumped, 'the first Run…');

  const isBlock = (f) => f.cls === 'sxr-run' && f.module === 'Umbrella' && f.row.includes('Block this domain') && f.card === 'evil.com';
  assertVisible(await tabTo(view, isBlock), 'Run… of Block this domain');
  await view.evaluate(() => { document.activeElement.dataset.kbd = 'run'; }); // to know it again
  const onRun = (f) => f.mark === 'run';

  // Enter: the confirmation opens under the row with the focus on its Run action; Escape cancels.
  await view.keyboard.press('Enter');
  let f = await focusState(view);
  assert.equal(f.cls, 'sxr-confirm-run sxr-danger', `the confirmation has the focus: ${JSON.stringify(f)}`);
  assertVisible(f, 'Run action');
  assert.equal(await view.locator('.sxr-confirm:not([hidden])').count(), 1);
  await view.keyboard.press('Escape');
  assert.equal(await view.locator('.sxr-confirm:not([hidden])').count(), 0, 'Escape cancels');
  f = await focusState(view);
  assert.ok(onRun(f), `Escape: focus back on the row's Run…: ${JSON.stringify(f)}`);
  assertVisible(f, 'Run… after Escape');

  // Space opens it again; Tab to Cancel, Enter: cancelled, focus back.
  await view.keyboard.press('Space');
  assert.equal((await focusState(view)).cls, 'sxr-confirm-run sxr-danger');
  await view.keyboard.press('Tab');
  f = await focusState(view);
  assert.equal(f.cls, 'sxr-confirm-cancel');
  assertVisible(f, 'Cancel');
  await view.keyboard.press('Enter');
  assert.equal(await view.locator('.sxr-confirm:not([hidden])').count(), 0, 'Cancel closes the confirmation');
  assert.ok(onRun(await focusState(view)), 'Cancel: focus back on the row\u2019s Run…');
  assert.equal((await triggers(t)).length, 0, 'nothing sent before a confirmation');

  // Enter, Enter: run once; the result shows under the row, the focus is back on Run…, and the
  // live region says the result.
  await view.keyboard.press('Enter');
  await view.keyboard.press('Enter');
  await view.waitForSelector('.sxr-result:not([hidden])');
  f = await focusReaches(view, onRun, 'after the result');
  assertVisible(f, 'Run… after the result');
  const live = view.locator('.sxr-view [role="status"].sxr-announce');
  await view.waitForFunction(() => document.querySelector('.sxr-announce').textContent !== '');
  assert.equal(await live.textContent(), 'Done: \u201cBlock this domain\u201d succeeded (Umbrella).');
  assert.match(await view.textContent('.sxr-result'), /succeeded/);
  assert.equal((await triggers(t)).length, 1, 'exactly one trigger');
  assert.deepEqual(x.pageErrors(), []);
  await view.close();
});

test('scan panel: the Malicious filter, Select all shown, Respond, an action ticked, the confirmation takes the focus, Escape, confirm, Stop; each step said', async () => {
  const t = await setup({ enrich: true });
  // Each trigger answers after 4 s: Stop is pressed while the first row is in flight.
  await fault(t.id, 'trigger', { kind: 'delay', ms: 4000 }, 4);
  const { page, tabId } = await openFixture(x, 'scan-report.html');
  const { panel } = await openPanel(x, tabId);
  await panel.bringToFront();
  await panel.waitForSelector('body[data-verdicts="1"]', { timeout: 20000 });

  // The verdict filter: a letter picks "Malicious" in the list box.
  assertVisible(await tabTo(panel, (s) => s.id === 'verdict'), 'the verdict filter');
  await panel.keyboard.press('m');
  await panel.waitForFunction(() => document.querySelector('#verdict').selectedOptions[0].textContent === 'Malicious');
  await panel.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#list tbody tr')];
    return rows.length > 0 && rows.every((r) => r.dataset.class === 'malicious');
  });
  const malicious = await panel.$$eval('#list tbody tr .value', (l) => l.map((e) => e.firstChild.textContent));
  assert.deepEqual(malicious.sort(), ['evil.com', 'malware.example.net']);

  assertVisible(await tabTo(panel, (s) => s.id === 'select-shown'), 'Select all shown');
  await panel.keyboard.press('Enter');
  assert.equal(await panel.textContent('#selected'), '2 selected');

  // Respond: the focus goes to the first action to pick; Tab to "Block this domain", Space ticks it.
  assertVisible(await tabTo(panel, (s) => s.id === 'respond'), 'Respond to selected');
  const pickAndReview = async () => {
    await panel.keyboard.press('Enter');
    await focusReaches(panel, (s) => s.tag === 'INPUT' && s.label.includes('\u2014'), 'the actions to pick');
    assertVisible(await tabTo(panel, (s) => s.label.startsWith('Block this domain')), 'the Block this domain box');
    await panel.keyboard.press('Space');
    assert.equal(await panel.locator('label.group', { hasText: /^ Block this domain/ }).locator('input').isChecked(), true);
    assertVisible(await tabTo(panel, (s) => s.id === 'review'), 'Review…');
    await panel.keyboard.press('Enter');
    const go = await focusReaches(panel, (s) => s.id === 'confirm-run', 'the bulk confirmation');
    assertVisible(go, 'Confirm and run');
    assert.equal(await panel.textContent('#bulk h3'), 'Run 1 action on 2 domains?');
  };
  await pickAndReview();
  // Escape cancels: the confirmation goes, the focus is back on Respond to selected.
  await panel.keyboard.press('Escape');
  assert.equal(await panel.isVisible('#bulk'), false, 'Escape closes the bulk confirmation');
  assert.equal((await focusState(panel)).id, 'respond', 'Escape: focus back on Respond to selected');
  assert.equal((await triggers(t)).length, 0, 'nothing sent before a confirmation');

  await pickAndReview();
  await panel.keyboard.press('Enter');
  // The run starts: its Stop has the focus, and the live region says it started.
  const stop = await focusReaches(panel, (s) => s.id === 'stop-run', 'the run');
  assertVisible(stop, 'Stop');
  const live = panel.locator('#announce[role="status"]');
  assert.equal(await live.textContent(), 'Running 2 actions, one at a time.');
  await panel.keyboard.press('Enter');
  await panel.waitForFunction(() => document.querySelector('#announce').textContent.startsWith('Stopped'), null, { timeout: 15000 });
  assert.equal(await live.textContent(), 'Stopped: 1 succeeded, 0 failed, 0 outcome unknown; 1 not run.');
  assert.equal(await panel.textContent('.run-summary'), 'Stopped: 1 succeeded, 0 failed, 0 outcome unknown; 1 not run.');
  const after = await focusState(panel);
  assert.equal(after.id, 'run', `after Stop the focus stays in the run: ${JSON.stringify(after)}`);
  assertVisible(after, 'the run after Stop');
  const sent = await triggers(t);
  assert.equal(sent.length, 1, 'the row in flight ran; nothing after Stop');
  assert.ok(sent[0].path_and_query.includes('evil.com') || sent[0].path_and_query.includes('malware.example.net'));
  // Continue is next in the tab order: a new confirmation for the row not run takes the focus;
  // Escape gives it back to the run ("Respond to selected" is disabled: nothing is selected now).
  assertVisible(await tabTo(panel, (s) => s.id === 'continue', { max: 5 }), 'Continue');
  await panel.keyboard.press('Enter');
  await focusReaches(panel, (s) => s.id === 'confirm-run', 'the confirmation of the row not run');
  assert.match(await panel.textContent('#bulk h3'), /^Run 1 action on 1 domain/);
  await panel.keyboard.press('Escape');
  assert.equal(await panel.isVisible('#bulk'), false);
  assert.equal((await focusState(panel)).id, 'run', 'Escape: focus back on the run');
  assert.equal((await triggers(t)).length, 1, 'nothing sent without a confirmation');
  assert.deepEqual(x.pageErrors(), []);
  await panel.close();
  await page.close();
});
