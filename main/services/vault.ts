import { openAesGcm, sealAesGcm } from '../crypto/aes-gcm.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { KioskError } from '../errors.ts';

export interface SealedImage {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * B-04: ID photos and signatures are encrypted at rest with AES-256-GCM. The key comes from the injected provider
 * (the OS key store through Electron's safeStorage in the app), never from the code. The record id is bound in as
 * additional data, so a ciphertext copied onto another record does not decrypt. Images sealed on another PC open here
 * once IT has imported that PC's key file (issue 13 §5); until then they are reported as such, not as broken.
 */
export class ImageVault {
  constructor(private readonly keys: Keyring) {}

  seal(plaintext: Buffer, recordId: string): SealedImage {
    return { keyId: this.keys.current.keyId, ...sealAesGcm(this.keys.current.key, plaintext, Buffer.from(recordId)) };
  }

  open(sealed: SealedImage, recordId: string): Buffer {
    const key = this.keys.find(sealed.keyId);
    if (!key) throw new KioskError('VAULT_KEY_MISSING', { params: { keyId: sealed.keyId } });
    try {
      return openAesGcm(key, sealed, Buffer.from(recordId));
    } catch {
      throw new KioskError('IMAGE_UNREADABLE');
    }
  }
}

const DATA_URL = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/=]+)$/;

/** Accepts only JPEG and PNG data URLs whose bytes really start with that format's signature. */
export function decodeImageDataUrl(dataUrl: string): { mime: 'image/jpeg' | 'image/png'; bytes: Buffer } | null {
  const match = DATA_URL.exec(dataUrl);
  if (!match) return null;
  const mime = match[1] as 'image/jpeg' | 'image/png';
  const bytes = Buffer.from(match[2]!, 'base64');
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if ((mime === 'image/jpeg' && !isJpeg) || (mime === 'image/png' && !isPng)) return null;
  return { mime, bytes };
}
