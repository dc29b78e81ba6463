/** S-02: one terminal account, one device at a time, through HQ leases; and the offline sign-in rule (D-08). */
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseClient } from '../../main/sync/lease-client.ts';
import { backends, freePort, type RunningHq, startHq } from './support/hq.ts';
import { createKioskDb, type KioskDb } from './support/kiosk.ts';

describe.each(backends())('terminal lease, HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  const kiosks: KioskDb[] = [];
  let now = new Date('2026-05-20T00:00:00.000Z');
  const clock = () => now;
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
    for (const k of kiosks.splice(0)) k.dispose();
    now = new Date('2026-05-20T00:00:00.000Z');
  });

  function client(deviceId: string, overrides: { hqUrl?: string; token?: string; kiosk?: KioskDb } = {}) {
    const kiosk = overrides.kiosk ?? createKioskDb();
    if (!overrides.kiosk) kiosks.push(kiosk);
    const lease = new LeaseClient({
      db: kiosk.db,
      connection: {
        hqUrl: overrides.hqUrl ?? hq!.url,
        storeCode: 'S001',
        terminalCode: 'T01',
        token: overrides.token ?? hq!.token,
      },
      deviceId,
      clock,
      requestTimeoutMs: 2_000,
    });
    return { lease, kiosk };
  }

  it('S-02 refuses a second device with TERMINAL_IN_USE while the lease is live; expiry lets it in', async () => {
    hq = await startHq(backend, { clock, lease: { ttlSeconds: 90, heartbeatSeconds: 30 } });
    const a = client('device-a');
    const b = client('device-b');
    const taken = await a.lease.acquire();
    expect(taken).toMatchObject({ ok: true, mode: 'online', heartbeatSeconds: 30 });
    expect(await b.lease.acquire()).toMatchObject({ ok: false, code: 'TERMINAL_IN_USE', expiresAt: '2026-05-20T00:01:30.000Z' });

    // Heartbeats keep it: 60 s later the lease runs to 00:02:30.
    now = new Date('2026-05-20T00:01:00.000Z');
    expect(await a.lease.heartbeat()).toMatchObject({ ok: true, expiresAt: '2026-05-20T00:02:30.000Z' });
    now = new Date('2026-05-20T00:02:00.000Z');
    expect(await b.lease.acquire()).toMatchObject({ ok: false, code: 'TERMINAL_IN_USE' });
    // The same device signing in again (an app restart) is not a second environment.
    expect(await a.lease.acquire()).toMatchObject({ ok: true, mode: 'online' });

    // Device A goes silent; after the TTL device B may take the terminal, and A learns it lost it.
    now = new Date('2026-05-20T00:03:31.000Z');
    expect(await b.lease.acquire()).toMatchObject({ ok: true, mode: 'online' });
    expect(await a.lease.heartbeat()).toEqual({ ok: false, code: 'LEASE_LOST' });
    expect(a.lease.held).toBe(false);

    // Sign-out releases at once.
    await b.lease.release();
    expect(await a.lease.acquire()).toMatchObject({ ok: true, mode: 'online' });
  });

  it('S-02 D-08 offline: a device with a lease confirmed within 72 h may sign in; others are refused', async () => {
    hq = await startHq(backend, { clock });
    const a = client('device-a');
    expect(await a.lease.acquire()).toMatchObject({ ok: true, mode: 'online' });
    await a.lease.release();
    await hq.stopServer();
    const downUrl = `http://127.0.0.1:${await freePort()}`;

    // Next morning, network down: the same device on the same kiosk database may open the shop.
    now = new Date('2026-05-21T00:00:00.000Z');
    const again = client('device-a', { hqUrl: downUrl, token: hq.token, kiosk: a.kiosk });
    expect(await again.lease.acquire()).toMatchObject({ ok: true, mode: 'offline', confirmedAt: '2026-05-20T00:00:00.000Z' });
    // While HQ stays away the device keeps working, even past the window.
    now = new Date('2026-05-25T00:00:00.000Z');
    expect(await again.lease.heartbeat()).toMatchObject({ ok: true, mode: 'offline' });

    // A device that never held this terminal cannot sign in first while offline.
    const stranger = client('device-z', { hqUrl: downUrl, token: hq.token, kiosk: a.kiosk });
    expect(await stranger.lease.acquire()).toEqual({ ok: false, code: 'LEASE_OFFLINE_NO_RECENT_LEASE' });
    // Nor may the known device once its last confirmation is older than 72 hours.
    const late = client('device-a', { hqUrl: downUrl, token: hq.token, kiosk: a.kiosk });
    expect(await late.lease.acquire()).toEqual({ ok: false, code: 'LEASE_OFFLINE_NO_RECENT_LEASE' });
  });

  it('S-02 an offline sign-in turns into a real lease, or a refusal, at the first heartbeat that reaches HQ', async () => {
    hq = await startHq(backend, { clock });
    // The network between this kiosk and HQ, switched off and on; HQ itself stays up for the other device.
    let down = false;
    const network: typeof fetch = (input, init) =>
      down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
    const kiosk = createKioskDb();
    kiosks.push(kiosk);
    const deviceA = () =>
      new LeaseClient({
        db: kiosk.db,
        connection: { hqUrl: hq!.url, storeCode: 'S001', terminalCode: 'T01', token: hq!.token },
        deviceId: 'device-a',
        clock,
        fetch: network,
      });
    expect(await deviceA().acquire()).toMatchObject({ ok: true, mode: 'online' });

    down = true;
    now = new Date('2026-05-20T00:02:00.000Z');
    const a = deviceA();
    expect(await a.acquire()).toMatchObject({ ok: true, mode: 'offline' });
    down = false;
    // Nobody took the terminal meanwhile: the heartbeat takes the lease for real.
    expect(await a.heartbeat()).toMatchObject({ ok: true, mode: 'online' });

    // Offline again long enough for the lease to expire, and device B takes the terminal.
    down = true;
    now = new Date('2026-05-20T00:10:00.000Z');
    expect(await a.heartbeat()).toMatchObject({ ok: true, mode: 'offline' });
    const b = client('device-b');
    expect(await b.lease.acquire()).toMatchObject({ ok: true, mode: 'online' });
    const late = deviceA();
    expect(await late.acquire()).toMatchObject({ ok: true, mode: 'offline' });
    down = false;
    expect(await a.heartbeat()).toEqual({ ok: false, code: 'LEASE_LOST' });
    expect(await late.heartbeat()).toMatchObject({ ok: false, code: 'TERMINAL_IN_USE' });
    expect(late.held).toBe(false);
  });

  it('S-02 a wrong token is refused as such, never mistaken for being offline', async () => {
    hq = await startHq(backend, { clock });
    const a = client('device-a', { token: 'not-a-real-token-000000' });
    expect(await a.lease.acquire()).toEqual({ ok: false, code: 'LEASE_UNAUTHORIZED' });
  });
});
