// What the kiosk says when it cannot start (issue 11 §2): the failure classified for a person, and the page the
// error window shows. Pure functions, no electron import; the text comes from the renderer's translations
// (renderer/i18n/*.json, section shell.startFailure) so both languages stay in one place.
import en from '../../renderer/i18n/en.json';
import ja from '../../renderer/i18n/ja.json';
import { errorForLog } from './log.ts';

/** The step of the start-up that was running (startup.ts). */
export type StartStage = 'ready' | 'keys' | 'database' | 'migrations' | 'services' | 'window';

export const START_FAILURE_CODES = [
  'DATABASE_CORRUPT',
  'DATABASE_LOCKED',
  'DATABASE_UNWRITABLE',
  'DATABASE_TOO_NEW',
  'MIGRATION_FAILED',
  'KEY_FILE_UNREADABLE',
  'KEY_STORE_UNAVAILABLE',
  'KEYRING_LOCKED',
  'NATIVE_MODULE_MISMATCH',
  'START_FAILED',
] as const;

export type StartFailureCode = (typeof START_FAILURE_CODES)[number];

/** Thrown by start-up steps that know exactly what went wrong (the vault key, the key store). */
export class StartupError extends Error {
  constructor(
    readonly code: StartFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}

export interface StartFailure {
  code: StartFailureCode;
  stage: StartStage;
  /** For IT: the error, with data masked (errorForLog), first line only. */
  detail: string;
}

/** The process exit code of a failed start: non-zero, so the OS kiosk shell starts the app again. */
export const START_FAILED_EXIT_CODE = 1;

export function describeStartFailure(stage: StartStage, error: unknown): StartFailure {
  return { code: classify(stage, error), stage, detail: errorForLog(error).split('\n')[0]! };
}

function classify(stage: StartStage, error: unknown): StartFailureCode {
  if (error instanceof StartupError) return error.code;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : '';
  // better-sqlite3 built for another ABI (Node's instead of Electron's, or an old copy left by an update).
  if (code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) {
    return 'NATIVE_MODULE_MISMATCH';
  }
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return 'DATABASE_CORRUPT';
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'DATABASE_LOCKED';
  const onDatabase = stage === 'database' || stage === 'migrations' || stage === 'services';
  if (onDatabase && (/^SQLITE_(CANTOPEN|READONLY|IOERR|FULL|PERM)/.test(code) || /^(EACCES|EPERM|EROFS|ENOSPC)$/.test(code))) {
    return 'DATABASE_UNWRITABLE';
  }
  if (/database schema version \d+ is newer than this build/.test(message)) return 'DATABASE_TOO_NEW';
  if (stage === 'migrations') return 'MIGRATION_FAILED';
  return 'START_FAILED';
}

type Dictionary = typeof ja;
const dictionaries: Record<'ja' | 'en', Dictionary> = { ja, en };

export function startFailureText(language: 'ja' | 'en', failure: StartFailure, logFile: string) {
  const texts = dictionaries[language].shell.startFailure;
  return {
    title: texts.title,
    what: texts[failure.code].what,
    it: texts[failure.code].it,
    log: texts.log.replace('{{file}}', logFile),
    restart: texts.restart,
    detailHeading: texts.detail,
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * The error window's page: Japanese first, then English (the language setting lives in the database that may be the
 * thing that failed). Static HTML with a CSP that allows no script at all.
 */
export function startFailurePage(failure: StartFailure, logFile: string): string {
  const section = (language: 'ja' | 'en') => {
    const text = startFailureText(language, failure, logFile);
    return `<section lang="${language}">
<h1>${escapeHtml(text.title)}</h1>
<p class="what">${escapeHtml(text.what)}</p>
<p class="it">${escapeHtml(text.it)}</p>
<p class="log">${escapeHtml(text.log)}</p>
<p class="restart">${escapeHtml(text.restart)}</p>
</section>`;
  };
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Kaitori Kiosk</title>
<style>
body { font-family: "Noto Sans CJK JP", "Yu Gothic UI", "Meiryo", sans-serif; margin: 2rem 3rem; color: #212529; }
h1 { color: #c92a2a; font-size: 1.8rem; }
p { font-size: 1.2rem; line-height: 1.6; }
section + section { border-top: 1px solid #ced4da; margin-top: 2rem; }
pre { background: #f1f3f5; padding: 1rem; white-space: pre-wrap; }
</style>
</head>
<body>
${section('ja')}
${section('en')}
<pre>${escapeHtml(`${failure.code} (${failure.stage}) ${failure.detail}`)}</pre>
</body>
</html>`;
}
