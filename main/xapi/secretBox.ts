// Where the LRS secret is kept: encrypted by the operating system through Electron's safeStorage
// when there is one, else (browser mode) in a file of the data dir only its owner can read, flagged.
import { chmod, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../store/atomicFile';

export type SecretStorage = 'os-encrypted' | 'file-0600';

/** Keeps one secret. Main alone holds it: nothing here is ever sent to the renderer. */
export interface SecretBox {
  readonly storage: SecretStorage;
  /** True where the secret is not encrypted at rest: the screens show a warning. */
  readonly warning: boolean;
  save(secret: string): Promise<void>;
  /** The secret, or undefined when none is kept (or it can no longer be decrypted). */
  load(): Promise<string | undefined>;
  clear(): Promise<void>;
}

/** The part of Electron's safeStorage used here (main/electron.ts passes the real one). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: "basic_text" means no keyring, a hard-coded key: no better than a plain file. */
  getSelectedStorageBackend?(): string;
}

export const SECRET_FILE = join('xapi', 'lrs-secret');
export const ENCRYPTED_SECRET_FILE = join('xapi', 'lrs-secret.enc');

const removeIfExists = async (path: string) => {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};

/** Browser mode: the secret in <dataDir>/xapi/lrs-secret, mode 0600, with the warning raised. */
export function fileSecretBox(dataDir: string): SecretBox {
  const path = join(dataDir, SECRET_FILE);
  return {
    storage: 'file-0600',
    warning: true,
    async save(secret) {
      // writeFileAtomic creates its temp file 0600 and renames it; chmod again in case it replaced a looser file.
      await writeFileAtomic(path, secret);
      await chmod(path, 0o600);
    },
    async load() {
      const raw = await readFileIfExists(path);
      return raw === undefined || raw.length === 0 ? undefined : raw.toString('utf8');
    },
    clear: () => removeIfExists(path),
  };
}

/** Electron: the secret encrypted by safeStorage, in <dataDir>/xapi/lrs-secret.enc (also 0600). */
export function safeStorageSecretBox(dataDir: string, safeStorage: SafeStorageLike): SecretBox {
  const path = join(dataDir, ENCRYPTED_SECRET_FILE);
  const weak = safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  return {
    storage: 'os-encrypted',
    warning: weak,
    async save(secret) {
      await writeFileAtomic(path, safeStorage.encryptString(secret));
      await chmod(path, 0o600);
    },
    async load() {
      const raw = await readFileIfExists(path);
      if (raw === undefined || raw.length === 0) return undefined;
      try {
        return safeStorage.decryptString(raw);
      } catch {
        // Another user's or machine's key (a copied data dir): the secret must be entered again.
        return undefined;
      }
    },
    clear: () => removeIfExists(path),
  };
}

/** safeStorage where it can encrypt, the 0600 file otherwise (browser mode, or no keyring at all). */
export function secretBoxFor(dataDir: string, safeStorage?: SafeStorageLike): SecretBox {
  return safeStorage?.isEncryptionAvailable() ? safeStorageSecretBox(dataDir, safeStorage) : fileSecretBox(dataDir);
}
