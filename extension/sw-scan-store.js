// The scan's storage keys (issue 14), kept beside sw-storage.js (which holds every other key):
// session (extension contexts only; gone when the browser closes)
//   scan:<id>   what one scan found, for its panel: {tabId, url, title, observables, notices,
//               types, nodes, scanned, highlights}; older scans are removed when a new one is stored
//   scanRun     the bulk run (src/scan/run.rs): rows and their states, stored after every step,
//               so a panel reopened, or a worker restarted, sees where it stands
const SCAN = 'scan:';
const RUN = 'scanRun';

export async function putScan(id, scan) {
  const stale = Object.keys(await chrome.storage.session.get(null)).filter((k) => k.startsWith(SCAN));
  if (stale.length) await chrome.storage.session.remove(stale);
  await chrome.storage.session.set({ [SCAN + id]: scan });
}

export async function getScan(id) {
  return (await chrome.storage.session.get(SCAN + String(id)))[SCAN + String(id)] ?? null;
}

export async function readRun() {
  return (await chrome.storage.session.get(RUN))[RUN];
}

export function writeRun(run) {
  return chrome.storage.session.set({ [RUN]: run });
}

export const RUN_KEY = RUN;
