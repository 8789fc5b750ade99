// The first-run page (issue 23.6), opened by the worker on install (src/worker/onboard.rs):
// how to connect, the region, the client, a connection test, then the respond view on a sample.
// Which steps show (a policy's settings are skipped), their order and words, which button is
// ready and where focus goes next are the core's (src/view/onboarding.rs, `viewOnboarding`);
// this page places them and sends the messages the options page sends (Save, Sign in, Test
// connection) and `onboard→sw:sample` (the context menu's flow on the sample).
import init, * as core from './pkg/securex_respond.js';
import { errorBox, words } from './respond-view.js';
import { el } from './dom.js';
import { send, pageWords } from './bridge.js';

const { checkEndpoint, regions, viewConnection, viewOnboarding } = core;
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const loaded = init().then(() => pageWords(core)); // the core, then the page's words in its language
const STEPS = ['mode', 'region', 'client', 'signin', 'test', 'sample'];

/** @type {any} */
let settings = {}; // the settings in effect, as the worker last answered them
let tested = false; // the last Test connection found every required scope (the core's `ok`)
let v = null; // the page as the core lays it out

const chosen = () => /** @type {HTMLInputElement} */ (document.querySelector('input[name=authMode]:checked'))?.value ?? null;

function form() {
  const custom = $('region').value === 'custom';
  return {
    region: custom ? '' : $('region').value,
    baseUrl: custom ? $('baseUrl').value : '',
    // Not asked here (the options page has it): the saved one is kept beside a custom base URL.
    privateIntelUrl: custom ? settings.privateIntelUrl ?? '' : '',
    clientId: $('clientId').value,
    clientSecret: $('clientSecret').value,
    remember: v.remember,
    authMode: v.mode,
  };
}

/** The fields from the settings in effect (on load, and after Save or Sign in). */
function fill() {
  $('region').value = settings.baseUrl ? 'custom' : settings.region;
  $('baseUrl').value = settings.baseUrl ?? '';
  $('baseUrlRow').hidden = $('region').value !== 'custom';
  $('clientId').value = settings.clientId ?? '';
  $('clientSecret').value = '';
  $('clientSecret').placeholder = settings.secretHint ?? '';
}

/** Lays the page out as the core says for the settings, the chosen way to connect and the test. */
function render() {
  v = viewOnboarding(settings, chosen(), tested);
  const w = words();
  document.title = w.onboardTitle;
  $('title').textContent = w.onboardTitle;
  $('intro').textContent = v.intro;
  $('notice').textContent = v.notice;
  $('notice').hidden = !v.notice;
  for (const id of STEPS) $(`step-${id}`).hidden = true;
  for (const s of v.steps) {
    const section = $(`step-${s.id}`);
    section.hidden = false;
    $(`step-${s.id}-h`).textContent = s.heading;
    section.querySelector('.help').textContent = s.help;
  }
  $('modeLegend').textContent = v.steps.find((s) => s.id === 'mode')?.heading ?? '';
  $('signinLabel').textContent = w.onboardSignIn;
  $('signinHelp').textContent = w.onboardSignInModeHelp;
  $('sharedLabel').textContent = w.onboardShared;
  $('sharedHelp').textContent = w.onboardSharedHelp;
  /** @type {HTMLInputElement} */ (document.querySelector(`input[name=authMode][value=${v.mode}]`)).checked = true;
  const fixed = new Set(v.fixed);
  for (const r of document.querySelectorAll('input[name=authMode]')) /** @type {HTMLInputElement} */ (r).disabled = fixed.has('mode');
  $('regionLabel').textContent = w.onboardRegion;
  $('customOption').textContent = w.onboardCustom;
  $('baseUrlLabel').textContent = w.onboardBaseUrl;
  $('region').disabled = $('baseUrl').disabled = fixed.has('host');
  $('clientIdLabel').textContent = w.onboardClientId;
  $('secretLabel').textContent = v.secret;
  $('clientId').disabled = fixed.has('clientId');
  $('clientSecret').disabled = fixed.has('clientSecret');
  $('saveRow').hidden = !v.save;
  $('save').textContent = w.onboardSave;
  $('signinStatus').textContent = v.signInStatus;
  $('signin').textContent = v.signIn;
  $('test').textContent = w.onboardTest;
  $('sample').textContent = w.onboardSample;
  for (const s of v.steps.filter((x) => x.id === 'test' || x.id === 'sample')) {
    $(s.id).disabled = !s.ready;
    $(`why-${s.id}`).textContent = s.why;
  }
  $('optionsLink').textContent = w.onboardOptions;
}

/** After an action: focus on the button the core says comes next. */
const focusNext = () => $(v.next)?.focus();

/** A line, or an element (a result, an error box), in the live region. */
const say = (...what) => $('status').replaceChildren(...what);

/**
 * The chosen host's permission, asked on the user's click (before any await); resolves when
 * allowed, else rejects with the core's error (as the options page does).
 */
function allowed(f) {
  let endpoint;
  try { endpoint = checkEndpoint(f); } catch (e) { return Promise.reject(e); }
  return chrome.permissions.request({ origins: [endpoint.permission, endpoint.intelPermission].filter(Boolean) }).catch(() => false)
    .then((granted) => { if (!granted) throw endpoint.permissionDenied; });
}

async function save(e) {
  e.preventDefault();
  const f = form();
  const permitted = allowed(f);
  say();
  try {
    await permitted;
    settings = await send('options→sw:save', { settings: f });
    tested = false;
    fill();
    render();
    say(words().onboardSaved);
    focusNext();
  } catch (err) {
    say(errorBox(err));
  }
}

async function signIn() {
  const f = form();
  const permitted = allowed(f);
  say(words().signingIn);
  try {
    await permitted;
    settings = await send('options→sw:signin', { settings: f });
    tested = false;
    fill();
    render();
    say(v.signInStatus);
    focusNext();
  } catch (err) {
    say(errorBox(err));
  }
}

async function test() {
  const f = form();
  const permitted = allowed(f);
  $('test').disabled = true;
  say(words().testing);
  try {
    await permitted;
    const c = viewConnection(await send(v.testMessage, { settings: f }));
    tested = c.ok;
    render();
    say(el('div', { class: 'connection' },
      el('p', { class: c.ok ? 'ok' : 'sxr-failure' }, c.head),
      c.limits.length ? el('ul', { class: 'features' }, ...c.limits.map((x) => el('li', { class: 'feature-off', 'data-feature': x.id }, x.reason))) : null));
    focusNext();
  } catch (err) {
    render();
    say(errorBox(err));
  }
}

async function sample() {
  say();
  try {
    await send('onboard→sw:sample');
    say(words().onboardOpened);
  } catch (err) {
    say(errorBox(err));
  }
}

$('form').addEventListener('submit', save);
$('signin').addEventListener('click', signIn);
$('test').addEventListener('click', test);
$('sample').addEventListener('click', sample);
$('region').addEventListener('change', () => { $('baseUrlRow').hidden = $('region').value !== 'custom'; });
for (const r of document.querySelectorAll('input[name=authMode]')) r.addEventListener('change', () => { tested = false; render(); });

async function start() {
  const [s] = await Promise.all([send('options→sw:load'), loaded]);
  settings = s;
  $('region').prepend(...regions().map((r) => el('option', { value: r.id }, r.label)));
  fill();
  render();
  document.body.dataset.ready = '1';
}

start().catch(async (err) => { await loaded; say(errorBox(err)); });
