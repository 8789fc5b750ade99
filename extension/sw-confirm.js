// Confirmation (ARCHITECTURE.md invariant 5): the view's confirm step asks `view→sw:confirm` for
// a one-time nonce bound to the action url; `view→sw:trigger` must present it. Single use, two
// minutes. Kept in storage.session (serialized here) so that a worker restart between the two
// messages does not lose it.
import * as storage from './sw-storage.js';
import { trigger } from './sw-client.js';

const CONFIRM_TTL_MS = 120_000;
let lock = Promise.resolve();

function withConfirms(fn) {
  const next = lock.then(async () => {
    const confirms = await storage.readConfirms();
    const c = confirms && typeof confirms === 'object' ? confirms : {};
    for (const [k, v] of Object.entries(c)) if (!(v?.until > Date.now())) delete c[k];
    const out = fn(c);
    await storage.writeConfirms(c);
    return out;
  });
  lock = next.catch(() => {});
  return next;
}

const actionUrl = (action) => (typeof action === 'string' ? action : action?.url);

export function confirmAction(action) {
  const url = actionUrl(action);
  if (typeof url !== 'string' || !url) throw Object.assign(new Error('Nothing to confirm: no action.'), { code: 'bad-input' });
  const nonce = crypto.randomUUID();
  return withConfirms((c) => { c[nonce] = { url, until: Date.now() + CONFIRM_TTL_MS }; return { nonce }; });
}

export async function confirmedTrigger(m) {
  const url = actionUrl(m.action);
  const ok = await withConfirms((c) => {
    if (typeof m.nonce !== 'string' || !Object.hasOwn(c, m.nonce)) return false;
    const e = c[m.nonce];
    delete c[m.nonce];
    return e.url === url;
  });
  if (!ok) throw Object.assign(new Error('Not sent: this action was not confirmed in the respond view (or the confirmation was already used). Confirm it again.'), { code: 'bad-input' });
  return trigger(m.action);
}
