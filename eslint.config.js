// `cargo xtask lint` runs ESLint over the hand-written JavaScript (no network at test time: the
// packages come from npm devDependencies). Two kinds of rule:
// - correctness: ESLint's recommended set, with the globals of each place the code runs;
// - "JavaScript makes no decisions" (ARCHITECTURE.md invariant 6): the shells in extension/ and
//   www/ may not parse or classify text themselves (no regular expressions, no JSON.parse of API
//   answers, no HTTP status arithmetic, no URL parsing, no trimming, case folding or cutting of
//   text, no clock arithmetic). Those decisions live in the Rust core, where native tests reach them.
// - "the core writes every word" (issue 22): a string that reads as a sentence or a label in a
//   page (local/no-sentences below) fails; the words come from the core's catalogue
//   (src/view/text.rs: viewLabels, say, the view models). The few that cannot (the portal
//   element saying the core did not load) are allowed where they stand, with the reason.
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

// A string literal (or a template's text) that people would read: two or more words of letters
// in a row ("Saved the file"), a capitalised word ("Cancel"), or words ending like a sentence
// ("Saved.", "Testing…"). Not: class lists (sxr-chip sxr-x), selectors, paths, URLs, message
// types (view→sw:find), attribute names, or a value compared against (e.key === 'Escape').
const WORDS = /(^|\s)[A-Za-z\u2019']{2,}\s+[A-Za-z\u2019']{2,}(\s|[.,:;?!…]|$)/u;
const LABEL = /^\s*[A-Z][a-z]+(\s|[.…?!:]|$)/u;
const ENDS = /[A-Za-z][.…?!]\s*$/u;
const CODE = /^(\.{0,2}\/|#|https?:|[a-z-]+→|[a-z]+:[a-z])|[[\]=>{}()]|^[.#]?[a-z][\w-]*([ .:][\w-]+)*$/u;
function readsAsWords(text) {
  if (!/[A-Za-z]/u.test(text)) return false;
  if (WORDS.test(text) || LABEL.test(text)) return true;
  return ENDS.test(text) && !CODE.test(text);
}
const local = {
  rules: {
    'no-sentences': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const report = (node) => context.report({ node, message: 'No sentences or labels in the pages: take the words from the core (src/view/text.rs: viewLabels(), say(), the view models), so every locale is one table.' });
        const exempt = (node) => {
          const p = node.parent;
          return (p.type === 'ImportDeclaration' || p.type === 'ExportNamedDeclaration' || p.type === 'ExportAllDeclaration')
            || (p.type === 'Property' && p.key === node)
            || (p.type === 'Property' && ['rel', 'class', 'type', 'role', 'part', 'name', 'id'].includes(p.key.name ?? p.key.value)) // attribute values
            || (p.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(p.operator))
            || (p.type === 'SwitchCase' && p.test === node)
            || (p.type === 'MemberExpression' && p.property === node);
        };
        return {
          Literal(node) { if (typeof node.value === 'string' && !exempt(node) && readsAsWords(node.value)) report(node); },
          TemplateLiteral(node) { if (node.parent.type !== 'TaggedTemplateExpression' && node.quasis.some((q) => readsAsWords(q.value.cooked ?? ''))) report(node); },
        };
      },
    },
  },
};

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
    // The pages, the service worker (its words come from the core's catalogue too) and the
    // functions it injects. Not the demo portals (portal*.js): they stand for a host portal,
    // whose words are its own.
    files: ['extension/**/*.js', 'www/**/*.js'],
    ignores: ['www/portal*.js'],
    plugins: { local },
    rules: { 'local/no-sentences': 'error' },
  },
  {
    files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
];
