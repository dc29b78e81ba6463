import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  contentTypeFor,
  devServerUrlFrom,
  isBlockedShortcut,
  isInside,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedIpcSender,
  isUpdateFeedUrlAllowed,
  type KeyInput,
  originOf,
  type PermissionQuery,
  rendererRecoveryDelayMs,
  resolveAppAsset,
  safeExternalUrl,
  windowOpenPolicy,
} from '../../../main/shell/policy.ts';

const root = path.resolve('/srv/kiosk/out/renderer');
const inRoot = (...parts: string[]) => path.join(root, ...parts);
const DEV = 'http://localhost:5173/';

describe('D-07 app:// protocol: resolveAppAsset', () => {
  it.each([
    ['app://kiosk/', inRoot('index.html')],
    ['app://kiosk', inRoot('index.html')],
    ['app://kiosk/index.html', inRoot('index.html')],
    ['app://kiosk/assets/index-abc123.js', inRoot('assets', 'index-abc123.js')],
    ['app://kiosk/assets/index.css?v=1#x', inRoot('assets', 'index.css')],
    ['app://kiosk/settlement', inRoot('index.html')], // SPA route
    ['app://kiosk/receptions/R-0001/items', inRoot('index.html')],
    ['app://kiosk/fonts/%E6%97%A5%E6%9C%AC.woff2', inRoot('fonts', '日本.woff2')],
  ])('serves %s', (url, expected) => {
    expect(resolveAppAsset(root, url)).toBe(expected);
  });

  it.each([
    // other schemes and hosts
    'file:///etc/passwd',
    'https://kiosk/index.html',
    'http://kiosk/index.html',
    'app://evil/index.html',
    'app://kiosk.evil.com/index.html',
    'app://kiosk:8080/index.html',
    'app://user:pw@kiosk/index.html',
    'not a url',
    '',
    // encoded traversal
    'app://kiosk/..%2f..%2fetc%2fpasswd',
    'app://kiosk/assets/..%2F..%2F..%2Fetc/passwd.txt',
    'app://kiosk/%2e%2e%2f%2e%2e%2fsecret.js',
    'app://kiosk/..%5c..%5cwindows%5cwin.ini',
    'app://kiosk/assets%5c..%5c..%5cx.js',
    'app://kiosk/%252e%252e/%252e%252e/etc/passwd.txt',
    'app://kiosk/%25%32%65%25%32%65/x.js',
    'app://kiosk/%zz.js',
    'app://kiosk/bad%.js',
    // backslashes, NUL, control characters
    'app://kiosk/..\\..\\windows\\win.ini',
    'app://kiosk/assets\\x.js',
    'app://kiosk/index.html%00.js',
    'app://kiosk/index.html\u0000.js',
    'app://kiosk/a%0a.js',
    // absolute paths and drives smuggled as a segment
    'app://kiosk/%2Fetc%2Fpasswd.txt',
    'app://kiosk/C:%5CWindows%5Cwin.ini',
    'app://kiosk/C%3A/Windows/win.ini',
    'app://kiosk/index.html::$DATA',
    // dotfiles, Windows trailing dot, device names
    'app://kiosk/.env.js',
    'app://kiosk/.git/config.txt',
    'app://kiosk/index.html.',
    'app://kiosk/NUL.js',
    'app://kiosk/assets/con.txt',
  ])('refuses hostile %j', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('never resolves outside the root, whatever the parser folds', () => {
    for (const url of [
      'app://kiosk/../../etc/passwd.txt',
      'app://kiosk/assets/../../../etc/passwd.txt',
      'app://kiosk/%2e%2e/%2e%2e/etc/passwd.txt',
      'app://kiosk/./././x.js',
    ]) {
      const file = resolveAppAsset(root, url);
      if (file !== null) expect(isInside(root, file)).toBe(true);
    }
  });

  it('isInside tells a sibling with a common prefix apart', () => {
    expect(isInside('/a/renderer', '/a/renderer/x.js')).toBe(true);
    expect(isInside('/a/renderer', '/a/renderer-evil/x.js')).toBe(false);
    expect(isInside('/a/renderer', '/a/x.js')).toBe(false);
  });

  it('names content types, octet-stream for anything unknown', () => {
    expect(contentTypeFor('index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});

describe('D-07 navigation and windows', () => {
  it.each([
    ['app://kiosk/', true],
    ['app://kiosk/settlement?x=1', true],
    ['app://kiosk.evil/', false],
    ['app://evil/', false],
    ['https://example.com/', false],
    ['http://localhost:5173/', false], // dev server not configured → refused
    ['file:///C:/Windows/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['about:blank', false],
    ['chrome://settings', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['', false],
  ])('%s → %s in production', (url, allowed) => {
    expect(isNavigationAllowed(url, APP_ORIGIN)).toBe(allowed);
  });

  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/settlement', true],
    ['http://localhost:5174/', false],
    ['http://127.0.0.1:5173/', false],
    ['https://localhost:5173/', false],
    ['https://example.com/', false],
  ])('%s → %s with the dev server', (url, allowed) => {
    expect(isNavigationAllowed(url, APP_ORIGIN, DEV)).toBe(allowed);
  });

  it('always denies window.open', () => {
    expect(windowOpenPolicy()).toEqual({ action: 'deny' });
  });

  it('computes origins for non-special schemes (WHATWG says null)', () => {
    expect(originOf('app://kiosk/a/b')).toBe('app://kiosk');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('::')).toBeNull();
  });

  it.each([
    [undefined, false, undefined],
    ['http://localhost:5173/', false, 'http://localhost:5173/'],
    ['http://127.0.0.1:5173', false, 'http://127.0.0.1:5173/'],
    ['http://localhost:5173/', true, undefined], // packaged: the variable is ignored
    ['https://evil.example/', false, undefined], // not loopback
    ['http://localhost.evil.example:5173/', false, undefined],
    ['http://user@localhost:5173/', false, undefined],
    ['file:///tmp/index.html', false, undefined],
    ['garbage', false, undefined],
  ])('dev server URL %j (packaged %s) → %j', (env, packaged, expected) => {
    expect(devServerUrlFrom(env, packaged)).toBe(expected);
  });
});

describe('D-07 permissions: camera only, video only, own origin, main frame', () => {
  const camera: PermissionQuery = {
    permission: 'media',
    requestingOrigin: 'app://kiosk/settlement',
    mediaTypes: ['video'],
    isMainFrame: true,
  };
  it.each<[string, Partial<PermissionQuery>, boolean]>([
    ['camera from the app', {}, true],
    ['camera, origin given without path', { requestingOrigin: 'app://kiosk' }, true],
    ['camera and microphone', { mediaTypes: ['video', 'audio'] }, false],
    ['microphone', { mediaTypes: ['audio'] }, false],
    ['media with no types', { mediaTypes: [] }, false],
    ['media, types unknown', { mediaTypes: undefined }, false],
    ['media type unknown', { mediaTypes: ['unknown'] }, false],
    ['camera from a subframe', { isMainFrame: false }, false],
    ['camera from another origin', { requestingOrigin: 'https://evil.example' }, false],
    ['camera from file://', { requestingOrigin: 'file:///C:/app/index.html' }, false],
    ['camera from loopback', { requestingOrigin: 'http://127.0.0.1:5173/' }, false],
    ['camera from dev server when not in dev', { requestingOrigin: 'http://localhost:5173/' }, false],
    ['camera from app.kiosk look-alike', { requestingOrigin: 'app://kiosk.evil/' }, false],
    ['geolocation', { permission: 'geolocation', mediaTypes: undefined }, false],
    ['notifications', { permission: 'notifications', mediaTypes: undefined }, false],
    ['clipboard-read', { permission: 'clipboard-read', mediaTypes: undefined }, false],
    ['display-capture', { permission: 'display-capture', mediaTypes: ['video'] }, false],
    ['openExternal', { permission: 'openExternal', mediaTypes: undefined }, false],
    ['fullscreen', { permission: 'fullscreen', mediaTypes: undefined }, false],
    ['usb', { permission: 'usb', mediaTypes: undefined }, false],
    ['midiSysex', { permission: 'midiSysex', mediaTypes: undefined }, false],
  ])('%s', (_name, change, allowed) => {
    expect(isPermissionAllowed({ ...camera, ...change }, APP_ORIGIN)).toBe(allowed);
  });

  it('allows the camera to the loopback dev server only in development', () => {
    const dev = { ...camera, requestingOrigin: 'http://localhost:5173/' };
    expect(isPermissionAllowed(dev, APP_ORIGIN, DEV)).toBe(true);
    expect(isPermissionAllowed({ ...dev, mediaTypes: ['audio'] }, APP_ORIGIN, DEV)).toBe(false);
  });
});

describe('D-07 IPC sender check', () => {
  it.each<[string | null, boolean, string | undefined, boolean]>([
    ['app://kiosk/', true, undefined, true],
    ['app://kiosk/settlement', true, undefined, true],
    ['app://kiosk/', false, undefined, false], // subframe
    ['https://evil.example/', true, undefined, false],
    ['file:///C:/index.html', true, undefined, false],
    ['about:blank', true, undefined, false],
    ['', true, undefined, false],
    [null, true, undefined, false],
    ['http://localhost:5173/', true, undefined, false],
    ['http://localhost:5173/', true, DEV, true],
    ['http://localhost:5173/', false, DEV, false],
  ])('%j main=%s dev=%j → %s', (url, main, dev, trusted) => {
    expect(isTrustedIpcSender(url, main, APP_ORIGIN, dev)).toBe(trusted);
  });
});

describe('D-07 Content-Security-Policy', () => {
  const csp = contentSecurityPolicy();
  const directive = (name: string) =>
    csp
      .split('; ')
      .find((d) => d.startsWith(`${name} `))
      ?.slice(name.length + 1);
  it.each([
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data: blob:"],
    ['media-src', "'self' blob: mediastream:"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('%s is %s', (name, value) => {
    expect(directive(name)).toBe(value);
  });
  it('never lets scripts run inline or from eval, and names no remote host', () => {
    expect(directive('script-src')).not.toMatch(/unsafe|http|\*/);
    expect(csp).not.toMatch(/https?:|\*/);
  });
  it('opens connect-src to the dev server and its HMR socket only when given', () => {
    const dev = contentSecurityPolicy({ devServerUrl: DEV });
    expect(dev).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(dev).toContain("script-src 'self';");
  });
});

describe('D-07 blocked shortcuts', () => {
  const key = (code: string, mods: Partial<KeyInput> = {}, keyName = ''): KeyInput => ({
    type: 'keyDown',
    key: keyName || code.replace(/^Key/, '').toLowerCase(),
    code,
    control: false,
    alt: false,
    shift: false,
    meta: false,
    ...mods,
  });
  it.each<[string, KeyInput, boolean, boolean]>([
    // name, input, blocked in production, blocked in development
    ['Alt+F4', key('F4', { alt: true }, 'F4'), true, true],
    ['Ctrl+W', key('KeyW', { control: true }), true, true],
    ['Ctrl+Shift+W', key('KeyW', { control: true, shift: true }, 'W'), true, true],
    ['Cmd+Q', key('KeyQ', { meta: true }), true, true],
    ['Ctrl+N', key('KeyN', { control: true }), true, true],
    ['Ctrl+T', key('KeyT', { control: true }), true, true],
    ['Ctrl+W under a Japanese IME (key=Process)', key('KeyW', { control: true }, 'Process'), true, true],
    ['Alt+Space (system menu)', key('Space', { alt: true }, ' '), true, true],
    ['Ctrl+R', key('KeyR', { control: true }), true, false],
    ['Ctrl+Shift+R', key('KeyR', { control: true, shift: true }, 'R'), true, false],
    ['F5', key('F5', {}, 'F5'), true, false],
    ['F12', key('F12', {}, 'F12'), true, false],
    ['Ctrl+Shift+I', key('KeyI', { control: true, shift: true }, 'I'), true, false],
    ['Ctrl+Shift+J', key('KeyJ', { control: true, shift: true }, 'J'), true, false],
    ['F11', key('F11', {}, 'F11'), true, false],
    ['Ctrl+0 zoom reset', key('Digit0', { control: true }, '0'), true, false],
    ['Ctrl+- zoom', key('Minus', { control: true }, '-'), true, false],
    ['plain W (typing a name)', key('KeyW'), false, false],
    ['Shift+R (typing)', key('KeyR', { shift: true }, 'R'), false, false],
    ['F4 alone', key('F4', {}, 'F4'), false, false],
    ['Ctrl+C copy', key('KeyC', { control: true }), false, false],
    ['Ctrl+V paste', key('KeyV', { control: true }), false, false],
    ['Enter', key('Enter', {}, 'Enter'), false, false],
    ['Tab (focus, not Alt+Tab)', key('Tab', {}, 'Tab'), false, false],
  ])('%s', (_name, input, production, development) => {
    expect(isBlockedShortcut(input, { production: true })).toBe(production);
    expect(isBlockedShortcut(input, { production: false })).toBe(development);
  });
});

describe('D-09 updates', () => {
  it.each([
    ['https://updates.example.jp/kiosk', true],
    ['http://updates.example.jp/kiosk', false],
    ['https://user:pw@updates.example.jp/', false],
    ['file:///C:/updates', false],
    ['ftp://updates.example.jp', false],
    ['not a url', false],
  ])('feed %s → %s', (url, ok) => {
    expect(isUpdateFeedUrlAllowed(url)).toBe(ok);
  });
});

describe('D-07 renderer recovery', () => {
  it('reloads within a second normally, backs off to 10 s in a crash loop', () => {
    const now = 1_000_000;
    expect(rendererRecoveryDelayMs([now], now)).toBe(1_000);
    expect(rendererRecoveryDelayMs([now - 50_000, now - 40_000, now], now)).toBe(1_000);
    expect(rendererRecoveryDelayMs([now - 30_000, now - 20_000, now - 10_000, now], now)).toBe(10_000);
    expect(rendererRecoveryDelayMs([now - 300_000, now - 200_000, now - 100_000, now - 70_000, now], now)).toBe(1_000);
  });
});

describe('D-07 shell.openExternal whitelist', () => {
  const hosts = ['support.kaitori.example', 'www.npa.go.jp'];
  it.each([
    ['https://support.kaitori.example/help', 'https://support.kaitori.example/help'],
    ['https://SUPPORT.kaitori.example/a?b=1', 'https://support.kaitori.example/a?b=1'],
    ['https://www.npa.go.jp/', 'https://www.npa.go.jp/'],
    ['http://support.kaitori.example/help', null],
    ['https://support.kaitori.example.evil.com/', null],
    ['https://evil.com/?support.kaitori.example', null],
    ['https://support.kaitori.example@evil.com/', null],
    ['https://evil.com@support.kaitori.example/', null],
    ['https://support.kaitori.example:8443/', null],
    ['javascript:alert(1)', null],
    ['file:///C:/Windows/System32/calc.exe', null],
    ['ms-settings:', null],
    ['smb://support.kaitori.example/share', null],
    ['\\\\support.kaitori.example\\share', null],
    ['', null],
  ])('%j → %j', (url, expected) => {
    expect(safeExternalUrl(url, hosts)).toBe(expected);
  });
  it('allows nothing when no host is configured', () => {
    expect(safeExternalUrl('https://support.kaitori.example/', [])).toBeNull();
  });
});
