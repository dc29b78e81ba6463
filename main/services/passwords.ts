// The scheme lives in the protocol package: HQ hashes the PINs of the staff it publishes the same way.
export { hashSecret, verifySecret } from 'kaitori-sync-protocol';
