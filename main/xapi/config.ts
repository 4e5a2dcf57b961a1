// The LRS settings HR enters (endpoint, key, the IRIs' base and employees' home page) kept in
// <dataDir>/xapi/lrs.json; the secret goes to a SecretBox and only "there is one" comes back out.
import { join } from 'node:path';
import { z } from 'zod';
import { JsonDocument, type DocumentSpec, type StoreNotice } from '../store/document';
import { XapiError } from './messages';
import type { SecretBox, SecretStorage } from './secretBox';
import { DEFAULT_STATEMENT_SETTINGS, IriBaseSchema, type StatementSettings } from './vocabulary';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The LRS's xAPI base as the client uses it; throws XapiError (invalid-endpoint, insecure-endpoint). */
export function parseEndpoint(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new XapiError('invalid-endpoint', input);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) throw new XapiError('invalid-endpoint', input);
  // Basic credentials in clear text cross no network: plain http only to this machine (tests, a local LRS).
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) throw new XapiError('insecure-endpoint', input);
  return url.href.replace(/\/+$/, '').replace(/\/statements$/i, '');
}

const hasControlCharacters = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function parseKey(key: string): string {
  // RFC 7617: the user-id of Basic auth cannot contain a colon.
  if (key.length < 1 || key.length > 200 || key.includes(':') || hasControlCharacters(key)) throw new XapiError('invalid-key');
  return key;
}

export function parseSecret(secret: string): string {
  if (secret.length < 1 || secret.length > 500 || hasControlCharacters(secret)) throw new XapiError('invalid-secret');
  return secret;
}

/** What HR sends to configure (the lead's contract can reuse it): a missing secret keeps the stored one. */
export const LrsSettingsInputSchema = z.strictObject({
  endpoint: z.string().max(500),
  key: z.string().max(200),
  secret: z.string().max(500).optional(),
  activityBase: z.string().max(200).optional(),
  employeeHomePage: z.string().max(200).optional(),
});
export type LrsSettingsInput = z.infer<typeof LrsSettingsInputSchema>;

const ConfigDocSchema = z.strictObject({
  lrs: z.strictObject({ endpoint: z.string(), key: z.string() }).optional(),
  activityBase: IriBaseSchema,
  employeeHomePage: IriBaseSchema,
});
type ConfigDoc = z.infer<typeof ConfigDocSchema>;
const CONFIG_SPEC: DocumentSpec<ConfigDoc> = { name: 'xapi-lrs', schemaVersion: 1, schema: ConfigDocSchema, backups: 2 };

/** The settings as the screens may see them: never the secret. */
export interface LrsConfigView {
  readonly configured: boolean;
  readonly endpoint: string | null;
  readonly key: string | null;
  readonly hasSecret: boolean;
  readonly secretStorage: SecretStorage;
  /** The secret is not encrypted at rest (browser mode's 0600 file): say so on screen. */
  readonly secretWarning: boolean;
  readonly activityBase: string;
  readonly employeeHomePage: string;
}

export class LrsConfigStore {
  private constructor(
    private readonly doc: JsonDocument<ConfigDoc>,
    private data: ConfigDoc,
    private readonly box: SecretBox,
    private hasSecret: boolean,
  ) {}

  static async open(dataDir: string, box: SecretBox, notify: (n: StoreNotice) => void = () => undefined): Promise<LrsConfigStore> {
    const doc = new JsonDocument(join(dataDir, 'xapi', 'lrs.json'), CONFIG_SPEC, notify);
    const data = (await doc.read()) ?? { ...DEFAULT_STATEMENT_SETTINGS };
    return new LrsConfigStore(doc, data, box, (await box.load()) !== undefined);
  }

  view(): LrsConfigView {
    return {
      configured: this.data.lrs !== undefined && this.hasSecret,
      endpoint: this.data.lrs?.endpoint ?? null,
      key: this.data.lrs?.key ?? null,
      hasSecret: this.hasSecret,
      secretStorage: this.box.storage,
      secretWarning: this.box.warning,
      activityBase: this.data.activityBase,
      employeeHomePage: this.data.employeeHomePage,
    };
  }

  statementSettings(): StatementSettings {
    return { activityBase: this.data.activityBase, employeeHomePage: this.data.employeeHomePage };
  }

  /** Checks and saves; the secret (when given) goes to the box first, so a saved endpoint never lacks it by our doing. */
  async configure(input: LrsSettingsInput): Promise<LrsConfigView> {
    const parsed = LrsSettingsInputSchema.parse(input);
    const endpoint = parseEndpoint(parsed.endpoint);
    const key = parseKey(parsed.key);
    const secret = parsed.secret === undefined ? undefined : parseSecret(parsed.secret);
    const base = (value: string | undefined, fallback: string) => {
      if (value === undefined) return fallback;
      const r = IriBaseSchema.safeParse(value);
      if (!r.success) throw new XapiError('invalid-base', value);
      return r.data;
    };
    const next: ConfigDoc = {
      lrs: { endpoint, key },
      activityBase: base(parsed.activityBase, this.data.activityBase),
      employeeHomePage: base(parsed.employeeHomePage, this.data.employeeHomePage),
    };
    if (typeof secret === 'string') {
      await this.box.save(secret);
      this.hasSecret = true;
    }
    await this.doc.write(next);
    this.data = next;
    return this.view();
  }

  /** Forgets the LRS (endpoint, key and secret); the IRIs' base stays, statements already made use it. */
  async remove(): Promise<LrsConfigView> {
    await this.box.clear();
    this.hasSecret = false;
    const next: ConfigDoc = { activityBase: this.data.activityBase, employeeHomePage: this.data.employeeHomePage };
    await this.doc.write(next);
    this.data = next;
    return this.view();
  }

  /** The full connection, secret included: for main's client only. */
  async connection(): Promise<{ endpoint: string; key: string; secret: string } | undefined> {
    if (!this.data.lrs) return undefined;
    const secret = await this.box.load();
    this.hasSecret = secret !== undefined;
    if (typeof secret !== 'string') throw new XapiError('secret-missing');
    return { ...this.data.lrs, secret };
  }
}
