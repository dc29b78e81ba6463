// What `npm start` and `npm test` need before they can run, set up on a fresh clone with nothing else typed
// (issue 12 "Two commands on a fresh clone"). Only Node's own modules here: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Why the npm dependencies must be installed, or null when they are in place: node_modules is missing, or a direct
 * dependency's installed version (npm's hidden lockfile, node_modules/.package-lock.json) is not the one
 * package-lock.json pins — a fresh clone, or a pull that changed the lockfile.
 */
export function installReason(projectRoot = root) {
  const hiddenFile = path.join(projectRoot, 'node_modules/.package-lock.json');
  if (!existsSync(hiddenFile)) return 'node_modules is missing';
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8'));
  const hidden = JSON.parse(readFileSync(hiddenFile, 'utf8'));
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
    const wanted = lock.packages?.[`node_modules/${name}`]?.version;
    const installed = hidden.packages?.[`node_modules/${name}`]?.version;
    if (wanted !== installed) return `${name} ${installed ?? 'is not installed'}${installed ? `, the lockfile wants ${wanted}` : ''}`;
  }
  return null;
}

/** The Electron version the lockfile pins (node_modules may not exist yet). */
export function lockedElectronVersion(projectRoot = root) {
  const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8'));
  return lock.packages?.['node_modules/electron']?.version ?? null;
}

/** Where electron's installer downloads from (it honours ELECTRON_MIRROR, as @electron/get does). */
export function electronDownloadUrl(version, env = process.env) {
  const mirror = env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror ?? 'https://github.com/electron/electron/releases/download/';
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  return `${base}v${version}/SHASUMS256.txt`;
}

/**
 * Whether Electron's binary can be downloaded from here. electron's postinstall fails without it and npm rolls the
 * whole install back, so a fresh clone on an offline or firewalled machine installs with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 instead (the app then runs in the browser host). Bounded: 5 s.
 */
export async function canDownloadElectron(version, env = process.env, timeoutMs = 5_000) {
  if (!version) return false;
  try {
    const response = await fetch(electronDownloadUrl(version, env), { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Installs the npm dependencies when they are missing or stale; exits with npm's code when it fails. */
export async function ensureNpmDependencies({ log = console.log } = {}) {
  const reason = installReason();
  if (reason === null) return;
  const env = { ...process.env };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
    const version = lockedElectronVersion();
    if (!(await canDownloadElectron(version, env))) {
      log(`Electron ${version}'s download is unreachable from here: installing without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1); the app runs in the browser host.`);
      env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
    }
  }
  log(`Installing the npm dependencies (${reason}) …`);
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('npm ci failed (see above).');
    process.exit(result.status ?? 1);
  }
}

/** The Debian packages the test suite drives: a browser, Japanese fonts, a barcode and a PDF reader, sqlite3. */
export const TEST_PACKAGES = [
  { pkg: 'chromium', present: (env) => existsSync(env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  { pkg: 'fonts-noto-cjk', present: () => dpkgInstalled('fonts-noto-cjk') },
  // Statements print what customers typed, emoji included (issue 16); without an emoji font the PDF loses them.
  { pkg: 'fonts-noto-color-emoji', present: () => dpkgInstalled('fonts-noto-color-emoji') },
  { pkg: 'zbar-tools', present: () => existsSync('/usr/bin/zbarimg') },
  { pkg: 'poppler-utils', present: () => existsSync('/usr/bin/pdftotext') },
  // The tamper tests edit the database file with the real sqlite3 tool, the way an insider would.
  { pkg: 'sqlite3', present: () => existsSync('/usr/bin/sqlite3') },
];

function dpkgInstalled(pkg) {
  // dpkg-query's own ${Status} field syntax, spelled so no one mistakes it for a template string.
  const result = spawnSync('dpkg-query', ['-W', `-f=${'$'}{Status}`, pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** The packages still missing, and the one command that installs them. */
export function missingTestPackages(env = process.env, packages = TEST_PACKAGES) {
  const missing = packages.filter((entry) => !entry.present(env)).map((entry) => entry.pkg);
  return { missing, command: missing.length ? `sudo apt-get install -y ${missing.join(' ')}` : null };
}

/** Installs what the tests need with apt when running as root; otherwise says the one command and exits 1. */
export function ensureTestPackages({ log = console.log, env = process.env } = {}) {
  const { missing, command } = missingTestPackages(env);
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(`The tests need ${missing.join(', ')}. Install ${missing.length === 1 ? 'it' : 'them'} with:\n\n  ${command}\n\n(or set CHROMIUM_PATH to a Chromium you have), then run npm test again.`);
    process.exit(1);
  }
  log(`Installing ${missing.join(', ')} with apt-get …`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
    const result = spawnSync('apt-get', args, { env: aptEnv, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`apt-get ${args[0]} failed; install by hand with: ${command}`);
      process.exit(result.status ?? 1);
    }
  }
}
