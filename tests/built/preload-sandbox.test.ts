// Issue 11 §1: the BUILT preload must load in Electron's sandbox, where `require` knows only electron, events, timers
// and url. Without this, window.kiosk never exists in the installed app and every call fails.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../preload/contract.ts';
import { EVENT_CHANNEL } from '../../preload/channels.ts';
import { runSandboxedPreload, SANDBOX_MODULES, type SandboxRecorder } from './sandbox.ts';

const BUILT = resolve(import.meta.dirname, '../../out/preload/index.cjs');
const contractChannels = Object.keys(contract).sort();

let source = '';
let sandbox: SandboxRecorder;
let kiosk: Record<string, (...args: unknown[]) => unknown>;

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (npm test does)`);
  source = readFileSync(BUILT, 'utf8');
  sandbox = runSandboxedPreload(source);
  kiosk = sandbox.exposed.get('kiosk') as typeof kiosk;
});

describe('D-01 the built preload loads in a sandboxed renderer', () => {
  it('requires nothing but the modules the sandbox provides, at load or in any call', () => {
    const named = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]!);
    expect(named.filter((name) => !SANDBOX_MODULES.includes(name))).toEqual([]);
    expect(sandbox.required.filter((name) => !SANDBOX_MODULES.includes(name))).toEqual([]);
    expect(source).not.toMatch(/\brequire\(\s*[^"'`\s]/); // no computed require the scan above could miss
  });

  it('exposes window.kiosk and nothing else', () => {
    expect([...sandbox.exposed.keys()]).toEqual(['kiosk']);
  });

  it('window.kiosk has exactly one function per contract channel, plus on', () => {
    expect(Object.keys(kiosk).sort()).toEqual([...contractChannels, 'on'].sort());
    expect(Object.values(kiosk).every((value) => typeof value === 'function')).toBe(true);
  });

  it('each function invokes its own channel with the request, and nothing else', async () => {
    for (const channel of contractChannels) {
      sandbox.invokes.length = 0;
      const request = { probe: channel };
      await expect(kiosk[channel]!(request)).resolves.toEqual({ ok: true, value: { channel } });
      expect(sandbox.invokes).toEqual([{ channel, args: [request] }]);
    }
  });

  it('a call without a request sends an empty object (the contract validates {} for empty requests)', async () => {
    sandbox.invokes.length = 0;
    await kiosk['app:info']!();
    expect(sandbox.invokes).toEqual([{ channel: 'app:info', args: [{}] }]);
  });

  it('on() delivers only its own event, and its unsubscribe stops delivery', () => {
    const seen: unknown[] = [];
    const off = kiosk.on!('sync:status', (payload: unknown) => seen.push(payload)) as () => void;
    sandbox.emit(EVENT_CHANNEL, 'print:job', { id: 'job-1' });
    sandbox.emit(EVENT_CHANNEL, 'sync:status', { backlog: 3 });
    off();
    sandbox.emit(EVENT_CHANNEL, 'sync:status', { backlog: 4 });
    expect(seen).toEqual([{ backlog: 3 }]);
    expect(sandbox.listeners.get(EVENT_CHANNEL)?.size ?? 0).toBe(0);
  });

  it('on() refuses an event name the contract does not push', () => {
    expect(() => kiosk.on!('fs:readFile', () => {})).toThrow(/unknown event/);
  });

  it('the emulation itself refuses what the real sandbox refuses (a preload that requires zod, as the old one did)', () => {
    expect(() => runSandboxedPreload('const { z } = require("zod");')).toThrow('module not found: zod');
    expect(() => runSandboxedPreload('require("fs");')).toThrow('module not found: fs');
    expect(() => runSandboxedPreload('module.exports = __dirname;')).toThrow(/__dirname is not defined/);
  });
});
