// Serving out/renderer for the app:// protocol, with the checks that need the disk (no electron import).
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy, contentTypeFor, isInside, resolveAppAsset } from './policy.ts';

export interface AppAssetResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * Resolves an app:// request to a real file: the pure URL check first, then realpath so a symlink inside out/renderer
 * cannot point outside it (packaged builds live in an asar with no symlinks, but development builds are plain
 * folders). Missing files are null, so a typo'd asset is a 404 rather than index.html served as script.
 */
export async function resolveAppAssetOnDisk(rootDir: string, requestUrl: string): Promise<string | null> {
  const candidate = resolveAppAsset(rootDir, requestUrl);
  if (candidate === null) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return null;
    const info = await stat(realFile);
    return info.isFile() ? realFile : null;
  } catch {
    return null;
  }
}

/** Builds the whole response for one app:// request; every response carries the CSP and nosniff. */
export async function serveAppAsset(
  rootDir: string,
  requestUrl: string,
  options: { devServerUrl?: string } = {},
): Promise<AppAssetResponse> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  const file = await resolveAppAssetOnDisk(rootDir, requestUrl);
  if (file === null) {
    return { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: null };
  }
  const body = await readFile(file);
  return { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(path.basename(file)) }, body };
}
