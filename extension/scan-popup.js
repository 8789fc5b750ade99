// The toolbar popup's "Scan this page" button: the popup opens on the user's click on the
// toolbar icon, which grants activeTab for the tab under it; the worker scans that tab.
import { viewError, viewLabels } from './pkg/securex_respond.js';
import { el } from './dom.js';
import { send } from './bridge.js';
import { loaded } from './view.js';

if (new URLSearchParams(location.search).has('popup')) {
  loaded.then(() => {
    const b = el('button', { type: 'button', id: 'scan-page' }, viewLabels().scanThisPage);
    b.addEventListener('click', async () => {
      b.disabled = true;
      const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
      try {
        await send('popup→sw:scan', { tabId: tab?.id });
        window.close();
      } catch (e) {
        b.after(el('p', { class: 'sxr-error' }, viewError(e).message));
        b.disabled = false;
      }
    });
    document.querySelector('header')?.append(b);
  });
}
