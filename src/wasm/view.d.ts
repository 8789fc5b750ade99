// Generated from the view models (src/view/) by `cargo test --lib view::types`: do not edit.
// Rewrite with SXR_WRITE_GENERATED=1 after changing a view model.

/**
 * What an error box shows: the message (what to do), one detail line, and the flags the
 * extension's window offers buttons for.
 */
export type ErrorView = { 
/**
 * For scripts and tests (`data-code`), not for people.
 */
code: string, message: string, detail?: string, outcomeUnknown: boolean, setup: boolean, signIn: boolean, };

/**
 * The confirmation under the row: the question (the action, its module and its target), the
 * two buttons, and the status line while it runs.
 */
export type ConfirmView = { text: string, run: string, cancel: string, keys: string, running: string, };

export type AuditView = { failed: boolean, code?: string, text: string, };

/**
 * What shows under the row after the trigger answered.
 */
export type ResultView = { succeeded: boolean, line: string, 
/**
 * The module's own lines (as it said them).
 */
errors: Array<string>, audit?: AuditView, };

/**
 * A trigger that failed (or whose fate is unknown): its error box and the audit line.
 */
export type FailureView = { error: ErrorView, audit?: AuditView, };

export type Chip = { class: string, title: string, text: string, };

/**
 * One row of the observables list: ticked unless it is a reference host (context, ticked only
 * by the user), and its chips.
 */
export type FoundRow = { checked: boolean, reference: boolean, chips: Array<Chip>, };

/**
 * What a failed enrichment call shows: the scope advice (once), or a line naming the part.
 */
export type EnrichFailure = { 
/**
 * The missing enrich:read scope: one advice line for all parts, not an error per part.
 */
scope: boolean, code: string, text: string, };

export type Note = { code: string, text: string, };

export type VerdictView = { 
/**
 * The badge's title.
 */
title: string, 
/**
 * Per verdict, in order: how long it holds (none when the module did not say).
 */
times: Array<string | null>, 
/**
 * The line instead of a list when no module has a verdict.
 */
empty?: string, };

export type TargetView = { seen?: string, os?: string, observables: string, };

export type SightingsView = { 
/**
 * "3 sightings: AMP · resolved · last seen …" (none when nothing is known to say).
 */
facts?: string, targets: Array<TargetView>, };

/**
 * The fields' words for the chosen way to connect (a shared API client, or signing in).
 */
export type ModeView = { legend: string, secret: string, remember: string, };

export type SignInView = { status: string, button: string, 
/**
 * After Sign out: what happened (the server may not have been told).
 */
signedOut: string, };

export type ScopeRow = { scope: string, 
/**
 * "granted" | "missing" (for scripts and styles)
 */
state: "granted" | "missing", said: string, why: string, };

export type FeatureLimit = { id: string, reason: string, };

/**
 * The result of Test connection: the head line (connected, and which required scopes to add),
 * one row per scope, the granted scopes as the server said, and what the scopes switch off.
 */
export type ConnectionView = { 
/**
 * Nothing required is missing.
 */
ok: boolean, head: string, rows: Array<ScopeRow>, granted: string, limits: Array<FeatureLimit>, };

export type ScanSummaryView = { 
/**
 * The page's title, else its address.
 */
page: string, summary: string, notices: Array<string>, firstRows: number, moreRows: number, };

export type Placed = { m: number, a: number, 
/**
 * The target line ("domain evil.com"), in the general group only: in a card the card says it.
 */
target?: string, };

/**
 * A module's box in a card or in the general group: its name, its error lines (general group
 * only: a module's errors are not about one observable), and its actions in answer order.
 */
export type Group = { module: string, errors: Array<string>, actions: Array<Placed>, };

/**
 * Why a card's actions wait behind a click, and the words of that click.
 */
export type Fold = { 
/**
 * `reference`: a reference host (context, not a threat); `verdict`: rated Clean or Common.
 */
why: string, summary: string, };

export type Card = { 
/**
 * The findings' row (ticked, reference host, chips): not flattened, which costs the wasm
 * a serializer of its own; the page reads `row.checked`.
 */
row: FoundRow, 
/**
 * The Unicode form of an IDN value, shown beside it (the value stays the A-label).
 */
unicode?: string, unicodeTitle?: string, modules: Array<Group>, fold?: Fold, };

export type General = { heading: string, modules: Array<Group>, };

export type CardsView = { 
/**
 * One per observable found, in the findings' order.
 */
cards: Array<Card>, 
/**
 * The actions with no single target among the cards, and every module's errors.
 */
general?: General, 
/**
 * The line when the modules offer no action at all.
 */
empty?: string, };
