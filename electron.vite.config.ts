import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          // The HQ sync worker: in Electron a utility process (electron-sync-worker), elsewhere a worker_thread.
          'sync-worker': resolve(import.meta.dirname, 'main/sync/worker.ts'),
          'electron-sync-worker': resolve(import.meta.dirname, 'main/shell/electron-sync-worker.ts'),
          // The browser host (npm start without Electron, npm run host) runs built JS too; electron-builder.yml
          // keeps out/**/host/** out of the installer.
          'host/cli': resolve(import.meta.dirname, 'main/host/cli.ts'),
        },
        // Native and Electron-provided modules stay outside the bundle; electron-builder rebuilds the native ones.
        // playwright-core: only the browser host's PDF maker (a devDependency, never packaged) loads it, at run time.
        external: ['electron', 'better-sqlite3', 'usb', 'playwright-core'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only electron, events, timers and url: nothing from node_modules may stay an
      // external require (electron-vite externalizes dependencies by default). preload/index.ts imports only the
      // zod-free channels.ts; bundling everything else is the safety net, and tests/built/preload-sandbox.test.ts
      // loads the built file under the sandbox's rules.
      externalizeDeps: false,
      // Two preloads (clerk, customer) share channels.ts: without isolation the bundler puts it in a shared chunk the
      // sandbox cannot require (relative files are not allowed). Each preload is built as one standalone file.
      isolatedEntries: true,
      rollupOptions: {
        // V-01/V-03: the clerk window's preload and the customer window's own, which exposes only the customer channels.
        input: { index: resolve(import.meta.dirname, 'preload/index.ts'), customer: resolve(import.meta.dirname, 'preload/customer.ts') },
        external: ['electron'],
        // A sandboxed preload must be CommonJS (TOOLCHAIN.md).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'renderer/index.html'),
          // V-01: the customer's screen, its own page.
          customer: resolve(import.meta.dirname, 'renderer/customer.html'),
          // Q-01, Q-02: the documents' print page, loaded by the PDF maker (a hidden window / headless Chromium).
          print: resolve(import.meta.dirname, 'renderer/print.html'),
        },
      },
    },
  },
});
