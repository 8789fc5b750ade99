// Generated from src/worker/messages.rs by its test (SXR_WRITE_GENERATED=1 cargo test --lib worker::messages): do not edit.
import type { Observable, Action } from '../../www/pkg/securex_respond.js';
type SettingsForm = { region?: string, baseUrl?: string, privateIntelUrl?: string, clientId?: string, clientSecret?: string, 
/**
 * "device" or "session".
 */
remember?: string, 
/**
 * "signin" or "shared" ("": the mode in effect).
 */
authMode?: string, };
type Prefs = { enrich?: boolean, askInspect?: boolean, sightings?: boolean, auditNote?: boolean, 
/**
 * A locale's tag; "" or another text: the browser's language.
 */
language?: string, };
type ScanGroup = { title: string, 
/**
 * "Block this domain — 7 domains".
 */
label: string, 
/**
 * The actions (as `actions()` returned them), one per target, in list order.
 */
actions: Array<Action>, 
/**
 * "domain evil.com" per action.
 */
targets: Array<string>, };
type NewCasebook = Record<string, unknown>;

export type WorkerMessage =
  /** The selection handed to this respond window (read once). */
  | { type: 'view→sw:selection'; id: string; }
  /** Observables of a text: local, plus Inspect's when asked (the choice is saved). */
  | { type: 'view→sw:find'; text: string; inspect?: boolean; referenceHosts?: string[]; }
  /** The response actions for observables. */
  | { type: 'view→sw:actions'; observables: Observable[]; }
  /** Verdicts (refused while verdicts are turned off). */
  | { type: 'view→sw:verdicts'; observables: Observable[]; }
  /** Pivots (refused while verdicts are turned off). */
  | { type: 'view→sw:pivots'; observables: Observable[]; }
  /** The organisation's API calls left this hour, as last seen. */
  | { type: 'view→sw:budget'; }
  /** A one-time nonce for the confirmed action (two minutes). */
  | { type: 'view→sw:confirm'; action: Action | string; }
  /** The trigger, with its nonce; then the audit note to `casebook` when audit notes are on. */
  | { type: 'view→sw:trigger'; action: Action; nonce: string; casebook?: string; }
  /** The settings pages may see, and the context menu's state. */
  | { type: 'view→sw:status'; }
  /** Sign in from the respond view (the stored settings). */
  | { type: 'view→sw:signin'; }
  /** Sightings in your environment. */
  | { type: 'view→sw:sightings'; observables: Observable[]; }
  /** Verdicts and sightings in one call. */
  | { type: 'view→sw:observe'; observables: Observable[]; }
  /** An Investigate link (no call). */
  | { type: 'view→sw:investigate'; target: string | Observable[] | { casebook: string }; }
  /** Casebooks matching a search (the latest ten first). */
  | { type: 'view→sw:casebooks'; query?: string; }
  /** A new casebook. */
  | { type: 'view→sw:createCasebook'; casebook: NewCasebook; }
  /** Observables (and a note) added to a casebook. */
  | { type: 'view→sw:addToCasebook'; id: string; observables: Observable[]; note?: string; }
  /** The new casebook form's title and description. */
  | { type: 'view→sw:draft'; page?: { title?: string; url?: string }; includeUrl?: boolean; }
  /** The options' "Language" choice (`{ language: "en" | "ja" | "" }`, "": the browser's), read by every page before its first words. */
  | { type: 'page→sw:language'; }
  /** The settings in effect, as pages may see them. */
  | { type: 'options→sw:load'; }
  /** Save: what the core plans is written (a sign-in left behind is signed out first). */
  | { type: 'options→sw:save'; settings: SettingsForm; }
  /** Display preferences, saved at once. */
  | { type: 'options→sw:prefs'; prefs: Prefs; }
  /** Test connection with what the form says. */
  | { type: 'options→sw:test'; settings?: SettingsForm; }
  /** Save the form (when given), then sign in in the browser's auth window. */
  | { type: 'options→sw:signin'; settings?: SettingsForm; stay?: boolean; }
  /** Sign out: the grant revoked (best effort), both tokens forgotten, a new generation. */
  | { type: 'options→sw:signout'; }
  /** "Stay signed in on this device" changed. */
  | { type: 'options→sw:stay'; stay: boolean; }
  /** Test connection in sign-in mode. */
  | { type: 'options→sw:test-signin'; }
  /** The respond view on the onboarding page's sample, opened as the context menu opens it. */
  | { type: 'onboard→sw:sample'; }
  /** Scan the active tab (from the toolbar popup). */
  | { type: 'popup→sw:scan'; tabId: number; }
  /** A scan's result, once it has ended. */
  | { type: 'scan→sw:scan'; id: string; }
  /** A scan's verdicts: beyond the cap only on the analyst's click. */
  | { type: 'scan→sw:verdicts'; id: string; observables: Observable[]; clicked?: boolean; }
  /** Pivots for one observable of a scan. */
  | { type: 'scan→sw:pivots'; observables: Observable[]; }
  /** The actions for a scan's observables, in batches. */
  | { type: 'scan→sw:actions'; observables: Observable[]; }
  /** The organisation's API calls left this hour, as last seen. */
  | { type: 'scan→sw:budget'; }
  /** Repaint the page's highlights (neutral, or by verdict). */
  | { type: 'scan→sw:paint'; id: string; verdictColours?: boolean; classes?: number[]; }
  /** Scroll the page to an occurrence. */
  | { type: 'scan→sw:goto'; id: string; occurrence: number; }
  /** Remove the page's highlights. */
  | { type: 'scan→sw:clear'; id: string; }
  /** One confirmation per row of a bulk run. */
  | { type: 'scan→sw:run-confirm'; urls: string[]; }
  /** Start the confirmed run (one at a time); `casebook`: where its audit notes go. */
  | { type: 'scan→sw:run-start'; groups: ScanGroup[]; nonces: string[]; casebook?: string; }
  /** The stored run, with `audit: { casebook, written, failed, lastError? }` when it has a casebook. */
  | { type: 'scan→sw:run-state'; }
  /** Stop: nothing more is sent after the row in flight. */
  | { type: 'scan→sw:run-stop'; }
  ;

export declare const MSG: {
  readonly VIEW_SELECTION: 'view→sw:selection';
  readonly VIEW_FIND: 'view→sw:find';
  readonly VIEW_ACTIONS: 'view→sw:actions';
  readonly VIEW_VERDICTS: 'view→sw:verdicts';
  readonly VIEW_PIVOTS: 'view→sw:pivots';
  readonly VIEW_BUDGET: 'view→sw:budget';
  readonly VIEW_CONFIRM: 'view→sw:confirm';
  readonly VIEW_TRIGGER: 'view→sw:trigger';
  readonly VIEW_STATUS: 'view→sw:status';
  readonly VIEW_SIGNIN: 'view→sw:signin';
  readonly VIEW_SIGHTINGS: 'view→sw:sightings';
  readonly VIEW_OBSERVE: 'view→sw:observe';
  readonly VIEW_INVESTIGATE: 'view→sw:investigate';
  readonly VIEW_CASEBOOKS: 'view→sw:casebooks';
  readonly VIEW_CREATE_CASEBOOK: 'view→sw:createCasebook';
  readonly VIEW_ADD_TO_CASEBOOK: 'view→sw:addToCasebook';
  readonly VIEW_DRAFT: 'view→sw:draft';
  readonly PAGE_LANGUAGE: 'page→sw:language';
  readonly OPTIONS_LOAD: 'options→sw:load';
  readonly OPTIONS_SAVE: 'options→sw:save';
  readonly OPTIONS_PREFS: 'options→sw:prefs';
  readonly OPTIONS_TEST: 'options→sw:test';
  readonly OPTIONS_SIGNIN: 'options→sw:signin';
  readonly OPTIONS_SIGNOUT: 'options→sw:signout';
  readonly OPTIONS_STAY: 'options→sw:stay';
  readonly OPTIONS_TEST_SIGNIN: 'options→sw:test-signin';
  readonly ONBOARD_SAMPLE: 'onboard→sw:sample';
  readonly POPUP_SCAN: 'popup→sw:scan';
  readonly SCAN_SCAN: 'scan→sw:scan';
  readonly SCAN_VERDICTS: 'scan→sw:verdicts';
  readonly SCAN_PIVOTS: 'scan→sw:pivots';
  readonly SCAN_ACTIONS: 'scan→sw:actions';
  readonly SCAN_BUDGET: 'scan→sw:budget';
  readonly SCAN_PAINT: 'scan→sw:paint';
  readonly SCAN_GOTO: 'scan→sw:goto';
  readonly SCAN_CLEAR: 'scan→sw:clear';
  readonly SCAN_RUN_CONFIRM: 'scan→sw:run-confirm';
  readonly SCAN_RUN_START: 'scan→sw:run-start';
  readonly SCAN_RUN_STATE: 'scan→sw:run-state';
  readonly SCAN_RUN_STOP: 'scan→sw:run-stop';
};
