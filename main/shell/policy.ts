// Security and kiosk policy for the Electron shell, as pure functions (STYLE.md 7): no electron import, so every rule
// is table-tested under plain Node with hostile inputs. main/index.ts only wires these into Electron's hooks.
import path from 'node:path';

/** The renderer is served from this origin, never from file:// (Electron security checklist: use a custom protocol). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * scheme://host[:port] of a URL, computed by hand: WHATWG URL gives `origin === 'null'` for non-special schemes such
 * as app:, while Chromium (where app: is registered as standard) gives `app://kiosk`. Null when unparsable.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * The electron-vite dev server URL, only when the app is not packaged and the URL points at this machine. A packaged
 * kiosk ignores ELECTRON_RENDERER_URL entirely: otherwise anyone who can set an environment variable on the terminal
 * could load remote content into a window that holds the IPC bridge.
 */
export function devServerUrlFrom(envValue: string | undefined, isPackaged: boolean): string | undefined {
  if (isPackaged || !envValue) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(envValue);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  if (parsed.username || parsed.password) return undefined;
  return parsed.href;
}

function isTrustedOrigin(url: string, appOrigin: string, devServerUrl?: string): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  if (origin === appOrigin) return true;
  return devServerUrl !== undefined && origin === originOf(devServerUrl);
}

// ---------------------------------------------------------------------------------------------------------------
// app:// protocol → files of out/renderer

/**
 * Maps an `app://kiosk/...` request to a file inside rootDir, or null when the request must be refused. Each path
 * segment is decoded once and then checked, so `..` hidden as %2e%2e, a slash hidden as %2f / %5c, a second layer of
 * encoding (%252e) or a NUL byte can never reach the file system. Paths without an extension are SPA routes and get
 * index.html. Symlinks are checked separately on disk (resolveAppAssetOnDisk in assets.ts).
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): string | null {
  // Refused before parsing: the WHATWG parser rewrites backslashes to slashes for special schemes and strips tabs
  // and newlines, so what we check must be what was sent.
  if (/[\\\0\t\r\n]/.test(requestUrl)) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username || url.password || url.port) return null;
  // The parser has already folded literal `.`/`..` segments (and %2e forms) against the root; an absolute path that
  // still escapes cannot be expressed, but the raw path is checked anyway in case the parser changes.
  const rawSegments = url.pathname.split('/').filter((segment) => segment !== '');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return null; // malformed escape such as %zz or a lone %
    }
    if (!isSafeSegment(decoded)) return null;
    segments.push(decoded);
  }
  const root = path.resolve(rootDir);
  const last = segments.at(-1);
  if (last === undefined || path.extname(last) === '') {
    return path.join(root, 'index.html');
  }
  const file = path.resolve(root, ...segments);
  return isInside(root, file) ? file : null;
}

function isSafeSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false;
  // `%` left after one decode means double encoding; `:` is a Windows drive (C:) or an NTFS stream (file::$DATA).
  if (/[/\\\0%:]/.test(segment)) return false;
  // Dotfiles are never part of the built renderer; refusing them keeps stray .env or .git files unreachable.
  if (segment.startsWith('.')) return false;
  // Windows ignores trailing dots and spaces ("index.html." opens index.html): refuse instead of guessing.
  if (/[. ]$/.test(segment)) return false;
  // DOS device names (NUL, CON, COM1.js ...) open devices on Windows, not files.
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(segment)) return false;
  return !Array.from(segment).some((char) => char.charCodeAt(0) < 0x20);
}

/** True when file is rootDir itself or below it (after both are resolved). */
export function isInside(rootDir: string, file: string): boolean {
  const relative = path.relative(path.resolve(rootDir), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content-Type for a served file; unknown types are octet-stream (with nosniff, never executed as script). */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// ---------------------------------------------------------------------------------------------------------------
// Navigation, windows, permissions, IPC senders

/** Top-level navigation is allowed only within our own origin (and the loopback dev server in development). */
export function isNavigationAllowed(url: string, appOrigin: string, devServerUrl?: string): boolean {
  return isTrustedOrigin(url, appOrigin, devServerUrl);
}

/**
 * window.open and target=_blank are always denied: a kiosk has one window, and a second one would escape kiosk mode
 * and could load content that never passed our navigation check.
 */
export function windowOpenPolicy(): { action: 'deny' } {
  return { action: 'deny' };
}

export interface PermissionQuery {
  permission: string;
  /** Origin or URL of the requesting frame. */
  requestingOrigin: string;
  /** For `media`: what is asked for. A request with no types, or any audio, is refused. */
  mediaTypes?: readonly string[];
  isMainFrame: boolean;
}

/**
 * Only the camera, for the ID photo (S-11), from our own page's main frame. Microphone, geolocation, notifications,
 * clipboard, HID/serial/USB from web APIs and everything else are refused; the printer is driven by the main
 * process, not by WebUSB.
 */
export function isPermissionAllowed(query: PermissionQuery, appOrigin: string, devServerUrl?: string): boolean {
  if (query.permission !== 'media') return false;
  if (!query.isMainFrame) return false;
  if (!isTrustedOrigin(query.requestingOrigin, appOrigin, devServerUrl)) return false;
  const types = query.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

/**
 * An IPC call is trusted only from the main frame of a page on our origin: a subframe or a page that got there by
 * some navigation we failed to block must not reach the services (Electron checklist: validate IPC senders).
 */
export function isTrustedIpcSender(
  frameUrl: string | null | undefined,
  isMainFrame: boolean,
  appOrigin: string,
  devServerUrl?: string,
): boolean {
  if (!isMainFrame || !frameUrl) return false;
  return isTrustedOrigin(frameUrl, appOrigin, devServerUrl);
}

// ---------------------------------------------------------------------------------------------------------------
// Content-Security-Policy

export interface CspOptions {
  /** Development only: the loopback Vite server, whose HMR socket must be reachable. */
  devServerUrl?: string;
}

/** The CSP sent with every app:// response. No remote origin appears: HQ sync runs in the main process. */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'"];
  const dev = options.devServerUrl ? originOf(options.devServerUrl) : null;
  if (dev) connect.push(dev, dev.replace(/^http/, 'ws'));
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    // Mantine (and React's style prop) write inline style attributes; a nonce cannot cover attributes, so styles
    // allow 'unsafe-inline'. Scripts do not, which is what keeps injected markup from running.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['connect-src', connect],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

// ---------------------------------------------------------------------------------------------------------------
// Kiosk behaviour (D-07)

/** The subset of Electron's Input that the shortcut policy reads. */
export interface KeyInput {
  type?: string;
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/**
 * Keyboard shortcuts that would close, reload, duplicate or open a debugger on the kiosk window. The application
 * menu is removed too, so most of these do nothing anyway; this is the second layer. It cannot stop what the OS
 * handles before Chromium sees the key — Alt+Tab, Ctrl+Alt+Del, Win, Win+L, Ctrl+Shift+Esc — which is why the IT
 * guide sets up Assigned Access / Shell Launcher (Windows) or a kiosk session (Linux).
 */
export function isBlockedShortcut(input: KeyInput, options: { production: boolean }): boolean {
  const key = keyName(input);
  const ctrl = input.control || input.meta;
  // Leaving the app or its window: never allowed, not even in development.
  if (input.alt && key === 'f4') return true;
  if (ctrl && (key === 'w' || key === 'q')) return true;
  if (ctrl && (key === 'n' || key === 't')) return true;
  if (input.alt && key === ' ') return true; // Windows system menu (Move/Close)
  if (!options.production) return false;
  // In production also reload (a reload drops the screen, though not the draft), devtools, fullscreen and zoom.
  if (key === 'f5' || (ctrl && key === 'r')) return true;
  if (key === 'f12' || (ctrl && input.shift && (key === 'i' || key === 'j' || key === 'c'))) return true;
  if (key === 'f11') return true;
  if (ctrl && (key === '+' || key === '=' || key === '-' || key === '0')) return true;
  return false;
}

function keyName(input: KeyInput): string {
  // `code` names the physical key, so a Japanese IME (key === 'Process') or Shift (key === 'W') cannot hide it.
  const code = input.code ?? '';
  if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (/^F[0-9]{1,2}$/.test(code)) return code.toLowerCase();
  if (code === 'Space') return ' ';
  if (code === 'Minus' || code === 'NumpadSubtract') return '-';
  if (code === 'Equal') return '=';
  if (code === 'NumpadAdd') return '+';
  return input.key.toLowerCase();
}

/** Update feeds must be HTTPS: the signature check pins the publisher, HTTPS keeps the feed itself honest. */
export function isUpdateFeedUrlAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.host !== '' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/**
 * How long to wait before reloading a renderer that crashed or hung: at once (1 s) normally, but when it keeps dying
 * (more than three times in a minute) back off to 10 s so a crash loop does not spin the CPU of the counter PC.
 */
export function rendererRecoveryDelayMs(recentFailures: readonly number[], now: number): number {
  const lastMinute = recentFailures.filter((time) => now - time < 60_000);
  return lastMinute.length > 3 ? 10_000 : 1_000;
}

/**
 * Opening a link in the system browser is not something the kiosk does; if a feature ever needs it (a help page), the
 * URL must pass this whitelist: https, no credentials, default port, host exactly in the configured list. Returns the
 * normalised URL or null.
 */
export function safeExternalUrl(url: string, allowedHosts: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password || parsed.port) return null;
  const allowed = allowedHosts.map((host) => host.toLowerCase());
  return allowed.includes(parsed.hostname) ? parsed.href : null;
}
