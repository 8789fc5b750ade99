// `cargo xtask lint` runs ESLint over the hand-written JavaScript (no network at test time: the
// packages come from npm devDependencies). Two kinds of rule:
// - correctness: ESLint's recommended set, with the globals of each place the code runs;
// - "JavaScript makes no decisions" (ARCHITECTURE.md invariant 6): the shells in extension/ and
//   www/ may not parse or classify text themselves (no regular expressions, no JSON.parse of API
//   answers, no HTTP status arithmetic, no URL parsing, no trimming, case folding or cutting of
//   text, no clock arithmetic). Those decisions live in the Rust core, where native tests reach them.
import js from '@eslint/js';
import globals from 'globals';

const noDecisions = [
  { selector: 'Literal[regex]', message: 'No regular expressions in the shells: parsing and matching belong in the Rust core (ARCHITECTURE.md invariant 6).' },
  { selector: "NewExpression[callee.name='RegExp']", message: 'No regular expressions in the shells: parsing and matching belong in the Rust core.' },
  { selector: "CallExpression[callee.object.name='JSON'][callee.property.name='parse']", message: 'No JSON parsing in the shells: the core parses answers.' },
  { selector: "MemberExpression[property.name='status'][parent.type='BinaryExpression']", message: 'No HTTP status decisions in the shells: the core classifies failures.' },
  { selector: "CallExpression[callee.name='setTimeout'][arguments.length>1] > ArrowFunctionExpression CallExpression[callee.property.name=/^(trigger|actions|inspect)$/]", message: 'No retries in the shells: the core owns the retry policy.' },
  // A URL typed by a user or sent by an API is checked by the core (config.rs, enrich.rs
  // `clickable`); resolving a module-relative URL (`new URL('./x', import.meta.url)`) is fine.
  { selector: "NewExpression[callee.name='URL'][arguments.length<2]", message: 'No URL parsing in the shells: the core checks base URLs and links (checkEndpoint, clickable).' },
  { selector: "CallExpression[callee.object.name='URL'][callee.property.name=/^(parse|canParse)$/]", message: 'No URL parsing in the shells: the core checks base URLs and links (checkEndpoint, clickable).' },
  // Comparing, trimming or cutting text decides what counts as the same, as empty or as too
  // long (issue 12: the worker once merged observables by lower-cased value and cut selections).
  { selector: "CallExpression[callee.property.name=/^(trim|trimStart|trimEnd|toLowerCase|toUpperCase|toLocaleLowerCase|toLocaleUpperCase|normalize|localeCompare|split|match|matchAll|replace|replaceAll|search|slice|substring|substr)$/]", message: 'No text normalising, splitting or cutting in the shells: the core decides what is empty, equal or too long (findings, capSelection, settings).' },
  // Expiry and lifetimes (tokens, confirmations) are the core's; it reads the clock itself.
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now'], NewExpression[callee.name='Date']", message: 'No clock decisions in the shells: the core owns expiry and lifetimes (token cache, confirmIssue/confirmRedeem).' },
];

export default [
  { ignores: ['www/pkg/**', 'dist/**', 'target/**', 'node_modules/**', 'bench/node_modules/**'] },
  js.configs.recommended,
  {
    files: ['extension/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.browser, ...globals.serviceworker, ...globals.webextensions } },
    rules: { 'no-restricted-syntax': ['error', ...noDecisions] },
  },
  {
    files: ['www/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.browser } },
    rules: { 'no-restricted-syntax': ['error', ...noDecisions] },
  },
  {
    files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
];
