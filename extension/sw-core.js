// The wasm core, loaded once per worker start, and the worker core (src/worker/) over this
// browser's primitives (sw-host.js). No top-level await in a service worker (it would keep the
// worker from starting): `ready` and `worker` are started here and awaited inside each listener.
import init, * as core from './pkg/securex_respond.js';
import { host } from './sw-host.js';

/** Resolves to the core's exports once the wasm is instantiated. */
export const ready = init().then(() => core);
ready.catch((e) => console.warn(chrome.runtime.getManifest().name, e));

/** The worker core: every page message it knows is handled there (`handle`). */
export const worker = ready.then(() => new core.WorkerCore(host));
