import type Database from 'better-sqlite3';

// Which compiled better-sqlite3 addon this process loads. Node (unit tests, the browser host) uses the package's own
// build in node_modules; an Electron run from a checkout (npm start, npm run test:electron) loads the Electron-ABI copy
// that scripts/electron-native.mjs builds into .electron-native/, so the Node build stays for the unit tests
// (STYLE.md 12). A packaged app needs nothing: electron-builder rebuilt node_modules for Electron.
let addonFile: string | undefined;

export function setSqliteAddon(file: string | undefined): void {
  addonFile = file;
}

export function sqliteOpenOptions(): Database.Options {
  return addonFile === undefined ? {} : { nativeBinding: addonFile };
}
