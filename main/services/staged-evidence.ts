import type { VerificationInput } from '../../common/compliance.ts';
import type { Db } from '../../db/open.ts';

export type EvidenceKind = 'id_photo' | 'signature';

export interface StagedImage {
  mime: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  /** I-01: regions blacked out before the image was sent (ID photos). */
  masks?: number;
}

interface Held {
  images: Map<EvidenceKind, StagedImage>;
  /** B-01: the identity record the clerk typed; personal data, so never written to disk before execute. */
  identity: VerificationInput | null;
  /** Order of last use, for choosing what to let go when the cap is reached. */
  usedAt: number;
}

/** Largest image accepted from the camera or the signature pad (a 1920×1080 JPEG is well under this). */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** All images held at once: three customers' photo and signature at the largest size. */
export const MAX_HELD_BYTES = 6 * MAX_IMAGE_BYTES;

const OPEN_STATUSES = "('received', 'appraising', 'appraised')";

/**
 * S-11, B-06, B-04: what the customer gave during a wizard — ID photo, signature, identity record — waits here, in the
 * main process's memory only, until execute writes it encrypted. A renderer reload or an auto-lock keeps it; an app
 * restart loses it and the wizard asks again. Held only for open transactions: a reception deleted, cancelled or
 * settled (here or by anything else writing the database) lets its evidence go at the next look, and the total held
 * is capped so abandoned wizards cannot fill the memory (the least recently used other transaction goes first).
 */
export class StagedEvidence {
  private readonly held = new Map<string, Held>();
  private uses = 0;

  constructor(
    private readonly db: Db,
    private readonly maxBytes = MAX_HELD_BYTES,
  ) {}

  stageImage(receptionId: string, kind: EvidenceKind, image: StagedImage): void {
    this.entry(receptionId).images.set(kind, image);
    this.enforceCap(receptionId);
  }

  dropImage(receptionId: string, kind: EvidenceKind): void {
    this.held.get(receptionId)?.images.delete(kind);
  }

  image(receptionId: string, kind: EvidenceKind): StagedImage | null {
    this.sweep();
    return this.held.get(receptionId)?.images.get(kind) ?? null;
  }

  kinds(receptionId: string): EvidenceKind[] {
    this.sweep();
    return [...(this.held.get(receptionId)?.images.keys() ?? [])];
  }

  setIdentity(receptionId: string, identity: VerificationInput | null): void {
    this.entry(receptionId).identity = identity;
  }

  identity(receptionId: string): VerificationInput | null {
    this.sweep();
    return this.held.get(receptionId)?.identity ?? null;
  }

  /** Everything held for a transaction, e.g. once it is settled, cancelled or deleted. */
  forget(receptionId: string): void {
    this.held.delete(receptionId);
  }

  heldBytes(): number {
    let total = 0;
    for (const held of this.held.values()) for (const image of held.images.values()) total += image.bytes.length;
    return total;
  }

  /** Lets go of transactions that are no longer open, whoever closed them. */
  sweep(): void {
    if (this.held.size === 0) return;
    const ids = [...this.held.keys()];
    const open = new Set(
      (
        this.db
          .prepare(`SELECT id FROM receptions WHERE id IN (${ids.map(() => '?').join(', ')}) AND status IN ${OPEN_STATUSES}`)
          .all(...ids) as { id: string }[]
      ).map((row) => row.id),
    );
    for (const id of ids) if (!open.has(id)) this.held.delete(id);
  }

  private entry(receptionId: string): Held {
    this.sweep();
    let held = this.held.get(receptionId);
    if (!held) {
      held = { images: new Map(), identity: null, usedAt: 0 };
      this.held.set(receptionId, held);
    }
    held.usedAt = ++this.uses;
    return held;
  }

  private enforceCap(current: string): void {
    while (this.heldBytes() > this.maxBytes) {
      const others = [...this.held.entries()].filter(([id, held]) => id !== current && held.images.size > 0);
      if (others.length === 0) return;
      const [oldest] = others.reduce((a, b) => (a[1].usedAt <= b[1].usedAt ? a : b));
      this.held.get(oldest)!.images.clear();
    }
  }
}
