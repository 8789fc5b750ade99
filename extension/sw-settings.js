// The extension's settings: read from storage, decided by the core (src/settings.rs: policy >
// user > dev defaults, the administrator's secret only to the policy's host, a user's secret
// only to the origin it was entered for), written as the core plans. Nothing is decided here.
import { ready } from './sw-core.js';
import * as storage from './sw-storage.js';

let devConfig = null;
/** dev-config.json's text: only the dev copy `cargo xtask demo` builds has the file (and says so in its manifest). */
function devText(core) {
  if (!core.isDevBuild(chrome.runtime.getManifest().version_name)) return null;
  devConfig ??= fetch(chrome.runtime.getURL('dev-config.json')).then((r) => r.text()).catch(() => null);
  return devConfig;
}

async function stored(core) {
  return storage.readSettings(await devText(core));
}

/** The settings in effect, as pages may see them (never the secret); removes what is never used again. */
export async function current() {
  const core = await ready;
  const r = core.resolveSettings(await stored(core));
  await storage.apply(r.cleanup);
  return r.public;
}

/** The worker's client for the stored settings (`{ enrich: true }` for verdicts and pivots); throws why there is none. */
export async function clientPlan(purpose) {
  const core = await ready;
  return core.clientPlan(await stored(core), purpose);
}

/**
 * Save in the options page: writes what the core plans (or throws its reason). A sign-in the
 * new settings leave behind (another host or client id) has its grant removed on the server
 * first, best effort, then its tokens go with the save.
 */
export async function save(form) {
  const core = await ready;
  const old = core.signInToEnd(await stored(core), form);
  if (old) {
    const client = new core.Client(old.options);
    try { await client.signOut(); } catch (e) { console.warn('SecureX Respond: removing the old sign-in', e?.message); } finally { client.free(); }
    await storage.apply(core.planSignOut(await stored(core)));
  }
  await storage.apply(core.planSave(await stored(core), form));
  return current();
}

/** Display preferences ({ enrich }, { askInspect }), saved at once, never locked by policy. */
export async function savePrefs(prefs) {
  const core = await ready;
  await storage.apply(core.planPrefs(prefs));
}

/** The client options for Test connection with what the form says. */
export async function testOptions(form) {
  const core = await ready;
  return core.planTest(await stored(core), form);
}

/** Sign-in (issue 16): the client to start a sign-in with, for the stored settings; throws why not. */
export async function signInPlan() {
  const core = await ready;
  return core.signInPlan(await stored(core));
}

/**
 * Sign-in: where the client's refresh token goes (`stay`: "Stay signed in on this device" just
 * chosen), or that it is gone. `generation`: the writing client's; the core drops the write
 * once a sign-out or a new sign-in started another generation.
 */
export async function saveSignIn(state, stay, generation) {
  const core = await ready;
  await storage.apply(core.planSession(await stored(core), state, stay, generation));
}

/** A client's access token after a call, unless its generation is over (the core decides). */
export async function saveToken(binding, token, generation) {
  const core = await ready;
  await storage.apply(core.planToken(await stored(core), binding, token, generation));
}

/** A completed sign-in's tokens, in a new generation. */
export async function signedIn(binding, token, state, stay) {
  const core = await ready;
  await storage.apply(core.planSignedIn(await stored(core), binding, token, state, stay));
}

/** Sign out: both tokens forgotten, wherever they are, in a new generation. */
export async function forgetSignIn() {
  const core = await ready;
  await storage.apply(core.planSignOut(await stored(core)));
}
