// Name-based UUIDs (RFC 4122 version 5, SHA-1) for statement ids: the same attempt, kind and index
// always give the same id, so a statement sent twice is one statement for the learning-record store.
import { createHash } from 'node:crypto';

/** Comptoir's own namespace for statement ids (a fixed random UUID: never change it, or ids change). */
export const STATEMENT_ID_NAMESPACE = 'c0b2e772-3a07-4d15-9808-ed3da81db072';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The version-5 UUID of `name` in `namespace` (RFC 4122 §4.3). */
export function uuidV5(name: string, namespace: string): string {
  if (!UUID.test(namespace)) throw new TypeError(`uuidV5: "${namespace}" is not a UUID`);
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
