// V-01/V-03 in the browser host: the customer window's URL carries a token of its own that opens only the customer
// window's channels and events. Real HTTP and a real event stream on 127.0.0.1 against the real core.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostServer, startHostServer } from '../../main/host/server.ts';
import { startTestCore, type TestCore } from '../support/core.ts';

let t: TestCore;
let host: HostServer;
let rendererDir: string;

async function call(token: string, channel: string, body: unknown, client: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${host.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-kiosk-client': client },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: response.status === 200 ? await response.json() : null };
}

/** An open event stream: what arrived so far, as event names. */
function openStream(token: string, client: string): Promise<{ events: () => string[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/events?token=${encodeURIComponent(token)}&client=${client}`, host.origin);
    const req = httpRequest(url, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('error', () => {});
      const events = () =>
        [...text.matchAll(/^data: (.*)$/gm)].map((match) => (JSON.parse(match[1]!) as { event: string }).event);
      resolve({ events, close: () => req.destroy() });
    });
    req.on('error', () => {});
    req.end();
  });
}

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  t = await startTestCore({ signIn: false });
  host = await startHostServer(t.core, { rendererDir });
  // A manager is signed in at the clerk's tab, the strongest session the counter can have.
  expect(await call(host.token, 'session:terminalSignIn', { code: 'T01', password: 'demo-terminal' }, 'clerkTab0001')).toMatchObject({ status: 200 });
  expect((await call(host.token, 'session:staffSignIn', { code: '9001', pin: '9999' }, 'clerkTab0001')).json).toMatchObject({ ok: true });
});
afterAll(async () => {
  await host.close();
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('V-03 the customer window token in the browser host', () => {
  it('has its own value, and an unknown token opens nothing', async () => {
    expect(host.customerToken).not.toBe(host.token);
    expect(host.customerToken.length).toBeGreaterThanOrEqual(32);
    expect((await call('not-a-token', 'app:info', {}, 'clerkTab0001')).status).toBe(401);
  });

  it('V-03 calling the settings, staff or reception list with the customer token is refused and changes nothing', async () => {
    const audit = t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    const terms = t.core.db.prepare('SELECT COUNT(*) FROM agreement_terms').pluck().get();
    // Even with the clerk tab's own client id: the token decides the window, and the window's ids are kept apart.
    for (const client of ['customerPage01', 'clerkTab0001']) {
      for (const [channel, body] of [
        ['settings:buyback', {}],
        ['settings:saveTerms', { terms: { title: '買取約款', body: '第1条 …' } }],
        ['staff:list', {}],
        ['staff:add', { code: 'X-1', name: '侵入 太郎', role: 'manager', pin: '1111' }],
        ['reception:list', {}],
        ['session:state', {}],
        ['session:staffSignIn', { code: '9001', pin: '9999' }],
        ['app:info', {}],
      ] as const) {
        const { status, json } = await call(host.customerToken, channel, body, client);
        expect(status, channel).toBe(200);
        expect(json, `${channel} as ${client}`).toMatchObject({ ok: false, error: { code: 'WINDOW_FORBIDDEN' } });
      }
    }
    expect(t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(audit);
    expect(t.core.db.prepare('SELECT COUNT(*) FROM agreement_terms').pluck().get()).toBe(terms);
    // The clerk's own tab still works.
    expect((await call(host.token, 'staff:list', {}, 'clerkTab0001')).json).toMatchObject({ ok: true });
  });

  it('V-03 an event stream opened with the customer token never carries staff, settings, session, sync or print events', async () => {
    // The stream connects first, so its own view arrives before the clerk's events start.
    const customer = await openStream(host.customerToken, 'customerPage01');
    const clerk = await openStream(host.token, 'clerkTab0001');
    const signInScreen = await openStream(host.token, 'clerkTab0002');
    try {
      // Things a clerk's screen hears about: a staff sign-in elsewhere, a print job, the sync badge.
      expect((await call(host.token, 'session:staffSignIn', { code: '1001', pin: '1234' }, 'clerkTab0003')).json).toMatchObject({ ok: true });
      expect((await call(host.token, 'session:terminalSignIn', { code: 'T01', password: 'demo-terminal' }, 'clerkTab0004')).json).toMatchObject({ ok: true });
      expect((await call(host.token, 'session:staffSignIn', { code: '9001', pin: '9999' }, 'clerkTab0001')).json).toMatchObject({ ok: true });
      expect((await call(host.token, 'printer:testPrint', { printer: 'receipt' }, 'clerkTab0001')).json).toMatchObject({ ok: true });
      t.core.events.emit('sync:status', t.core.services.sync.status());
      await expect.poll(() => clerk.events(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['session:changed', 'print:job', 'sync:status']));
      await expect.poll(() => signInScreen.events(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['session:changed', 'sync:status']));
      expect(signInScreen.events()).not.toContain('print:job');
      // Only what the customer's screen shows (pushed when it connected): nothing of the clerk's.
      expect(customer.events().length).toBeGreaterThan(0);
      expect(new Set(customer.events())).toEqual(new Set(['customer:view']));
      expect(clerk.events()).not.toContain('customer:view');
    } finally {
      customer.close();
      clerk.close();
      signInScreen.close();
    }
  });
});
