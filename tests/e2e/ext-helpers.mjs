// Helpers for the extension suite: the loaded extension, its service worker (also after a
// restart), opening the respond view the way the context menu does, and a real Chromium
// enterprise policy for storage.managed.
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, watchConsole, ROOT } from './lib.mjs';

// The dev copy this run built (xtask gives each run its own folder); dist/extension by default.
export const EXT_DIR = process.env.EXT_DIR || join(ROOT, 'dist/extension');
export const SHOTS = join(ROOT, 'target/screenshots');

export class Ext {
  static async launch(dir = EXT_DIR) {
    const x = new Ext();
    Object.assign(x, await launchWithExtension(dir));
    x.consoles = [];
    x.context.on('page', (p) => x.watch(p));
    await x.worker.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    return x;
  }

  watch(page) {
    const c = watchConsole(page);
    this.consoles.push({ page, c });
    return c;
  }

  /** Console errors seen so far on extension pages. */
  pageErrors() {
    return this.consoles.flatMap(({ page, c }) => c.errors().map((e) => ({ url: page.url(), ...e })))
      .filter((e) => e.url.startsWith('chrome-extension://'));
  }

  /** The running service worker (a new object after a restart). */
  async sw() {
    const prefix = `chrome-extension://${this.extensionId}/`;
    const live = this.context.serviceWorkers().filter((w) => w.url().startsWith(prefix));
    if (live.length) return live.at(-1);
    return this.context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(prefix), timeout: 10000 });
  }

  async evaluate(fn, arg) {
    return (await this.sw()).evaluate(fn, arg);
  }

  /** Saves settings through the same function the options page's "Save" message runs. */
  async configure(settings) {
    return this.evaluate((s) => globalThis.__sxr.saveSettings(s), { remember: 'session', ...settings });
  }

  /** Calls the context-menu handler with this selection; returns the respond view's page. */
  async menuClick(selectionText) {
    const opened = this.context.waitForEvent('page', { predicate: (p) => p.url().includes('/view.html'), timeout: 10000 });
    await this.evaluate((t) => globalThis.__sxr.onMenuClick({ menuItemId: 'respond-selection', selectionText: t }, undefined), selectionText);
    const page = await opened;
    await page.setViewportSize({ width: 560, height: 760 });
    await page.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
    return page;
  }

  /** The error the respond view shows for `text` with these settings: its code, its message, the
   *  whole box and the window's hint. */
  async errorInView(settings, text = 'evil.com') {
    await this.configure(settings);
    const view = await this.menuClick(text);
    await view.waitForSelector('.sxr-error');
    const r = {
      code: await view.getAttribute('.sxr-error', 'data-code'),
      message: await view.textContent('.sxr-error strong'),
      all: await view.textContent('.sxr-error'),
      hint: await view.textContent('#hint'),
    };
    await view.close();
    return r;
  }

  async page(path) {
    const page = await this.context.newPage();
    await page.goto(`chrome-extension://${this.extensionId}/${path}`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
    return page;
  }

  /**
   * Stops the extension's service worker as Chrome does when it is idle (CDP
   * ServiceWorker.stopAllWorkers) and resolves once DevTools reports it "stopped".
   */
  async stopWorker(viaPage) {
    const cdp = await this.context.newCDPSession(viaPage);
    const script = `chrome-extension://${this.extensionId}/background.js`;
    const stopped = new Promise((resolve) => cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      if (e.versions.some((v) => v.scriptURL === script && v.runningStatus === 'stopped')) resolve();
    }));
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([stopped, new Promise((_, no) => setTimeout(() => no(new Error('worker did not stop')), 10000))]);
    await cdp.detach().catch(() => {});
  }

  async close() {
    await this.context.close();
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

/** Chromium's id for an unpacked extension: sha256 of its absolute path, first 32 hex digits as a–p. */
export function unpackedId(dir) {
  const h = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...h].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export const POLICY_DIR = '/etc/chromium/policies/managed';

/**
 * Loads a private copy of the extension (so its id, and the policy, are unique to this run) with
 * a real Chromium enterprise policy file `3rdparty.extensions.<id>` = `policy` (needs root; no
 * file when `policy` is null).
 */
export async function launchWithPolicy(policy, { fresh = false } = {}) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sxr-ext-')));
  cpSync(EXT_DIR, dir, { recursive: true });
  // `fresh`: without the dev copy's preconfiguration, as a store install starts (first-run page).
  if (fresh) rmSync(join(dir, 'dev-config.json'), { force: true });
  const id = unpackedId(dir);
  mkdirSync(POLICY_DIR, { recursive: true });
  const file = join(POLICY_DIR, `sxr-e2e-${process.pid}-${id}.json`);
  if (policy) writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } }));
  let x;
  try {
    x = await Ext.launch(dir);
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
  const close = x.close.bind(x);
  x.close = async () => {
    try { await close(); } finally {
      rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  };
  x.expectedId = id;
  return x;
}
