// The toolbar popup's "Scan this page" button: the popup opens on the user's click on the
// toolbar icon, which grants activeTab for the tab under it; the worker scans that tab.
import { send } from './bridge.js';

if (new URLSearchParams(location.search).has('popup')) {
  const b = Object.assign(document.createElement('button'), { type: 'button', id: 'scan-page', textContent: 'Scan this page' });
  b.addEventListener('click', async () => {
    b.disabled = true;
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    try {
      await send('popup→sw:scan', { tabId: tab?.id });
      window.close();
    } catch (e) {
      b.after(Object.assign(document.createElement('p'), { className: 'sxr-error', textContent: e.message }));
      b.disabled = false;
    }
  });
  document.querySelector('header')?.append(b);
}
