#!/usr/bin/env node
// Runs Doyensec's Electronegativity on main/ and preload/ (TypeScript, parsed by its Babel TypeScript parser),
// offline, and fails on any HIGH finding that scripts/electronegativity-accepted.json does not explain.
//
// Offline: Electronegativity makes two network calls. (1) Its i18n loader fetches translations from S3 on every
// run; (2) AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub. Both use the `got`
// package, which is replaced below (before Electronegativity loads) by a stub that rejects at once, so the i18n loader
// falls back to its bundled en-US strings; and the release check is excluded by name (it would only say "upgrade
// Electron", which Dependabot/npm outdated cover).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCANNED = ['main', 'preload'];
const ACCEPTED_FILE = path.join(root, 'scripts/electronegativity-accepted.json');

// --- no network ---------------------------------------------------------------------------------------------------
const egDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = require.resolve('got', { paths: [path.join(egDir, 'dist/locales')] });
const offline = () => Promise.reject(new Error('electronegativity.mjs: network disabled (offline run)'));
offline.head = offline;
offline.get = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
// Electronegativity parses .ts with Babel's TypeScript plugin first and keeps @typescript-eslint/typescript-estree as
// a fallback. That package needs TypeScript's JavaScript API, which TypeScript 7 (the native compiler) no longer has,
// so loading it throws; a stub keeps Babel as the only parser (a file Babel cannot parse is then reported as an error).
const estreePath = require.resolve('@typescript-eslint/typescript-estree', { paths: [path.join(egDir, 'dist/parser')] });
const noEstree = () => {
  throw new Error('typescript-estree is unavailable with TypeScript 7; parsed with Babel only');
};
require.cache[estreePath] = { id: estreePath, filename: estreePath, loaded: true, exports: { parse: noEstree } };
process.env.LANG = 'en-US'; // the bundled locale; other values only matter for the (disabled) download
const quietLog = console.log;
console.log = (...args) => {
  // The i18n loader announces the failed download; it is expected here.
  if (String(args[0]).startsWith('Could not retrieve updated translations')) return;
  quietLog(...args);
};
const run = require('@doyensec/electronegativity');

// --- stage the sources ---------------------------------------------------------------------------------------------
// One run over both folders, so the global checks (CSP, navigation limits, permission handler) see the whole app.
const stage = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
for (const dir of SCANNED) cpSync(path.join(root, dir), path.join(stage, dir), { recursive: true });
cpSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

let result;
try {
  result = await run({
    input: stage,
    isRelative: true,
    isVerbose: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    customScan: [],
    parserPlugins: [],
  });
} finally {
  rmSync(stage, { recursive: true, force: true });
  console.log = quietLog;
}

// --- report ---------------------------------------------------------------------------------------------------------
const accepted = existsSync(ACCEPTED_FILE) ? JSON.parse(readFileSync(ACCEPTED_FILE, 'utf8')) : [];
const badEntries = accepted.filter((entry) => !entry.id || !entry.file || !entry.reason || entry.reason.trim().length < 20);
const rel = (file) => path.relative(stage, path.resolve(stage, file)).split(path.sep).join('/');
const isAccepted = (issue) => accepted.some((entry) => entry.id === issue.id && entry.file === rel(issue.file));

const rank = { HIGH: 3, MEDIUM: 2, LOW: 1, INFORMATIONAL: 0 };
const issues = [...result.issues].sort(
  (a, b) => rank[b.severity.name] - rank[a.severity.name] || rel(a.file).localeCompare(rel(b.file)),
);
console.log(
  `electronegativity ${require('@doyensec/electronegativity/package.json').version}: ${result.globalChecks} global + ` +
    `${result.atomicChecks} atomic checks on ${SCANNED.join('/, ')}/ (Electron ${electronVersion}, offline)`,
);
for (const error of result.errors) console.log(`  parse ${error.tolerable ? 'warning' : 'ERROR'}: ${rel(error.file)}: ${error.message}`);
for (const issue of issues) {
  const mark = issue.severity.name === 'HIGH' ? (isAccepted(issue) ? 'accepted' : 'FAIL') : '';
  console.log(
    `  ${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id} ${rel(issue.file)}:${issue.location.line}` +
      `${issue.manualReview ? ' (review)' : ''}${mark ? `  [${mark}]` : ''}`,
  );
  if (mark === 'accepted') {
    const entry = accepted.find((e) => e.id === issue.id && e.file === rel(issue.file));
    console.log(`      reason: ${entry.reason}`);
  }
}
if (issues.length === 0) console.log('  no findings');

const unexplained = issues.filter((issue) => issue.severity.name === 'HIGH' && !isAccepted(issue));
const fatalParse = result.errors.filter((error) => !error.tolerable);
const stale = accepted.filter((entry) => !issues.some((i) => i.id === entry.id && rel(i.file) === entry.file));
for (const entry of stale) console.log(`  note: accepted entry no longer needed: ${entry.id} ${entry.file}`);
for (const entry of badEntries) console.log(`  ERROR: accepted entry without a real reason: ${JSON.stringify(entry)}`);

if (unexplained.length > 0 || fatalParse.length > 0 || badEntries.length > 0) {
  console.error(
    `electronegativity: FAILED — ${unexplained.length} unexplained HIGH finding(s), ${fatalParse.length} unparsed file(s); ` +
      'fix them or explain each in scripts/electronegativity-accepted.json ({ "id", "file", "reason" })',
  );
  process.exit(1);
}
console.log(`electronegativity: OK (${issues.length} finding(s), no unexplained HIGH)`);
