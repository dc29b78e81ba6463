// Issue 11 §1: the BUILT preload must load in Electron's sandbox, where `require` knows only electron, events, timers
// and url. Without this, window.kiosk never exists in the installed app and every call fails.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Channel, contract, eventAccess, eventNames, type WindowKind } from '../../preload/contract.ts';
import { EVENT_CHANNEL } from '../../preload/channels.ts';
import { runSandboxedPreload, SANDBOX_MODULES, type SandboxRecorder } from './sandbox.ts';

/**
 * V-01/V-03: two preloads, one per window kind. Each must expose exactly the channels and events its window is
 * declared for in the contract; the customer window's never carries a clerk channel.
 */
const PRELOADS = [
  {
    window: 'clerk',
    file: resolve(import.meta.dirname, '../../out/preload/index.cjs'),
    channels: Object.keys(contract).filter((channel) => contract[channel as Channel].window === 'clerk').sort(),
    events: eventNames.filter((event) => (eventAccess[event].window as WindowKind) === 'clerk'),
    foreignEvent: 'customer:view',
    anyChannel: 'app:info',
  },
  {
    window: 'customer',
    file: resolve(import.meta.dirname, '../../out/preload/customer.cjs'),
    channels: Object.keys(contract).filter((channel) => (contract[channel as Channel].window as WindowKind) === 'customer').sort(),
    events: eventNames.filter((event) => (eventAccess[event].window as WindowKind) === 'customer'),
    foreignEvent: 'session:changed',
    anyChannel: 'customer:view',
  },
] as const;

describe.each(PRELOADS)('D-01 the built $window preload loads in a sandboxed renderer', (preload) => {
  let source = '';
  let sandbox: SandboxRecorder;
  let kiosk: Record<string, (...args: unknown[]) => unknown>;

  beforeAll(() => {
    if (!existsSync(preload.file)) throw new Error(`${preload.file} is missing: run \`npm run build\` first (npm test does)`);
    source = readFileSync(preload.file, 'utf8');
    sandbox = runSandboxedPreload(source);
    kiosk = sandbox.exposed.get('kiosk') as typeof kiosk;
  });

  it('requires nothing but the modules the sandbox provides, at load or in any call', () => {
    const named = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]!);
    expect(named.filter((name) => !SANDBOX_MODULES.includes(name))).toEqual([]);
    expect(sandbox.required.filter((name) => !SANDBOX_MODULES.includes(name))).toEqual([]);
    expect(source).not.toMatch(/\brequire\(\s*[^"'`\s]/); // no computed require the scan above could miss
  });

  it('exposes window.kiosk and nothing else', () => {
    expect([...sandbox.exposed.keys()]).toEqual(['kiosk']);
  });

  it('V-03 window.kiosk has exactly one function per channel declared for this window, plus on', () => {
    expect(preload.channels.length).toBeGreaterThan(0);
    expect(Object.keys(kiosk).sort()).toEqual([...preload.channels, 'on'].sort());
    expect(Object.values(kiosk).every((value) => typeof value === 'function')).toBe(true);
  });

  it('each function invokes its own channel with the request, and nothing else', async () => {
    for (const channel of preload.channels) {
      sandbox.invokes.length = 0;
      const request = { probe: channel };
      await expect(kiosk[channel]!(request)).resolves.toEqual({ ok: true, value: { channel } });
      expect(sandbox.invokes).toEqual([{ channel, args: [request] }]);
    }
  });

  it('a call without a request sends an empty object (the contract validates {} for empty requests)', async () => {
    sandbox.invokes.length = 0;
    await kiosk[preload.anyChannel]!();
    expect(sandbox.invokes).toEqual([{ channel: preload.anyChannel, args: [{}] }]);
  });

  it('on() delivers only its own event, and its unsubscribe stops delivery', () => {
    const event = preload.events[0]!;
    const seen: unknown[] = [];
    const off = kiosk.on!(event, (payload: unknown) => seen.push(payload)) as () => void;
    sandbox.emit(EVENT_CHANNEL, preload.foreignEvent, { id: 'other' });
    sandbox.emit(EVENT_CHANNEL, event, { n: 3 });
    off();
    sandbox.emit(EVENT_CHANNEL, event, { n: 4 });
    expect(seen).toEqual([{ n: 3 }]);
    expect(sandbox.listeners.get(EVENT_CHANNEL)?.size ?? 0).toBe(0);
  });

  it('V-03 on() refuses an event name not pushed to this window', () => {
    expect(() => kiosk.on!('fs:readFile', () => {})).toThrow(/unknown event/);
    expect(() => kiosk.on!(preload.foreignEvent, () => {})).toThrow(/unknown event/);
  });
});

describe('the sandbox emulation', () => {
  it('refuses what the real sandbox refuses (a preload that requires zod, as the old one did)', () => {
    expect(() => runSandboxedPreload('const { z } = require("zod");')).toThrow('module not found: zod');
    expect(() => runSandboxedPreload('require("fs");')).toThrow('module not found: fs');
    expect(() => runSandboxedPreload('require("./chunks/channels.cjs");')).toThrow('module not found: ./chunks/channels.cjs');
    expect(() => runSandboxedPreload('module.exports = __dirname;')).toThrow(/__dirname is not defined/);
  });
});
