// The shipped manifest's permissions and CSP, checked against an explicit list: widening any of
// them (a permission, a host, a content script, externally_connectable, web-accessible
// resources, a looser CSP) must be a conscious change of this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.env.REPO_ROOT || process.cwd();
const manifest = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.json'), 'utf8'));

const EXPECTED = {
  permissions: ['contextMenus', 'storage', 'activeTab', 'scripting', 'identity'],
  host_permissions: [
    'https://visibility.amp.cisco.com/*',
    'https://visibility.eu.amp.cisco.com/*',
    'https://visibility.apjc.amp.cisco.com/*',
    'https://private.intel.amp.cisco.com/*',
    'https://private.intel.eu.amp.cisco.com/*',
    'https://private.intel.apjc.amp.cisco.com/*',
  ],
  optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
};
const ABSENT = ['content_scripts', 'externally_connectable', 'web_accessible_resources', 'optional_permissions',
  'sandbox', 'declarative_net_request', 'chrome_url_overrides', 'key', 'update_url'];

test('manifest: exact permissions, host permissions, optional hosts, CSP', () => {
  assert.equal(manifest.manifest_version, 3);
  for (const [k, v] of Object.entries(EXPECTED)) assert.deepEqual(manifest[k], v, k);
});

test('manifest: no content scripts, no externally_connectable, no web-accessible resources', () => {
  for (const k of ABSENT) assert.equal(manifest[k], undefined, `${k} must not be in the manifest`);
});

test('manifest: only the known top-level keys', () => {
  assert.deepEqual(Object.keys(manifest).sort(), ['action', 'background', 'commands', 'content_security_policy', 'default_locale', 'description',
    'host_permissions', 'icons', 'manifest_version', 'minimum_chrome_version', 'name', 'optional_host_permissions', 'options_ui',
    'permissions', 'short_name', 'storage', 'version'].sort());
  assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
});

// The PNGs are drawn from extension/icons/*.svg by xtask (icons.rs) into every built copy; the
// manifest names them, and the SVG sources are in the repository.
test('manifest: icons at 16/32/48/128 and the toolbar icon, from the SVG sources', () => {
  const png = (s) => `icons/icon-${s}.png`;
  assert.deepEqual(manifest.icons, { 16: png(16), 32: png(32), 48: png(48), 128: png(128) });
  assert.deepEqual(manifest.action.default_icon, { 16: png(16), 32: png(32) });
  for (const name of ['icon', 'icon-off', 'icon-busy']) {
    const svg = readFileSync(join(ROOT, 'extension/icons', `${name}.svg`), 'utf8');
    assert.match(svg, /<svg [^>]*viewBox="0 0 128 128"/, name);
    assert.doesNotMatch(svg, /<(text|image|script)\b|href=/, `${name}: paths only, nothing external`);
  }
});

test('CSP: no remote or inline script, no eval beyond wasm compilation', () => {
  const csp = manifest.content_security_policy.extension_pages;
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|https?:|\*|data:|blob:/);
});
