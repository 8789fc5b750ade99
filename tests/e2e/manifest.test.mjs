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
  assert.deepEqual(Object.keys(manifest).sort(), ['action', 'background', 'commands', 'content_security_policy', 'description',
    'host_permissions', 'manifest_version', 'minimum_chrome_version', 'name', 'optional_host_permissions', 'options_ui',
    'permissions', 'short_name', 'storage', 'version'].sort());
  assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
});

test('CSP: no remote or inline script, no eval beyond wasm compilation', () => {
  const csp = manifest.content_security_policy.extension_pages;
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|https?:|\*|data:|blob:/);
});
