// The respond view's casebook, Investigate and sightings calls (issue 15): messages to the
// worker, added to the view's api by what the settings allow (the worker core, src/worker/, routes them to the
// core). `api.page` is the page the selection came from ({ title, url }), when known.
export function installIntel(api, send, st) {
  Object.defineProperty(api, 'pageUrl', { get: () => api.page?.url, configurable: true });
  if (!st.configured) return;
  api.investigateUrl = (target) => send('view→sw:investigate', { target });
  // Verdicts and sightings from one observe call (view.js adds verdicts only without sightings).
  if (st.enrich && st.sightings) api.observe = (observables) => send('view→sw:observe', { observables });
  if (!st.casebooks) return;
  api.casebooks = (query) => send('view→sw:casebooks', { query });
  api.createCasebook = (casebook) => send('view→sw:createCasebook', { casebook });
  api.addToCasebook = (id, observables, note) => send('view→sw:addToCasebook', { id, observables, note });
  api.casebookDraft = (includeUrl) => send('view→sw:draft', { page: api.page, includeUrl });
}
