// Confirmation (ARCHITECTURE.md invariant 5): the view's confirm step asks `view→sw:confirm` for
// a one-time nonce bound to the action; `view→sw:trigger` must present it. The rules (bound to
// the action's url, single use, two minutes) are the core's (src/confirm.rs); this module makes
// the random nonce, keeps the confirmations in storage.session (so that a worker restart
// between the two messages does not lose one) and serialises their reads and writes.
import { ready } from './sw-core.js';
import * as storage from './sw-storage.js';
import { trigger } from './sw-client.js';

let lock = Promise.resolve();

/** Runs `fn(core, confirms)` → { confirms, … } alone, and stores its `confirms`. */
function withConfirms(fn) {
  const next = lock.then(async () => {
    const core = await ready;
    const r = fn(core, await storage.readConfirms());
    await storage.writeConfirms(r.confirms);
    return r;
  });
  lock = next.catch(() => {});
  return next;
}

export async function confirmAction(action) {
  const nonce = crypto.randomUUID();
  await withConfirms((core, confirms) => ({ confirms: core.confirmIssue(confirms, action, nonce) }));
  return { nonce };
}

export async function confirmedTrigger(m) {
  const { ok, refused } = await withConfirms((core, confirms) => core.confirmRedeem(confirms, m.nonce, m.action));
  if (!ok) throw refused;
  return trigger(m.action);
}

/** A bulk run's confirmations, one per row, stored in one write (a 4,000-row run starts in time). */
export async function confirmAll(actions) {
  const nonces = actions.map(() => crypto.randomUUID());
  await withConfirms((core, confirms) => ({ confirms: core.confirmIssueAll(confirms, actions, nonces) }));
  return { nonces };
}

/** Uses up every row's confirmation of a bulk run in one write, all or nothing (sw-scan.js, before the run starts). */
export async function redeemAll(nonces, actions) {
  const { ok, refused } = await withConfirms((core, confirms) => core.confirmRedeemAll(confirms, nonces, actions));
  if (!ok) throw refused;
}
