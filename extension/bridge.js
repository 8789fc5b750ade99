// Pages → service worker. Every API call happens in the worker; a page only sends a message
// named `<page>→sw:<what>` and gets back a value or the core's error (code, message, details).
export async function send(type, payload = {}) {
  let r;
  try {
    r = await chrome.runtime.sendMessage({ ...payload, type });
  } catch (e) {
    throw Object.assign(new Error(`The extension's background worker did not answer (${e.message}). Try again.`), { code: 'network', noAnswer: true });
  }
  if (!r) throw Object.assign(new Error("The extension's background worker did not answer. Try again."), { code: 'network', noAnswer: true });
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value;
}
