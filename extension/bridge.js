// Pages → service worker. Every API call happens in the worker; a page only sends a message
// named `<page>→sw:<what>` and gets back a value or the core's error (code, message, details).
// No answer at all is an error the core words (`viewError`: `noAnswer`, and for a trigger,
// that it may have run).
import { localise } from './dom.js';

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

/**
 * The page's language, once, before its first words: the options' choice (asked of the worker)
 * over the browser's UI language, as the core chooses (`setLocale`); then `<html lang>` and the
 * page's static words (`data-label`, www/dom.js `localise`). No answer: the browser's language.
 */
export async function pageWords(core) {
  const { language } = await send('page→sw:language').catch(() => ({ language: '' }));
  document.documentElement.lang = core.setLocale(language, [chrome.i18n.getUILanguage()]);
  localise(document, core.viewLabels());
}
