// Casebooks, Investigate links, sightings and audit notes in the worker (issue 15). Routing
// only: the core builds every request, link, draft and note (src/intel.rs, src/api/intel.rs,
// src/investigate.rs) and says whether sightings are allowed (clientPlan refuses them while
// the user turned them off).
import { ready } from './sw-core.js';
import * as settings from './sw-settings.js';
import { withClient } from './sw-client.js';

const SIGHTINGS = { enrich: true, sightings: true };
/** Casebook calls: the core's plan then names a custom private-intel host to check as well. */
const CASEBOOKS = { casebooks: true };
/** Casebooks a search lists (the latest first). */
const LIST = { limit: 10 };

/** What a page gets for a failure: the core's error fields as they are, and the message. */
function errorJson(e) {
  return { ...(e instanceof Error ? e : {}), ...(e && typeof e === 'object' ? e : {}), message: String(e?.message ?? e) };
}

export const INTEL_HANDLERS = {
  'view→sw:sightings': (m) => withClient((c) => c.sightings(m.observables), SIGHTINGS),
  'view→sw:observe': (m) => withClient((c) => c.observe(m.observables), SIGHTINGS),
  'view→sw:investigate': (m) => withClient((c) => c.investigateUrl(m.target)),
  'view→sw:casebooks': (m) => withClient((c) => c.casebooks(m.query, LIST), CASEBOOKS),
  'view→sw:createCasebook': (m) => withClient((c) => c.createCasebook(m.casebook), CASEBOOKS),
  'view→sw:addToCasebook': (m) => withClient((c) => c.addToCasebook(m.id, m.observables, m.note), CASEBOOKS),
  'view→sw:draft': async (m) => (await ready).casebookDraft({ pageTitle: m.page?.title, pageUrl: m.page?.url, includeUrl: m.includeUrl }),
};

/**
 * A confirmed trigger (`trigger` is sw-confirm.js's), then, when the user chose a casebook in
 * the view and turned audit notes on, the note of how it ended appended to that casebook. The
 * result (or the error) says whether the note was written; the trigger's own outcome is never
 * changed by the note.
 */
export async function auditedTrigger(m, trigger) {
  let result;
  let failure;
  try {
    result = await trigger(m);
  } catch (e) {
    failure = e;
  }
  const auditNote = m.casebook ? await note(m, failure ? errorJson(failure) : result) : undefined;
  if (failure) throw auditNote ? Object.assign(errorJson(failure), { auditNote }) : failure;
  return auditNote ? { ...result, auditNote } : result;
}

async function note(m, outcome) {
  if (!(await settings.current()).auditNote) return undefined;
  try {
    const book = await withClient((c) => c.noteAction(m.casebook, m.action, outcome), CASEBOOKS);
    return { casebook: book.title, text: book.texts.at(-1)?.text ?? '' };
  } catch (e) {
    return { error: errorJson(e) };
  }
}
