import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LrsConfigStore, parseEndpoint, parseKey } from './config';
import { XapiError } from './messages';
import { ENCRYPTED_SECRET_FILE, fileSecretBox, safeStorageSecretBox, SECRET_FILE, secretBoxFor, type SafeStorageLike } from './secretBox';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comptoir-xapi-config-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A stand-in for Electron's safeStorage: reversible, but visibly not the plain text. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`),
    decryptString: (encrypted) => {
      const text = encrypted.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend! } : {}),
  };
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('secret boxes', () => {
  it('browser mode keeps the secret in a 0600 file of the data dir, and raises the warning', async () => {
    const box = fileSecretBox(dataDir);
    expect(box).toMatchObject({ storage: 'file-0600', warning: true });
    expect(await box.load()).toBeUndefined();
    await box.save('s3cr3t');
    expect(await box.load()).toBe('s3cr3t');
    expect(await modeOf(join(dataDir, SECRET_FILE))).toBe(0o600);
    await box.clear();
    expect(await box.load()).toBeUndefined();
    await box.clear();
  });

  it('tightens a secret file that was left readable by others when it saves', async () => {
    await mkdir(join(dataDir, 'xapi'), { recursive: true });
    await writeFile(join(dataDir, SECRET_FILE), 'old', { mode: 0o644 });
    await fileSecretBox(dataDir).save('new');
    expect(await modeOf(join(dataDir, SECRET_FILE))).toBe(0o600);
  });

  it('Electron keeps the secret encrypted by safeStorage, never in clear on disk', async () => {
    const box = safeStorageSecretBox(dataDir, fakeSafeStorage());
    expect(box).toMatchObject({ storage: 'os-encrypted', warning: false });
    await box.save('s3cr3t');
    const onDisk = await readFile(join(dataDir, ENCRYPTED_SECRET_FILE), 'utf8');
    expect(onDisk).not.toContain('s3cr3t');
    expect(await box.load()).toBe('s3cr3t');
  });

  it('treats a secret it cannot decrypt (another user\'s or machine\'s) as missing', async () => {
    await mkdir(join(dataDir, 'xapi'), { recursive: true });
    await writeFile(join(dataDir, ENCRYPTED_SECRET_FILE), 'garbage');
    expect(await safeStorageSecretBox(dataDir, fakeSafeStorage()).load()).toBeUndefined();
  });

  it('warns when safeStorage has no keyring (basic_text) and falls back to the file where it cannot encrypt', () => {
    expect(safeStorageSecretBox(dataDir, fakeSafeStorage({ backend: 'basic_text' })).warning).toBe(true);
    expect(secretBoxFor(dataDir, fakeSafeStorage({ available: false })).storage).toBe('file-0600');
    expect(secretBoxFor(dataDir, fakeSafeStorage()).storage).toBe('os-encrypted');
    expect(secretBoxFor(dataDir).storage).toBe('file-0600');
  });
});

describe('LRS settings', () => {
  it('accepts https endpoints and plain http on this machine only; strips a trailing slash or /statements', () => {
    expect(parseEndpoint('https://lrs.example.com/xAPI/')).toBe('https://lrs.example.com/xAPI');
    expect(parseEndpoint(' https://lrs.example.com/data/xAPI/statements ')).toBe('https://lrs.example.com/data/xAPI');
    expect(parseEndpoint('http://127.0.0.1:8080/xAPI')).toBe('http://127.0.0.1:8080/xAPI');
    expect(parseEndpoint('http://localhost/xAPI')).toBe('http://localhost/xAPI');
    const code = (input: string) => { try { parseEndpoint(input); return 'accepted'; } catch (e) { return (e as XapiError).code; } };
    expect(code('http://lrs.example.com/xAPI')).toBe('insecure-endpoint');
    expect(code('http://192.168.1.10/xAPI')).toBe('insecure-endpoint');
    expect(code('lrs.example.com')).toBe('invalid-endpoint');
    expect(code('ftp://lrs.example.com/xAPI')).toBe('invalid-endpoint');
    expect(code('https://user:pw@lrs.example.com/xAPI')).toBe('invalid-endpoint');
    expect(code('https://lrs.example.com/xAPI?x=1')).toBe('invalid-endpoint');
  });

  it('refuses a key with a colon (Basic auth cannot carry it) and says why in French and English', () => {
    expect(() => parseKey('a:b')).toThrow(XapiError);
    try {
      parseKey('');
    } catch (error) {
      expect((error as XapiError).text.fr).toMatch(/Clé du LRS invalide/);
      expect((error as XapiError).text.en).toMatch(/Invalid LRS key/);
    }
  });

  it('saves endpoint and key, sends the secret to the box, and never shows the secret', async () => {
    const box = fileSecretBox(dataDir);
    const store = await LrsConfigStore.open(dataDir, box);
    expect(store.view()).toMatchObject({ configured: false, endpoint: null, hasSecret: false, secretStorage: 'file-0600', secretWarning: true, activityBase: 'https://comptoir.app/xapi' });
    const view = await store.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', secret: 'hunter2-secret' });
    expect(view).toMatchObject({ configured: true, endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', hasSecret: true });
    expect(JSON.stringify(view)).not.toContain('hunter2-secret');
    expect(await readFile(join(dataDir, 'xapi', 'lrs.json'), 'utf8')).not.toContain('hunter2-secret');
    expect(await store.connection()).toEqual({ endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', secret: 'hunter2-secret' });
    const reopened = await LrsConfigStore.open(dataDir, box);
    expect(reopened.view()).toEqual(view);
  });

  it('keeps the stored secret when the settings are saved without one, and forgets all on removal', async () => {
    const store = await LrsConfigStore.open(dataDir, fileSecretBox(dataDir));
    await store.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'k1', secret: 'first' });
    await store.configure({ endpoint: 'https://lrs2.example.com/xAPI', key: 'k2', employeeHomePage: 'https://rh.example.com/agents' });
    expect(await store.connection()).toEqual({ endpoint: 'https://lrs2.example.com/xAPI', key: 'k2', secret: 'first' });
    expect(store.statementSettings()).toEqual({ activityBase: 'https://comptoir.app/xapi', employeeHomePage: 'https://rh.example.com/agents' });
    const removed = await store.remove();
    expect(removed).toMatchObject({ configured: false, endpoint: null, hasSecret: false, employeeHomePage: 'https://rh.example.com/agents' });
    expect(await store.connection()).toBeUndefined();
  });

  it('says the secret is missing when the endpoint is set but the box lost it', async () => {
    const box = fileSecretBox(dataDir);
    const store = await LrsConfigStore.open(dataDir, box);
    await store.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'k', secret: 's' });
    await box.clear();
    await expect(store.connection()).rejects.toMatchObject({ code: 'secret-missing' });
    expect(store.view()).toMatchObject({ configured: false, hasSecret: false });
  });

  it('refuses a bad base for the IRIs and leaves the settings as they were', async () => {
    const store = await LrsConfigStore.open(dataDir, fileSecretBox(dataDir));
    await expect(store.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'k', secret: 's', activityBase: 'comptoir' })).rejects.toMatchObject({ code: 'invalid-base' });
    expect(store.view().configured).toBe(false);
  });
});
