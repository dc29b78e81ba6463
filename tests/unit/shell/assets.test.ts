import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppAssetOnDisk, serveAppAsset } from '../../../main/shell/assets.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'kiosk-assets-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'vault key');
  mkdirSync(path.join(root, 'assets', 'dir.js'));
  // A symlink inside the root that points outside it (a development build could contain one).
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
  symlinkSync(base, path.join(root, 'up'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('D-07 app:// protocol on disk', () => {
  it('serves a built asset with CSP, nosniff and its content type', async () => {
    const response = await serveAppAsset(root, 'app://kiosk/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.body?.toString()).toBe('console.log(1)');
    expect(response.headers['Content-Type']).toMatch(/^text\/javascript/);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.headers['Content-Security-Policy']).toContain("script-src 'self'");
  });

  it('serves index.html for SPA routes', async () => {
    const response = await serveAppAsset(root, 'app://kiosk/settlement/R-0001');
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toMatch(/^text\/html/);
  });

  it('is a 404, still with the CSP, for a missing asset or a directory', async () => {
    for (const url of ['app://kiosk/assets/missing.js', 'app://kiosk/assets/dir.js']) {
      const response = await serveAppAsset(root, url);
      expect(response.status).toBe(404);
      expect(response.body).toBeNull();
      expect(response.headers['Content-Security-Policy']).toBeDefined();
    }
  });

  it('refuses a symlink that leads out of the root', async () => {
    expect(await resolveAppAssetOnDisk(root, 'app://kiosk/assets/leak.txt')).toBeNull();
    expect(await resolveAppAssetOnDisk(root, 'app://kiosk/up/secret.txt')).toBeNull();
    expect((await serveAppAsset(root, 'app://kiosk/up/secret.txt')).status).toBe(404);
  });

  it('refuses traversal before touching the disk', async () => {
    expect(await resolveAppAssetOnDisk(root, 'app://kiosk/..%2fsecret.txt')).toBeNull();
    expect(await resolveAppAssetOnDisk(root, 'app://kiosk/../secret.txt')).toBeNull();
  });
});
