// Where an Electron run from a checkout finds its Electron-ABI better-sqlite3 addon. The same convention is in
// scripts/electron-native.mjs, which builds it (tests/unit/shell/native-addon.test.ts keeps the two in step).
import path from 'node:path';

export const ELECTRON_NATIVE_DIR = '.electron-native';

export function electronAddonFile(root: string, electronVersion: string, platform: string, arch: string): string {
  return path.join(root, ELECTRON_NATIVE_DIR, `electron-v${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}
