// Where Chrome/Edge and Firefox differ, in one place. The same JavaScript runs in both; only the
// manifest differs (`cargo xtask package` writes each browser's, xtask/src/package.rs):
//
// - namespace: `chrome.*` everywhere. Firefox defines `chrome` as an alias of `browser` and its
//   MV3 `chrome.*` calls return promises, as Chrome's do; no polyfill.
// - background: Chrome/Edge run background.js as a module service worker; Firefox as a module
//   event page (`background.scripts`). Both stop it when idle and start it again on the next
//   event, so the worker keeps nothing that matters in memory (the token is in storage.session).
// - storage.session access level: Chrome/Edge have `setAccessLevel` (set to TRUSTED_CONTEXTS);
//   Firefox has no such method (undefined), and its storage.session is never exposed to
//   content scripts, so there is nothing to set.
// - host permissions: Firefox lets the user refuse or revoke the manifest's host permissions
//   (Chrome/Edge users can withhold site access too), so each call checks the permission of its
//   host first (`hostAllowed`), and the core says what to show when it is missing.
// - managed storage: Chrome/Edge read the policy against managed_schema.json; Firefox reads
//   policies.json `3rdparty.Extensions.<id>` without a schema. Either way the core
//   (src/settings.rs) reads each value leniently: a value of the wrong type counts as absent.

/** storage.session for extension contexts only; resolves to what was done. */
export function restrictSession() {
  const session = chrome.storage.session;
  if (typeof session.setAccessLevel !== 'function') return Promise.resolve('firefox-extension-contexts-only');
  return session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).then(() => 'TRUSTED_CONTEXTS', () => 'unchanged');
}

/** Whether the browser lets the extension reach `permission` (`scheme://host/*`). */
export function hostAllowed(permission) {
  return chrome.permissions.contains({ origins: [permission] }).catch(() => false);
}
