// Debian's Firefox ESR, headless, driven through its own WebDriver BiDi (no geckodriver): launch
// with a fresh profile, install the Firefox package as a temporary add-on, open its pages,
// evaluate in them, click with real input events (permissions.request needs a user gesture), take
// screenshots. Run with `node --experimental-websocket` (Node 20); `cargo xtask test` does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from './zip.mjs';

export const ROOT = process.env.REPO_ROOT || process.cwd();
export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const PACKAGE_DIR = process.env.PACKAGE_DIR || join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'target/screenshots');
/** Firefox suspends an idle event page after this many ms (default 30 s): the restart test waits it out. */
export const IDLE_MS = 2000;

/** The package `cargo xtask package` built for `browser` ("chrome" | "firefox"). */
export function packagePath(browser) {
  const version = process.env.PACKAGE_VERSION;
  if (!version) throw new Error('PACKAGE_VERSION is not set: run the suites with cargo xtask test');
  return join(PACKAGE_DIR, `securex-respond-${version}-${browser}.zip`);
}

export function firefoxManifest() {
  return JSON.parse(readZip(packagePath('firefox')).find((f) => f.name === 'manifest.json').data.toString('utf8'));
}

export class Firefox {
  /**
   * Starts Firefox with a fresh profile; `env` adds to its environment (e.g. HOME for a per-user
   * managed-storage manifest). The add-on gets a fixed moz-extension UUID.
   */
  static async launch({ env = {}, prefs = {}, geckoId } = {}) {
    const ff = new Firefox();
    ff.profile = mkdtempSync(join(tmpdir(), 'sxr-ff-'));
    ff.uuid = crypto.randomUUID();
    ff.geckoId = geckoId ?? firefoxManifest().browser_specific_settings.gecko.id;
    const all = {
      'extensions.webextensions.uuids': JSON.stringify({ [ff.geckoId]: ff.uuid }),
      // permissions.request grants without a doorhanger (there is no one to click it headless);
      // the request itself still needs a user gesture, which the tests make with real clicks.
      'extensions.webextOptionalPermissionPrompts': false,
      'extensions.background.idle.timeout': IDLE_MS,
      // A closed network: no update checks, telemetry, captive-portal or remote settings.
      'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false, 'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false, 'extensions.update.enabled': false,
      'services.settings.server': 'http://127.0.0.1:9/', 'network.connectivity-service.enabled': false,
      'browser.startup.homepage_override.mstone': 'ignore', 'browser.aboutwelcome.enabled': false,
      ...prefs,
    };
    writeFileSync(join(ff.profile, 'user.js'), Object.entries(all).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
    ff.stderr = '';
    ff.proc = spawn(FIREFOX, ['-headless', '-no-remote', '-profile', ff.profile, '--remote-debugging-port', '0', '--remote-allow-system-access'],
      { env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ws = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Firefox did not start BiDi:\n${ff.stderr}`)), 30000);
      ff.proc.stderr.on('data', (d) => {
        ff.stderr += d;
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(ff.stderr);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      ff.proc.on('exit', (code) => reject(new Error(`Firefox exited (${code}):\n${ff.stderr}`)));
    });
    ff.ws = new WebSocket(`${ws}/session`);
    ff.next = 0;
    ff.pending = new Map();
    ff.handedOut = new Set(); // contexts open() or waitForContext() returned
    ff.events = [];
    ff.ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.id !== undefined && ff.pending.has(msg.id)) {
        const { resolve, reject } = ff.pending.get(msg.id);
        ff.pending.delete(msg.id);
        if (msg.type === 'error') reject(new Error(`${msg.error}: ${msg.message}`));
        else resolve(msg.result);
      } else if (msg.method) {
        ff.events.push(msg);
      }
    };
    await new Promise((resolve, reject) => { ff.ws.onopen = resolve; ff.ws.onerror = () => reject(new Error('BiDi socket failed')); });
    await ff.send('session.new', { capabilities: {} });
    await ff.send('session.subscribe', { events: ['log.entryAdded', 'browsingContext.domContentLoaded', 'browsingContext.load'] });
    return ff;
  }

  send(method, params) {
    const id = ++this.next;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // unref: a pending timer must not keep the test process alive after the last test.
      setTimeout(() => { if (this.pending.delete(id)) reject(new Error(`${method}: no answer in 30 s`)); }, 30000).unref();
    });
  }

  /** Installs an add-on (a zip or a folder) as a temporary add-on; its pages are under `this.origin`. */
  async install(path) {
    const r = await this.send('webExtension.install', { extensionData: { type: path.endsWith('.zip') ? 'archivePath' : 'path', path } });
    this.origin = `moz-extension://${this.uuid}`;
    return r.extension;
  }

  /** A new tab at `url` (an extension page path like 'options.html', or a full URL). */
  async open(url) {
    const { context } = await this.send('browsingContext.create', { type: 'tab' });
    this.handedOut.add(context);
    await this.send('browsingContext.setViewport', { context, viewport: { width: 760, height: 900 } });
    await this.send('browsingContext.navigate', { context, url: url.includes(':') ? url : `${this.origin}/${url}`, wait: 'complete' });
    return new Page(this, context);
  }

  /** Every open top-level context: [{ context, url }]. */
  async contexts() {
    return (await this.send('browsingContext.getTree', {})).contexts;
  }

  /**
   * Waits for a new top-level context whose URL passes `test`: one this object has not handed out
   * before (a window a failed test left open is never taken for the next test's window).
   */
  async waitForContext(test, ms = 10000) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const found = (await this.contexts()).find((c) => !this.handedOut.has(c.context) && test(c.url));
      if (found) {
        this.handedOut.add(found.context);
        return new Page(this, found.context);
      }
      await sleep(100);
    }
    throw new Error(`no context matched in ${ms} ms: ${JSON.stringify(await this.contexts())}`);
  }

  /**
   * Console errors and JavaScript errors seen in extension pages (BiDi log) and in the
   * background (stderr). Web pages' own errors (e.g. the stand-in login page's CSP) are not ours.
   */
  errors() {
    const urls = new Map();
    for (const e of this.events) {
      if (e.method === 'browsingContext.domContentLoaded' || e.method === 'browsingContext.load') urls.set(e.params.context, e.params.url);
    }
    const ours = (e) => (urls.get(e.params.source?.context) ?? '').startsWith('moz-extension://') || String(e.params.text).includes('moz-extension://');
    const logged = this.events.filter((e) => e.method === 'log.entryAdded' && e.params.level === 'error' && ours(e))
      .map((e) => e.params.text);
    const stderr = this.stderr.split('\n').filter((l) => l.includes('JavaScript error') && l.includes('moz-extension://'));
    return [...logged, ...stderr];
  }

  async close() {
    try { await this.send('browser.close', {}); } catch { /* already gone */ }
    await new Promise((r) => { if (this.proc.exitCode !== null) r(); else { this.proc.on('exit', r); setTimeout(() => { this.proc.kill('SIGKILL'); r(); }, 5000).unref(); } });
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(ff, context) { this.ff = ff; this.context = context; }

  /** Runs `fn(arg)` in the page (awaited) and returns its JSON-serialisable result. */
  async eval(fn, arg) {
    const r = await this.ff.send('script.callFunction', {
      functionDeclaration: `async (a) => JSON.stringify((await (${fn})(JSON.parse(a))) ?? null)`,
      arguments: [{ type: 'string', value: JSON.stringify(arg ?? null) }],
      target: { context: this.context }, awaitPromise: true, resultOwnership: 'none',
    }).catch((e) => { throw new Error(`eval: ${e.message}`); });
    if (r.type === 'exception') throw new Error(`in page: ${r.exceptionDetails.text}`);
    return JSON.parse(r.result.value);
  }

  /** Waits until `fn(arg)` returns something truthy in the page; returns it. */
  async waitFor(fn, arg, ms = 10000) {
    const until = Date.now() + ms;
    let last;
    while (Date.now() < until) {
      try { last = await this.eval(fn, arg); } catch (e) { last = { failed: e.message }; }
      if (last && !last.failed) return last;
      await sleep(100);
    }
    throw new Error(`waitFor timed out: ${String(fn).slice(0, 200)} (last: ${JSON.stringify(last)})`);
  }

  /**
   * A real mouse click at the centre of `selector` (a trusted event: user gestures count);
   * `host >>> inner` looks inside host's shadow root.
   */
  async click(selector, count = 1) {
    // Where the element is, once it stopped moving (verdicts and pivots arriving move the buttons
    // below them) and nothing covers its centre: the same box in two reads 150 ms apart.
    const locate = () => this.waitFor((s) => {
      const [host, inner] = s.split(' >>> ');
      const root = inner ? document.querySelector(host)?.shadowRoot : document;
      const e = root?.querySelector(inner ?? s);
      if (!e || e.disabled || e.hidden) return null;
      e.scrollIntoView({ block: 'center' });
      const r = e.getBoundingClientRect();
      const at = { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) };
      const hit = root.elementFromPoint(at.x, at.y);
      return hit && (hit === e || e.contains(hit)) ? at : null;
    }, selector);
    let box = await locate();
    for (let i = 0; i < 50; i++) {
      await sleep(150);
      const again = await locate();
      if (again.x === box.x && again.y === box.y) break;
      box = again;
    }
    await this.ff.send('input.performActions', {
      context: this.context,
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', x: box.x, y: box.y, origin: 'viewport' },
        ...Array.from({ length: count }, () => [{ type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }]).flat()] }],
    });
  }

  async screenshot(path) {
    const { data } = await this.ff.send('browsingContext.captureScreenshot', { context: this.context, origin: 'document' });
    writeFileSync(path, Buffer.from(data, 'base64'));
  }

  async setViewport(width, height) {
    await this.ff.send('browsingContext.setViewport', { context: this.context, viewport: { width, height } });
  }

  async close() {
    await this.ff.send('browsingContext.close', { context: this.context }).catch(() => {});
  }
}

/**
 * Sets the form's fields the way typing does (input + change events), in order, after choosing
 * how to connect (`mode`: the shared API client, or `signin`).
 */
export function fillOptions(page, fields, mode = 'shared') {
  return page.eval(([f, m]) => {
    const choice = document.querySelector(`input[name=authMode][value=${m}]`);
    if (choice && !choice.checked) {
      choice.checked = true;
      choice.dispatchEvent(new Event('change', { bubbles: true }));
    }
    for (const [id, value] of Object.entries(f)) {
      const e = document.getElementById(id);
      e.value = value;
      e.dispatchEvent(new Event('input', { bubbles: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return true;
  }, [fields, mode]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Serves the HTML files of `dir` (e.g. tests/e2e/fixtures) at `<url><prefix><name>` on 127.0.0.1,
 * a port of its own: Firefox has no request routing like Playwright's, and the extension may
 * reach 127.0.0.1 once the tests granted that host. `OTHER_ORIGIN` in a file becomes the same
 * server under another origin (`http://localhost:<port>`), as tests/e2e/scan-lib.mjs does.
 * Resolves to { url, other, close() }.
 */
export async function serveHtml(dir, prefix = '/') {
  let other = '';
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    let body = null;
    try { if (name && !name.includes('/') && !name.startsWith('.')) body = readFileSync(join(dir, name), 'utf8').replaceAll('OTHER_ORIGIN', other); } catch { /* 404 */ }
    if (body === null) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  other = `http://localhost:${port}`;
  return { url: `http://127.0.0.1:${port}${prefix}`.slice(0, -1), other, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}
