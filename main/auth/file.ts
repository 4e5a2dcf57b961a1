// auth.json: what the access module keeps on disk (hashes, never PINs, and the back-off state per
// role), written atomically with 0600 permissions, refused rather than reset when it is damaged.
import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from '../store/atomicFile';
import { decodeDocument, encodeDocument, type DocumentSpec } from '../store/document';
import { AuthFileError } from './errors';
import { SecretHashSchema } from './secret';

export const ROLES = ['trainer', 'hr'] as const;
export type Role = (typeof ROLES)[number];

export const RoleRecordSchema = z.strictObject({
  pin: SecretHashSchema,
  recovery: SecretHashSchema,
  pinSetAt: z.string().datetime({ offset: true }),
  failures: z.number().int().min(0),
  lastFailureAt: z.number().int().min(0).nullable(),
});
export type RoleRecord = z.infer<typeof RoleRecordSchema>;

export const AuthDataSchema = z.strictObject({
  roles: z.strictObject({ trainer: RoleRecordSchema.optional(), hr: RoleRecordSchema.optional() }),
});
export type AuthData = z.infer<typeof AuthDataSchema>;

export const AUTH_FILE_NAME = 'auth.json';

// No backups: a backup would bring back an old PIN or an old failure count, both of which the
// file exists to forget. Atomic writes mean a crash leaves the old or the new file, whole.
export const AUTH_SPEC: DocumentSpec<AuthData> = { name: 'auth', schemaVersion: 1, schema: AuthDataSchema, backups: 0 };

/** The stored state; a missing file means no PIN set yet. A damaged or newer file throws AuthFileError. */
export async function readAuthFile(path: string): Promise<AuthData> {
  const raw = await readFileIfExists(path);
  if (raw === undefined) return { roles: {} };
  const decoded = decodeDocument(raw, AUTH_SPEC);
  if (decoded.ok) return decoded.data;
  if (decoded.newer !== undefined) {
    throw new AuthFileError('auth-file-newer', path, `written by a newer Comptoir (version ${decoded.newer}, this one reads up to ${AUTH_SPEC.schemaVersion})`);
  }
  throw new AuthFileError('auth-file-corrupt', path, 'not a valid auth file; trainer and HR access stay closed until it is restored or deliberately deleted');
}

export async function writeAuthFile(path: string, data: AuthData): Promise<void> {
  // writeFileAtomic creates its temp file with mode 0600 and renames it over the target.
  await writeFileAtomic(path, encodeDocument(data, AUTH_SPEC), AUTH_SPEC.backups);
}
