// The wasm core, loaded once per worker start. No top-level await in a service worker (it would
// keep the worker from starting): `ready` is started here and awaited inside each listener.
import init, * as core from './pkg/securex_respond.js';

/** Resolves to the core's exports once the wasm is instantiated. */
export const ready = init().then(() => core);
ready.catch((e) => console.warn('SecureX Respond: could not load the wasm core', e));
