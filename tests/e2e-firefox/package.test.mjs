// The two packages `cargo xtask package` builds, unpacked with Node's own inflate (not xtask's
// code): manifests, file lists, fixed timestamps; and Mozilla's linter on the Firefox one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readZip } from './zip.mjs';
import { packagePath, ROOT } from './ff.mjs';

const VERSION = process.env.PACKAGE_VERSION;
const source = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.json'), 'utf8'));

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [relative(join(ROOT, 'extension'), p)];
  });
}
/** The PNGs xtask draws from each icons/*.svg (the SVG sources do not ship). */
const ICON_PNGS = { icon: [16, 32, 48, 128], 'icon-off': [16, 32], 'icon-busy': [16, 32] };
const PNGS = Object.entries(ICON_PNGS).flatMap(([n, sizes]) => sizes.map((s) => `icons/${n}-${s}.png`));
/** What every package holds: extension/ (icons as PNGs), the shared respond view and its DOM helper, the wasm package's JS and wasm. */
const EXPECTED = [...walk(join(ROOT, 'extension')).filter((n) => !n.endsWith('.svg')), ...PNGS, 'privacy.txt', 'respond-view.js', 'respond-intel.js', 'dom.js', 'respond-view.css', 'pkg/securex_respond.js', 'pkg/securex_respond_bg.wasm'].sort();

const unpack = (browser) => {
  const entries = readZip(packagePath(browser));
  return { entries, names: entries.map((e) => e.name), manifest: JSON.parse(entries.find((e) => e.name === 'manifest.json').data) };
};

test('packages: the version is the one in Cargo.toml', () => {
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const inPackage = cargo.split('[package]')[1].split('\n[')[0];
  assert.equal(VERSION, /\nversion\s*=\s*"([^"]+)"/.exec(inPackage)[1]);
  for (const b of ['chrome', 'firefox']) assert.equal(unpack(b).manifest.version, VERSION, b);
});

test('Chrome/Edge package: the shipped manifest with the version, every file, no dev bits, fixed timestamps', () => {
  const { entries, names, manifest } = unpack('chrome');
  assert.deepEqual(names, EXPECTED, 'sorted, exactly extension/ + view + wasm package');
  assert.deepEqual(manifest, { ...source, version: VERSION });
  assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
  assert.equal(manifest.version_name, undefined);
  assert.ok(!manifest.host_permissions.includes('http://127.0.0.1/*'));
  for (const bad of ['dev-config.json']) assert.ok(!names.includes(bad), bad);
  assert.ok(!names.some((n) => n.endsWith('.map') || n.endsWith('.d.ts') || n.includes('.test.') || n.startsWith('tests/')), JSON.stringify(names));
  for (const e of entries) {
    assert.deepEqual([e.date, e.time, e.mode], [(1 << 5) | 1, 0, 0o100644], `${e.name}: 1980-01-01 00:00, 0644`);
    if (e.name === 'privacy.txt') assert.equal(e.data.toString('utf8'), readFileSync(join(ROOT, 'PRIVACY.md'), 'utf8'), 'the privacy policy, verbatim');
    if (e.name === 'pkg/securex_respond_bg.wasm') assert.ok(e.data.subarray(0, 4).equals(Buffer.from('\0asm')), 'a wasm module');
  }
});

test('icons: every SVG source drawn as PNGs of the stated sizes, named by the manifest', () => {
  const { entries, manifest } = unpack('chrome');
  assert.deepEqual(Object.keys(ICON_PNGS).sort(), walk(join(ROOT, 'extension')).filter((n) => n.endsWith('.svg')).map((n) => n.replace(/^icons\/|\.svg$/g, '')).sort());
  for (const name of PNGS) {
    const data = entries.find((e) => e.name === name)?.data;
    assert.ok(data?.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${name}: a PNG`);
    const size = Number(/-(\d+)\.png$/.exec(name)[1]);
    assert.deepEqual([data.readUInt32BE(16), data.readUInt32BE(20)], [size, size], `${name}: ${size}×${size}`);
  }
  for (const p of [...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)]) assert.ok(PNGS.includes(p), p);
});

test('one source: every file but the manifest is byte-identical in both packages', () => {
  // (Compared with each other, not with extension/ now: other runs in a shared tree may edit the
  // sources or rebuild www/pkg between the build and this test.)
  const firefox = new Map(unpack('firefox').entries.map((e) => [e.name, e.data]));
  const chrome = unpack('chrome').entries.filter((e) => e.name !== 'manifest.json' && e.name !== 'managed_schema.json');
  assert.equal(chrome.length, firefox.size - 1);
  for (const e of chrome) assert.ok(firefox.get(e.name)?.equals(e.data), `${e.name} is the same in both`);
});

test('Firefox package: module event page, gecko id, strict_min_version, no managed schema; the same files otherwise', () => {
  const { names, manifest } = unpack('firefox');
  assert.deepEqual(names, EXPECTED.filter((n) => n !== 'managed_schema.json'));
  assert.deepEqual(manifest.background, { scripts: ['background.js'], type: 'module' });
  assert.equal(manifest.minimum_chrome_version, undefined);
  assert.equal(manifest.storage, undefined, 'Firefox has no managed_schema: the core validates policy values');
  assert.match(manifest.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
  assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, '140.0');
  assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, { required: ['websiteContent'] });
  assert.deepEqual(manifest.options_ui, source.options_ui);
  const without = (m, keys) => Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
  const differ = ['background', 'minimum_chrome_version', 'storage', 'browser_specific_settings', 'version'];
  assert.deepEqual(without(manifest, differ), without(source, differ), 'every other key as in extension/manifest.json');
});

test('web-ext lint (Mozilla\'s add-on linter, offline): no errors on the Firefox package', () => {
  let out;
  try {
    out = execFileSync(join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', packagePath('firefox'), '--output', 'json', '--no-config-discovery'],
      { encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
  } catch (e) {
    out = e.stdout; // exits non-zero when there are errors; the JSON says which
  }
  const report = JSON.parse(out);
  assert.deepEqual(report.errors.map((e) => `${e.code}: ${e.message} (${e.file})`), []);
  // Known warning: data_collection_permissions is newer on Firefox for Android, which this
  // extension does not target (no context menus or popup windows there).
  assert.deepEqual(report.warnings.map((w) => w.code).filter((c) => c !== 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION'), []);
  console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
});
