import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_COST, SecretHashSchema, hashSecret, newRecoveryCode, normaliseRecoveryCode, verifySecret } from './secret';

const FAST = { N: 1024, r: 1, p: 1 };

describe('slow hashes', () => {
  it('store a salted scrypt hash with its cost, never the secret', async () => {
    const stored = await hashSecret('482739', FAST);
    expect(SecretHashSchema.parse(stored)).toEqual(stored);
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 1, p: 1 });
    expect(JSON.stringify(stored)).not.toContain('482739');
    expect(Buffer.from(stored.salt, 'base64')).toHaveLength(16);
  });

  it('use a fresh salt each time, so one PIN hashed twice gives two different hashes', async () => {
    const [a, b] = await Promise.all([hashSecret('482739', FAST), hashSecret('482739', FAST)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('verify the right secret and refuse a wrong one, with the cost stored in the hash', async () => {
    const stored = await hashSecret('482739', { N: 2048, r: 2, p: 1 });
    expect(await verifySecret('482739', stored)).toBe(true);
    expect(await verifySecret('482738', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
  });

  it('work at the real default cost (N = 2^15, r = 8, p = 1)', async () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ N: 32_768, r: 8, p: 1 });
    const stored = await hashSecret('582047', DEFAULT_SCRYPT_COST);
    expect(stored).toMatchObject({ N: 32_768, r: 8, p: 1 });
    expect(await verifySecret('582047', stored)).toBe(true);
    expect(await verifySecret('582046', stored)).toBe(false);
  });

  it('refuse stored costs a tampered file could use to exhaust the machine', () => {
    const ok = { algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: Buffer.alloc(16).toString('base64'), hash: Buffer.alloc(32).toString('base64') };
    expect(SecretHashSchema.safeParse(ok).success).toBe(true);
    expect(SecretHashSchema.safeParse({ ...ok, N: 2 ** 30 }).success).toBe(false);
    expect(SecretHashSchema.safeParse({ ...ok, N: 1000 }).success).toBe(false);
    expect(SecretHashSchema.safeParse({ ...ok, hash: Buffer.alloc(8).toString('base64') }).success).toBe(false);
  });
});

describe('recovery codes', () => {
  it('are 16 base32 characters in four groups, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, newRecoveryCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('are read back forgiving case, spaces, dashes and O/I/L misreadings, and refused when malformed', () => {
    expect(normaliseRecoveryCode('7k2m-qx9d 0ab1-c3e4')).toBe('7K2MQX9D0AB1C3E4');
    expect(normaliseRecoveryCode('7K2M-QX9D-OAB1-C3E4')).toBe('7K2MQX9D0AB1C3E4');
    expect(normaliseRecoveryCode('7K2M-QX9D-0ABI-C3E4')).toBe('7K2MQX9D0AB1C3E4');
    expect(normaliseRecoveryCode('7K2M-QX9D-0AB1-C3E')).toBeUndefined();
    expect(normaliseRecoveryCode('7K2M-QX9D-0AB1-C3EU')).toBeUndefined();
  });
});
