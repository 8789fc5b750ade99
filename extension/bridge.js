// Pages → service worker. Every API call happens in the worker; a page only sends a message
// named `<page>→sw:<what>` and gets back a value or the core's error (code, message, details).
// No answer at all is an error the core words (`viewError`: `noAnswer`, and for a trigger,
// that it may have run).
export async function send(type, payload = {}) {
  let r;
  try {
    r = await chrome.runtime.sendMessage({ ...payload, type });
  } catch (e) {
    throw Object.assign(new Error(), { code: 'network', noAnswer: true, cause: /** @type {Error} */ (e).message, sent: type });
  }
  if (!r) throw Object.assign(new Error(), { code: 'network', noAnswer: true, sent: type });
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value;
}
