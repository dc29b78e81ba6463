// The kiosk's log file (IT guide §4: <data folder>/logs/kiosk.log). A counter PC has no console anyone reads, so
// what the shell and the services print also goes to a file IT can collect. No electron import.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

export const LOG_FILE_NAME = 'kiosk.log';

export interface ShellLog {
  readonly file: string;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface FileLogOptions {
  /** Rotate when the file passes this size: kiosk.log → kiosk.log.1 → … → kiosk.log.<keep>. */
  maxBytes?: number;
  keep?: number;
  clock?: () => Date;
}

/**
 * Appends one line per entry, synchronously: the last lines before a crash are exactly the ones IT needs, and an
 * asynchronous writer would lose them. Writing never throws (a full disk must not take the counter down with it).
 */
export function createFileLog(dir: string, options: FileLogOptions = {}): ShellLog {
  const file = path.join(dir, LOG_FILE_NAME);
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const clock = options.clock ?? (() => new Date());
  let ready = false;

  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    }
    renameSync(file, `${file}.1`);
  };

  const write = (level: 'INFO' | 'WARN' | 'ERROR', message: string) => {
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        ready = true;
      }
      if (existsSync(file) && statSync(file).size >= maxBytes) rotate();
      appendFileSync(file, `${clock().toISOString()} ${level} ${message.replace(/\r?\n/g, '\n    ')}\n`, { mode: 0o600 });
    } catch {
      // Nowhere better to report a failing log.
    }
  };
  return {
    file,
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message) => write('ERROR', message),
  };
}

/** Everything the process prints with console.* also lands in the log file (services log through console). */
export function teeConsole(target: Pick<Console, 'log' | 'info' | 'warn' | 'error'>, log: ShellLog): () => void {
  const original = { log: target.log, info: target.info, warn: target.warn, error: target.error };
  const levels = [
    ['log', log.info],
    ['info', log.info],
    ['warn', log.warn],
    ['error', log.error],
  ] as const;
  for (const [method, write] of levels) {
    target[method] = (...args: unknown[]) => {
      original[method].apply(target, args);
      write(format(...args));
    };
  }
  return () => Object.assign(target, original);
}

/**
 * What a log line may say about an error: its name, code, message and stack frames, with anything quoted and any run
 * of four or more digits masked. Error messages can carry input — Node's JSON.parse quotes the text it choked on, a
 * constraint message can quote a value — and nothing a customer gave (name, address, phone, birth date) may reach
 * the log (B-04).
 */
export function errorForLog(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const code = (error as { code?: unknown }).code;
  const head = `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${maskData(error.message).slice(0, 300)}`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .map((line) => line.trim());
  const cause = error.cause === undefined ? '' : `\ncaused by ${errorForLog(error.cause)}`;
  return [head, ...frames].join('\n') + cause;
}

function maskData(text: string): string {
  return (
    text
      // From the first quote to the last: a quoted snippet can itself contain quotes (JSON), so pairs cannot be trusted.
      .replace(/["'`「][\s\S]*["'`」]/, '"…"')
      // Our own messages are English; Japanese text in one is data (a name, an address).
      .replace(/[^\t\n\r\x20-\x7e]+/g, '…')
      .replace(/\d{4,}/g, '####')
  );
}
