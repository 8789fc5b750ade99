// Sign-in with the analyst's own Cisco XDR account (issue 16): the authorization code grant with
// PKCE, run by the core (src/oauth.rs). This module only launches the browser's flow
// (identity.launchWebAuthFlow) with the URL the core built, hands the URL the browser came back
// to to the core, and stores what the core plans (src/settings/signin.rs): the access token in
// storage.session, the refresh token in storage.session, or storage.local with "Stay signed in
// on this device". It checks nothing itself: the state, the code and every answer are the core's.
import { ready } from './sw-core.js';
import * as settings from './sw-settings.js';
import { forget, withClient } from './sw-client.js';

/**
 * Signs in: saves the options form first when one is given (sign-in mode, client id, host), then
 * opens the sign-in page in the browser's auth window. Resolves to the settings pages may see.
 */
export async function signIn({ form, stay } = {}) {
  const core = await ready;
  if (form) await settings.save(form);
  forget();
  const plan = await settings.signInPlan();
  const client = new core.Client(plan.options);
  try {
    const pending = client.beginSignIn(chrome.identity.getRedirectURL(), crypto.getRandomValues(new Uint8Array(48)));
    const returned = await chrome.identity.launchWebAuthFlow({ url: pending.authorizeUrl, interactive: true });
    await client.completeSignIn(pending, returned);
    await settings.signedIn(plan.binding, client.tokenState(), client.signInState(), stay);
  } finally {
    client.free();
    forget(); // the next call makes the signed-in client from storage
  }
  return settings.current();
}

/**
 * Signs out: the server is asked to revoke the refresh and access tokens (best effort), and both
 * are forgotten here whatever it answers. Resolves to the settings, with `revokeError` when the
 * revocation failed.
 */
export async function signOut() {
  const core = await ready;
  let revokeError;
  try {
    const plan = await settings.clientPlan();
    const client = new core.Client(plan.options);
    try { await client.signOut(); } catch (e) { revokeError = e?.message; } finally { client.free(); }
  } catch {
    // Not signed in (or no usable settings): nothing to revoke.
  }
  forget();
  await settings.forgetSignIn();
  return { ...(await settings.current()), revokeError };
}

/** "Stay signed in on this device" changed after signing in: the refresh token moves as the core plans. */
export function setStay(stay) {
  return withClient(async (c) => {
    await settings.saveSignIn(c.signInState(), Boolean(stay));
    return settings.current();
  });
}

/** Test connection in sign-in mode: the signed-in client's token and scopes. */
export function testSignedIn() {
  return withClient((c) => c.checkConnection());
}
