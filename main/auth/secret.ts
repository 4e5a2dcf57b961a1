// Slow hashes of PINs and recovery codes (scrypt, a random salt, the cost stored beside the hash)
// and the one-time recovery codes themselves. node:crypto only.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** About 50–110 ms per hash on the reference machine (2 cores), 32 MiB of memory. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

const base64 = (bytes: number) => z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).refine((s) => Buffer.from(s, 'base64').length === bytes, `must hold ${bytes} bytes`);

// Bounds on the stored cost keep a tampered file from asking for gigabytes or hours.
export const SecretHashSchema = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: base64(SALT_BYTES),
  hash: base64(KEY_BYTES),
});
export type SecretHash = z.infer<typeof SecretHashSchema>;

const scryptOptions = ({ N, r, p }: ScryptCost): ScryptOptions => ({ N, r, p, maxmem: 256 * N * r + 1024 * 1024 });

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(secret.normalize('NFC'), salt, KEY_BYTES, scryptOptions(cost), (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashSecret(secret: string, cost: ScryptCost): Promise<SecretHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, cost);
  return { algorithm: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Recomputes with the stored salt and cost; compares in constant time. */
export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(secret, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash was made with a different cost than the one now configured. */
export const costDiffers = (stored: SecretHash, cost: ScryptCost) => stored.N !== cost.N || stored.r !== cost.r || stored.p !== cost.p;

// Crockford's base32: no I, L, O or U, so a code copied by hand is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;

/** 16 characters (80 random bits) in four groups: "7K2M-QX9D-…". */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The canonical form of a typed code (case, spaces, dashes, O/I/L misreadings forgiven), or undefined when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return undefined;
  return code;
}
