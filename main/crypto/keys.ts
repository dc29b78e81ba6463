/**
 * Where the device's 32-byte secret comes from: Electron's safeStorage (the OS key store) in the app, a file key in
 * the browser host, a fixed key in tests. Services take it as a parameter; none of them knows which one it is.
 */
export interface KeyProvider {
  /** Identifies the key so a rotation or a move to another PC can tell old ciphertexts apart. */
  readonly keyId: string;
  /** A 32-byte AES-256 key. */
  getKey(): Buffer;
}
