// Sealing for the values the core marks in a plan's `local.seal` (issue 21.7: the client
// secret kept on this device, the "Stay signed in" refresh token). storage.local is readable by
// every context of the extension, its content scripts on arbitrary pages too; a sealed value
// there is `{ iv, ct }`: AES-GCM (256 bits) under a non-extractable key that the worker creates
// in the extension origin's IndexedDB, which content scripts (running in the page's origin)
// cannot open. The storage key's name is the additional data, so an envelope moved to another
// key does not open. Only the worker imports this module (through sw-host.js).
const DB = 'sxr-seal';
const STORE = 'keys';
const KEY_ID = 'storage';

const done = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });

function openDb() {
  const req = indexedDB.open(DB, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return done(req);
}

/** The key (read every time: never cached, so a cleared database is noticed); `create` makes one when there is none. */
async function key(create) {
  const db = await openDb();
  try {
    const get = () => done(db.transaction(STORE).objectStore(STORE).get(KEY_ID));
    const found = await get();
    if (found || !create) return found;
    const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    // `add`, not `put`: a key made meanwhile by another call wins, and is used.
    try { await done(db.transaction(STORE, 'readwrite').objectStore(STORE).add(made, KEY_ID)); return made; } catch { return get(); }
  } finally {
    db.close();
  }
}

const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A value as stored sealed under `name`: `{ iv, ct }` (base64). */
export async function seal(value, name = '') {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(JSON.stringify(value));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) }, await key(true), data);
  return { iv: b64(iv), ct: b64(ct) };
}

/**
 * The JSON text of the value sealed under `name` (the core parses it: `opened` in
 * readSettings); throws when it cannot be opened (no key, another key, altered).
 */
export async function open(envelope, name = '') {
  const k = await key(false);
  if (!k) throw new Error('no-sealing-key');
  const data = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(envelope.iv), additionalData: new TextEncoder().encode(name) }, k, unb64(envelope.ct));
  return new TextDecoder().decode(data);
}

/** A sealed value as stored: exactly `{ iv, ct }`, both strings. */
export function isSealed(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.iv === 'string' && typeof v.ct === 'string' && Object.keys(v).length === 2;
}
