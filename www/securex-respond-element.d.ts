// Types for www/securex-respond-element.js (the <securex-respond> custom element).
import type { Action, TriggerResult, SecureXRespondError, Client } from './pkg/securex_respond.js';

/** Your back end exchanges the API client's credentials and returns only the token. */
export type TokenProvider = () => Promise<{ accessToken: string; expiresIn: number }>;

export interface RespondTriggeredDetail { action: Action; result: TriggerResult; }
/** `load-failed`: the WebAssembly core did not start (a CSP without 'wasm-unsafe-eval', or its files missing). */
export interface RespondErrorDetail { error: SecureXRespondError; code?: SecureXRespondError['code'] | 'load-failed'; message?: string; }

/** Loads the wasm once per page (from ./pkg/ next to the module). */
export function load(): Promise<unknown>;

export class SecureXRespondElement extends HTMLElement {
  /** Attribute `proxy` (recommended for portals): `base-url` is the portal's own path that forwards to Threat Response ("/securex"); no token in the page, no tokenProvider. */
  proxy: boolean;
  /** Attribute `region`: "us" | "eu" | "apjc". Exactly one of region / baseUrl. */
  region: string;
  /** Attribute `base-url`: https://host of the API; in proxy mode "/path" or "https://portal.example.com/path" on the page's origin. */
  baseUrl: string;
  /** Attribute `for`: id of the container whose selections get a floating "Respond" button. */
  htmlFor: string;
  /** Attribute `inspect`: also send the text to Threat Response Inspect (default: local extraction only). */
  inspect: boolean;
  /** Attribute `no-enrich`: no verdict badges or pivot links (otherwise each respond also asks verdicts and pivots: 2 more API calls, needs enrich:read). */
  noEnrich: boolean;
  /** Attribute `no-sightings`: no "Seen on N of your hosts" (otherwise each respond also asks observe/observables: 1 more API call). */
  noSightings: boolean;
  /** Attribute `private-intel-url`: where casebooks are, beside `base-url` (a region brings its own). */
  privateIntelUrl: string;
  /** Attribute `audit-note`: after each confirmed action, append a note to the casebook chosen in the panel (1 more API call). */
  auditNote: boolean;
  /** Attribute `actor`: who audit notes name (the portal's user); by default "A portal user". */
  actor: string;
  /** Attribute `timeout-ms`: per-request timeout (1000..300000). */
  timeoutMs: number | undefined;
  /** Token-provider mode (without `proxy`): where tokens come from. Never give the page a client secret. */
  tokenProvider: TokenProvider | null;
  /** Instead of `for`: the container element itself. */
  container: Element | null;
  /** The last text responded to; setting it runs the flow. */
  text: string;
  /** The Client in use (built on first use), or null. */
  readonly client: Client | null;
  /** Runs the flow for `text`; resolves once observables (and actions) are shown. */
  respond(text: string): Promise<void>;
  /** Hides the panel. */
  close(): void;
}

declare global {
  interface HTMLElementTagNameMap { 'securex-respond': SecureXRespondElement; }
  interface HTMLElementEventMap {
    'respond-triggered': CustomEvent<RespondTriggeredDetail>;
    'respond-error': CustomEvent<RespondErrorDetail>;
  }
}
