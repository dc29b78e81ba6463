/**
 * I-02 I-03 at HQ: the document's expiry and a reused verification travel with the settlement from the real kiosk
 * core (its sync worker) to a real HQ on 127.0.0.1, and HQ keeps them in the settlement's verification record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreSyncOptions } from '../../main/core.ts';
import type { Reception, VerificationInput } from '../../preload/types.ts';
import { cashFromSafe, executeRequest, startTestCore, type TestCore, watch } from '../support/core.ts';
import { backends, type RunningHq, startHq } from './support/hq.ts';

const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('fake-jpeg-id-photo')]).toString('base64')}`;
/** Short backoff and a long idle ping: only the wake after each commit sends. */
const FAST: CoreSyncOptions = {
  tuning: { backoff: { baseMs: 50, capMs: 300 }, requestTimeoutMs: 2_000, idlePingMs: 60_000 },
  leaseRequestTimeoutMs: 2_000,
};

for (const backend of backends()) {
  describe(`I-02 I-03 identity records at HQ (${backend.name})`, { timeout: 45_000 }, () => {
    let hq: RunningHq | undefined;
    let t: TestCore | undefined;
    afterEach(async () => {
      await t?.close();
      await hq?.close();
      t = undefined;
      hq = undefined;
    });

    async function settleMember(kiosk: TestCore, verification: (seller: VerificationInput['seller']) => VerificationInput, photo: boolean) {
      const member = kiosk.core.db.prepare('SELECT id, name, address, occupation, birth_date FROM customers ORDER BY member_number').get() as {
        id: string;
        name: string;
        address: string;
        occupation: string;
        birth_date: string;
      };
      const r = await kiosk.ok('reception:create', { kind: 'member', customerId: member.id });
      await kiosk.ok('appraisal:addItem', { receptionId: r.id, item: watch });
      const done: Reception = await kiosk.ok('appraisal:complete', { receptionId: r.id });
      if (photo) await kiosk.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
      await cashFromSafe(kiosk, done.totals.total);
      const seller = { name: member.name, address: member.address, occupation: member.occupation || '会社員', birthDate: member.birth_date };
      const request = executeRequest(done, { points: 0, verification: verification(seller) });
      await kiosk.ok('settlement:execute', request);
      return request.settlementId;
    }

    it('I-02 I-03 the expiry and the reused check reach HQ in the settlement’s verification record', async () => {
      hq = await startHq(backend);
      t = await startTestCore({ signIn: 'manager', sync: FAST });
      const licence = (seller: VerificationInput['seller']): VerificationInput => ({
        method: 'id_document',
        documentType: 'drivers_licence',
        documentNumberLast4: '4821',
        documentExpiry: '2031-03-31',
        seller,
        guardian: null,
        invoice: { registered: false, tNumber: '' },
      });
      const first = await settleMember(t, licence, true);
      const reused = await settleMember(t, (seller) => ({ ...licence(seller), reusedFrom: first }), false);

      await t.ok('sync:provision', { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
      const atHq = async () => {
        const rows = await hq!.db.query<{ id: string; verification: string }>('SELECT id, verification FROM settlements WHERE id IN (?, ?)', [first, reused]);
        return new Map(rows.map((row) => [row.id, JSON.parse(row.verification) as Record<string, unknown>]));
      };
      await expect.poll(async () => (await atHq()).size, { timeout: 20_000 }).toBe(2);
      const stored = await atHq();
      expect(stored.get(first)).toMatchObject({ documentType: 'drivers_licence', documentNumberLast4: '4821', documentExpiry: '2031-03-31', reusedFrom: null });
      expect(stored.get(reused)).toMatchObject({ documentExpiry: '2031-03-31', reusedFrom: { settlementId: first, verifiedAt: expect.any(String) } });
    });
  });
}
