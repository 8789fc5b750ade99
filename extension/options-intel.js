// The options page's casebook and sightings settings (issue 15): the private intelligence URL
// beside a custom base URL (casebooks; a region brings its own), and two display preferences
// saved at once: "Show sightings" and "Append an audit note to the chosen casebook". The core
// checks the URL and decides where it may be used (src/settings.rs).
import { checkEndpoint } from './pkg/securex_respond.js';
import { errorBox, words } from './respond-view.js';
import { send } from './bridge.js';

/** A form control by id, typed for tsc (a table or an element of ours is cast where used). */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/** The form's private intelligence URL (only beside a custom base URL). */
export function intelForm(custom) {
  return { privateIntelUrl: custom ? $('privateIntelUrl').value : '' };
}

/**
 * The host permission a custom private intelligence URL needs besides the base URL's (asked in
 * the same click); none when there is none or the core refuses it (Save then says why).
 */
export function intelOrigins(f) {
  if (!f.privateIntelUrl) return [];
  try { return [checkEndpoint({ baseUrl: f.privateIntelUrl }).permission]; } catch { return []; }
}

export function fillIntel(s) {
  $('privateIntelUrl').value = s.privateIntelUrl;
  $('privateIntelUrl').disabled = $('baseUrl').disabled;
  $('privateIntelUrlRow').hidden = $('baseUrlRow').hidden;
  $('sightings').checked = s.sightings;
  $('auditNote').checked = s.auditNote;
}

// Shown with the custom base URL.
$('region').addEventListener('change', () => { $('privateIntelUrlRow').hidden = $('region').value !== 'custom'; });

for (const [id, status] of [['sightings', 'sightingsStatus'], ['auditNote', 'auditNoteStatus']]) {
  $(id).addEventListener('change', async () => {
    $(status).textContent = '';
    try {
      const s = await send('options→sw:prefs', { prefs: { [id]: $(id).checked } });
      $(id).checked = s[id];
      $(status).textContent = words().saved;
    } catch (err) {
      $('result').replaceChildren(errorBox(err));
    }
  });
}
