// Asks the Secret Service (org.freedesktop.secrets: gnome-keyring, KeePassXC, recent KWallet) whether its default
// collection is unlocked, before Chromium touches it (key-store-policy.ts says why). Electron 41 has no
// non-blocking safeStorage (the async API arrived in 42), so this look-ahead is how the kiosk avoids an unlock prompt
// nobody at a kiosk can answer. A read of the `Locked` property never prompts. No electron import.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import type { KeyringState } from './key-store-policy.ts';

const GDBUS_ARGS = [
  'call',
  '--session',
  '--dest',
  'org.freedesktop.secrets',
  '--object-path',
  '/org/freedesktop/secrets/aliases/default',
  '--method',
  'org.freedesktop.DBus.Properties.Get',
  'org.freedesktop.Secret.Collection',
  'Locked',
];

/** Reads gdbus's answer: `(<false>,)` unlocked, `(<true>,)` locked; no default collection means a creation prompt. */
export function keyringStateFrom(result: Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr' | 'error'>): KeyringState {
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ETIMEDOUT') return 'unresponsive';
  if (error) return 'unavailable'; // gdbus not installed (ENOENT) or not runnable
  if (result.status === 0) {
    if (/<\s*false\s*>/.test(result.stdout)) return 'unlocked';
    if (/<\s*true\s*>/.test(result.stdout)) return 'locked';
    return 'unavailable';
  }
  if (/UnknownObject|No such object|NoSuchObject/.test(result.stderr)) return 'missing';
  return 'unavailable'; // no session bus, no secret service: Chromium falls back to basic_text by itself
}

export function probeSecretService(options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): KeyringState {
  const result = spawnSync('gdbus', GDBUS_ARGS, {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 3_000,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return keyringStateFrom(result);
}
