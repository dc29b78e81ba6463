// Issue 13 §6: the browser host cuts slow and idle sockets instead of keeping them forever (slowloris), while its
// event stream stays open. Real sockets on 127.0.0.1 against the real host server and core, with short deadlines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_TIMEOUTS, type HostServer, startHostServer } from '../../main/host/server.ts';
import { startTestCore, type TestCore } from '../support/core.ts';

const timeouts = { headersMs: 400, requestMs: 800, idleMs: 1_500, keepAliveMs: 300, heartbeatMs: 200 };
let test: TestCore;
let host: HostServer;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  test = await startTestCore({ signIn: false });
  host = await startHostServer(test.core, { rendererDir, timeouts });
});
afterEach(async () => {
  await host.close();
  await test.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Slow {
  socket: Socket;
  received: () => string;
  /** Resolves with how long the server kept the socket, in ms. */
  closed: Promise<number>;
  stop(): void;
}

/** A client on a real socket that sends `head` at once, then one byte of `drip` every 100 ms (bounded: 100 bytes). */
function slowClient(head: string, drip = 'x'.repeat(100)): Slow {
  const port = Number(new URL(host.origin).port);
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let data = '';
  let timer: NodeJS.Timeout | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    data += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  socket.on('connect', () => {
    socket.write(head);
    let sent = 0;
    timer = setInterval(() => {
      if (sent >= drip.length || socket.destroyed) return clearInterval(timer);
      socket.write(drip[sent++]!);
    }, 100);
  });
  return { socket, received: () => data, closed, stop: () => clearInterval(timer) };
}

describe('issue 13 §6 the browser host does not keep slow sockets', () => {
  it('has deadlines by default: headers 10 s, whole request 30 s, idle 2 min, keep-alive 5 s', () => {
    expect(HOST_TIMEOUTS).toMatchObject({ headersMs: 10_000, requestMs: 30_000, idleMs: 120_000, keepAliveMs: 5_000 });
  });

  it('a client dribbling its headers (slowloris) gets 408 and is cut, long before it would finish', async () => {
    const client = slowClient('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const keptMs = await client.closed;
    client.stop();
    expect(keptMs).toBeLessThan(5_000); // the drip alone would take 10 s and never end the headers
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a client dribbling a request body is cut at the request deadline and reaches no handler', async () => {
    const head =
      `POST /api/call/session:staffSignIn HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Authorization: Bearer ${host.token}\r\nContent-Length: 100\r\n\r\n`;
    const client = slowClient(head);
    const keptMs = await client.closed;
    client.stop();
    expect(keptMs).toBeLessThan(6_000);
    expect(client.received()).not.toMatch(/"ok"/);
  });

  it('a socket that connects and says nothing is closed too', async () => {
    const client = slowClient('', '');
    expect(await client.closed).toBeLessThan(5_000);
  });

  it('an honest call still works, and the event stream stays open past every deadline with its heartbeat', async () => {
    const call = await fetch(`${host.origin}/api/call/app:info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
      body: '{}',
    });
    expect(await call.json()).toMatchObject({ ok: true, value: { host: 'browser' } });

    const events = await fetch(`${host.origin}/api/events?token=${encodeURIComponent(host.token)}`);
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 2_500; // longer than the header, request and idle deadlines above
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain(': connected');
    expect(text.split(': heartbeat').length - 1).toBeGreaterThanOrEqual(3);
    test.core.events.emit('sync:status', (await test.core.services.sync.status()));
    let after = '';
    while (!after.includes('event: kiosk')) {
      const { value, done } = await reader.read();
      if (done) break;
      after += decoder.decode(value);
    }
    expect(after).toContain('"event":"sync:status"');
    await reader.cancel();
  });
});
