// The trainer studio's storage: one canonical file per custom scenario draft under <dataDir>/studio/
// drafts (deleted ones in studio/trash), and a small index of revisions, published versions, assignments.
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IdSchema, type Scenario } from '../scenarios/format/schema';
import { MAX_NESTING, MAX_SCENARIO_BYTES, excessiveNesting, loadScenario } from '../scenarios/format/parse';
import { analyseSource } from '../scenarios/engine/analysis';
import { canonicalText } from '../scenarios/studio/canonical';
import type { Lang } from '../scenarios/format/text';
import { contentHashOf, entryOf, type LibraryEntry } from './library';
import { backupPath, readFileIfExists, writeFileAtomic } from './store/atomicFile';
import { JsonDocument, type StoreNotice } from './store/document';
import { NotFoundError, spec, type Store } from './store/store';
import type { StudioEntry } from './contract';

/** Rolling backups kept of each draft (and of the index). */
export const DRAFT_BACKUPS = 3;
/** The publish refusal lists at most this many errors. */
export const MAX_PUBLISH_ERRORS = 50;
const MAX_TITLE = 4000;

/** save, delete or publish on a built-in scenario: they are read-only (duplicate to edit). */
export class ReadOnlyError extends Error {
  override readonly name = 'ReadOnlyError';
}

export type DraftProblem = 'too-large' | 'too-deep' | 'not-json' | 'not-object' | 'id-mismatch';
/** A draft text main will not store; `code` is the reason the renderer translates. */
export class DraftError extends Error {
  override readonly name = 'DraftError';
  constructor(readonly code: DraftProblem, message: string) {
    super(message);
  }
}

export type StudioConflictReason = 'stale-revision' | 'exists' | 'in-trash';
/** A save that would overwrite or shadow something: `reason` says what. */
export class StudioConflictError extends Error {
  override readonly name = 'StudioConflictError';
  constructor(readonly reason: StudioConflictReason, message: string) {
    super(message);
  }
}

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Iso = z.string().datetime({ offset: true });
const TitleSchema = z.strictObject({ fr: z.string().optional(), en: z.string().optional() });

const PublishedSchema = z.strictObject({
  version: z.number().int().min(1),
  contentHash: Hash,
  at: Iso,
  /** Hash of the published scenario with its version set aside: "did the content change?". */
  bodyHash: Hash,
  /** The draft's key (draftKeyOf) when it was published: "has the draft changed since?". */
  draftKey: Hash,
});

const DraftRecordSchema = z.strictObject({
  title: TitleSchema,
  version: z.number().int().min(1),
  steps: z.number().int().min(0),
  revision: z.number().int().min(1),
  updatedAt: Iso,
  draftKey: Hash,
  assigned: z.boolean(),
  published: PublishedSchema.optional(),
  /** In the trash since then (restore brings it back). */
  deletedAt: Iso.optional(),
});
type DraftRecord = z.infer<typeof DraftRecordSchema>;

const StudioIndexSchema = z.strictObject({
  drafts: z.record(IdSchema, DraftRecordSchema),
  assignedBuiltins: z.array(IdSchema),
});
type StudioIndex = z.infer<typeof StudioIndexSchema>;

export const STUDIO_INDEX = spec('studio', StudioIndexSchema, DRAFT_BACKUPS);

export type PublishResult =
  | { ok: true; entry: StudioEntry; version: number; contentHash: string }
  | { ok: false; errors: { code: string; message: string; path: (string | number)[] }[] };

export interface StudioOptions {
  readonly dataDir: string;
  readonly library: ReadonlyMap<string, LibraryEntry>;
  /** Where published versions are kept by content hash (what attempts are played on). */
  readonly store: Pick<Store, 'saveScenarioVersion' | 'loadScenarioVersion'>;
  readonly now?: () => number;
  /** A damaged index restored from a backup (or set aside) is told here. */
  readonly notify?: (notice: StoreNotice) => void;
}

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

function tooLarge(bytes: number): DraftError {
  return new DraftError('too-large', `Le brouillon fait ${mb(bytes)} Mo ; un scénario ne peut dépasser ${mb(MAX_SCENARIO_BYTES)} Mo. / The draft is ${mb(bytes)} MB; a scenario cannot exceed ${mb(MAX_SCENARIO_BYTES)} MB.`);
}

/**
 * A draft as the editor sends it: at most MAX_SCENARIO_BYTES, JSON no deeper than MAX_NESTING
 * (checked before parsing), an object whose id is `id`. It may be unfinished (schema-invalid).
 */
export function parseDraft(id: string, text: string): Record<string, unknown> {
  // A UTF-16 length above the limit is above it in UTF-8 too: no need to count bytes then.
  if (text.length > MAX_SCENARIO_BYTES) throw tooLarge(text.length);
  const bytes = byteLength(text);
  if (bytes > MAX_SCENARIO_BYTES) throw tooLarge(bytes);
  if (excessiveNesting(text) !== undefined) {
    throw new DraftError('too-deep', `Imbrication trop profonde (plus de ${MAX_NESTING} niveaux). / Nesting too deep (more than ${MAX_NESTING} levels).`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DraftError('not-json', `Le brouillon n’est pas du JSON valide (${(error as Error).message}). / The draft is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new DraftError('not-object', 'Un scénario est un objet JSON { … }. / A scenario is a JSON object { … }.');
  const record = doc as Record<string, unknown>;
  if (record['id'] !== id) {
    throw new DraftError('id-mismatch', `L’identifiant du brouillon (${JSON.stringify(record['id']) ?? 'aucun'}) doit être « ${id} ». / The draft’s id (${JSON.stringify(record['id']) ?? 'none'}) must be "${id}".`);
  }
  return record;
}

/** What a draft says about itself, read leniently (a draft in progress may lack any of it). */
function titleOf(doc: Record<string, unknown>, id: string): { fr?: string; en?: string } {
  const title = doc['title'];
  const out: { fr?: string; en?: string } = {};
  if (typeof title === 'object' && title !== null) {
    for (const lang of ['fr', 'en'] as const) {
      const text = (title as Record<string, unknown>)[lang];
      if (typeof text === 'string' && text.trim() !== '') out[lang] = text;
    }
  }
  return out.fr === undefined && out.en === undefined ? { fr: id, en: id } : out;
}
const versionOf = (doc: Record<string, unknown>) => (Number.isInteger(doc['version']) && (doc['version'] as number) >= 1 ? (doc['version'] as number) : 1);
const stepsOf = (doc: Record<string, unknown>) => (Array.isArray(doc['steps']) ? doc['steps'].length : 0);
const langOf = (doc: Record<string, unknown>): Lang => (doc['mainLanguage'] === 'en' ? 'en' : 'fr');

/** The draft's content without its version and editor metadata (positions): moving a node changes nothing that trainees play. */
function draftKeyOf(doc: Record<string, unknown>): string {
  const { version: _version, editor: _editor, ...content } = doc;
  return contentHashOf(canonicalText(content));
}

/** A scenario's content with its version set aside, for "did it change since the last publish?". */
const bodyHashOf = (scenario: Scenario) => contentHashOf(JSON.stringify({ ...scenario, version: 0 }));

/** The copy's title: « Copie de … » / "Copy of …" in each language the original has. */
function copyTitle(title: { fr?: string; en?: string }): { fr?: string; en?: string } {
  return {
    ...(title.fr === undefined ? {} : { fr: `Copie de ${title.fr}`.slice(0, MAX_TITLE) }),
    ...(title.en === undefined ? {} : { en: `Copy of ${title.en}`.slice(0, MAX_TITLE) }),
  };
}

const ignoreMissing = (error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
};

export class Studio {
  private queue: Promise<unknown> = Promise.resolve();
  /** Published versions parsed once, by content hash. */
  private readonly versions = new Map<string, LibraryEntry>();

  private constructor(
    private readonly dir: string,
    private readonly options: StudioOptions,
    private readonly document: JsonDocument<StudioIndex>,
    private index: StudioIndex,
  ) {}

  static async open(options: StudioOptions): Promise<Studio> {
    const dir = join(options.dataDir, 'studio');
    const document = new JsonDocument(join(dir, 'index.json'), STUDIO_INDEX, options.notify ?? (() => undefined));
    const index = (await document.read()) ?? { drafts: {}, assignedBuiltins: [] };
    return new Studio(dir, options, document, index);
  }

  /** Runs changes one at a time, in order (one writer, as the store does). */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private now(): string {
    return new Date((this.options.now ?? Date.now)()).toISOString();
  }

  private draftPath(id: string, where: 'drafts' | 'trash' = 'drafts'): string {
    // The id matched IdSchema (letters, digits, . _ -, never a leading dot): it names a file, never a path.
    return join(this.dir, where, `${IdSchema.parse(id)}.json`);
  }

  private builtin(id: string): LibraryEntry | undefined {
    return this.options.library.get(id);
  }

  private refuseBuiltin(id: string): void {
    if (this.builtin(id)) throw new ReadOnlyError(`« ${id} » est un scénario intégré, en lecture seule : dupliquez-le pour le modifier. / "${id}" is a built-in scenario, read-only: duplicate it to edit.`);
  }

  /** A live (not deleted) custom draft's record. */
  private live(id: string): DraftRecord {
    const record = this.index.drafts[id];
    if (!record || record.deletedAt !== undefined || this.builtin(id)) throw new NotFoundError(`scenario draft ${id}`);
    return record;
  }

  private async writeIndex(next: StudioIndex): Promise<void> {
    await this.document.write(next);
    this.index = next;
  }

  private putRecord(id: string, record: DraftRecord): Promise<void> {
    return this.writeIndex({ ...this.index, drafts: { ...this.index.drafts, [id]: record } });
  }

  /** The draft's text: its file, else (a file lost) its newest backup; looks in the trash too (a move interrupted). */
  private async readDraft(id: string): Promise<string> {
    for (const where of ['drafts', 'trash'] as const) {
      const path = this.draftPath(id, where);
      for (let n = 0; n <= DRAFT_BACKUPS; n++) {
        const raw = await readFileIfExists(n === 0 ? path : backupPath(path, n));
        if (raw !== undefined) return raw.toString('utf8');
      }
    }
    throw new NotFoundError(`scenario draft ${id}`);
  }

  /** Moves a draft and its backups between drafts/ and trash/; a file already moved is left. */
  private async move(id: string, from: 'drafts' | 'trash', to: 'drafts' | 'trash'): Promise<void> {
    const source = this.draftPath(id, from);
    const target = this.draftPath(id, to);
    await mkdir(join(this.dir, to), { recursive: true });
    for (let n = DRAFT_BACKUPS; n >= 0; n--) {
      await rename(n === 0 ? source : backupPath(source, n), n === 0 ? target : backupPath(target, n)).catch(ignoreMissing);
    }
  }

  entryOf(id: string): StudioEntry {
    const builtin = this.builtin(id);
    if (builtin) {
      const s = builtin.scenario;
      return { id, title: s.title, source: 'builtin', version: s.version, steps: s.steps.length, changedSincePublish: false, assigned: this.index.assignedBuiltins.includes(id) };
    }
    const r = this.live(id);
    return {
      id, title: r.title, source: 'custom', version: r.version, steps: r.steps, updatedAt: r.updatedAt, revision: r.revision,
      ...(r.published ? { published: { version: r.published.version, contentHash: r.published.contentHash, at: r.published.at } } : {}),
      changedSincePublish: r.published?.draftKey !== r.draftKey,
      assigned: r.assigned,
    };
  }

  /** The built-ins (library order), then the custom drafts not deleted, by id. */
  list(): StudioEntry[] {
    const custom = Object.entries(this.index.drafts).filter(([id, r]) => r.deletedAt === undefined && !this.builtin(id)).map(([id]) => id).sort();
    return [...[...this.options.library.keys()].map((id) => this.entryOf(id)), ...custom.map((id) => this.entryOf(id))];
  }

  /** Whether an id is a built-in or a custom draft (deleted ones too). */
  knows(id: string): boolean {
    return this.builtin(id) !== undefined || this.index.drafts[id] !== undefined;
  }

  /**
   * Whether a new draft may not take `id`: a built-in, a draft or a deleted one has it, up to case
   * (Windows' and macOS's file systems would give "Guichet" and "guichet" one file).
   */
  private taken(id: string): boolean {
    const key = id.toLowerCase();
    return [...this.options.library.keys(), ...Object.keys(this.index.drafts)].some((other) => other.toLowerCase() === key);
  }

  isAssigned(id: string): boolean {
    return this.builtin(id) ? this.index.assignedBuiltins.includes(id) : this.index.drafts[id]?.assigned === true;
  }

  /** The draft's canonical text, or the built-in's. */
  async text(id: string): Promise<string> {
    const builtin = this.builtin(id);
    if (builtin) return canonicalText(builtin.scenario);
    this.live(id);
    return this.readDraft(id);
  }

  async get(id: string): Promise<{ entry: StudioEntry; text: string }> {
    const text = await this.text(id);
    return { entry: this.entryOf(id), text };
  }

  /**
   * Stores a draft. Without `revision` it creates `id` (which must not exist, nor be in the
   * trash); with it, `revision` must be the stored one, so two windows never overwrite each other.
   */
  async save(id: string, text: string, revision?: number): Promise<{ entry: StudioEntry; revision: number }> {
    this.refuseBuiltin(id);
    const doc = parseDraft(id, text);
    return this.enqueue(async () => {
      const next = await this.store(id, doc, revision, this.index.drafts[id]?.assigned ?? false);
      return { entry: this.entryOf(id), revision: next };
    });
  }

  /** Writes a checked draft (in the queue); returns its new revision. */
  private async store(id: string, doc: Record<string, unknown>, revision: number | undefined, assigned: boolean): Promise<number> {
    const current = this.index.drafts[id];
    if (revision === undefined) {
      if (current?.deletedAt !== undefined) throw new StudioConflictError('in-trash', `« ${id} » est dans la corbeille : restaurez-le ou choisissez un autre identifiant. / "${id}" is in the trash: restore it or choose another id.`);
      if (this.taken(id)) throw new StudioConflictError('exists', `« ${id} » existe déjà (à la casse près). / "${id}" already exists (up to case).`);
    } else {
      if (!current || current.deletedAt !== undefined) throw new NotFoundError(`scenario draft ${id}`);
      if (current.revision !== revision) {
        throw new StudioConflictError('stale-revision', `« ${id} » a été modifié ailleurs (révision ${current.revision}, pas ${revision}) : rechargez-le. / "${id}" was changed elsewhere (revision ${current.revision}, not ${revision}): reload it.`);
      }
    }
    const canonical = canonicalText(doc);
    // Indentation can make a minified draft grow past what a scenario file may weigh.
    const bytes = byteLength(canonical);
    if (bytes > MAX_SCENARIO_BYTES) throw tooLarge(bytes);
    await writeFileAtomic(this.draftPath(id), canonical, DRAFT_BACKUPS);
    const next = (current?.revision ?? 0) + 1;
    await this.putRecord(id, {
      title: titleOf(doc, id), version: versionOf(doc), steps: stepsOf(doc), revision: next, updatedAt: this.now(), draftKey: draftKeyOf(doc), assigned,
      ...(current?.published ? { published: current.published } : {}),
    });
    return next;
  }

  /** A copy of a built-in or a draft under a new id (`<id>-copie`, `<id>-copie-2`…), version 1, not published, not assigned. */
  async duplicate(id: string): Promise<{ entry: StudioEntry; text: string }> {
    const builtin = this.builtin(id);
    const doc = builtin ? (JSON.parse(JSON.stringify(builtin.scenario)) as Record<string, unknown>) : parseDraft(id, await this.text(id));
    return this.enqueue(async () => {
      const copyId = this.freeCopyId(id);
      const copy = { ...doc, id: copyId, version: 1, title: copyTitle(titleOf(doc, id)) };
      await this.store(copyId, copy, undefined, false);
      return { entry: this.entryOf(copyId), text: await this.readDraft(copyId) };
    });
  }

  private freeCopyId(id: string): string {
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '-copie' : `-copie-${n}`;
      const candidate = `${id.slice(0, 80 - suffix.length)}${suffix}`;
      if (!this.taken(candidate)) return candidate;
    }
  }

  /** Moves a draft to the trash and withdraws it from trainees (attempts under way keep their version). */
  async delete(id: string): Promise<void> {
    this.refuseBuiltin(id);
    return this.enqueue(async () => {
      const record = this.live(id);
      await this.move(id, 'drafts', 'trash');
      await this.putRecord(id, { ...record, deletedAt: this.now() });
    });
  }

  restore(id: string): Promise<StudioEntry> {
    return this.enqueue(async () => {
      const record = this.index.drafts[id];
      if (!record || record.deletedAt === undefined || this.builtin(id)) throw new NotFoundError(`deleted scenario draft ${id}`);
      await this.move(id, 'trash', 'drafts');
      const { deletedAt: _deletedAt, ...restored } = record;
      await this.putRecord(id, restored);
      return this.entryOf(id);
    });
  }

  assign(id: string, assigned: boolean): Promise<StudioEntry> {
    return this.enqueue(async () => {
      if (this.builtin(id)) {
        const others = this.index.assignedBuiltins.filter((b) => b !== id);
        await this.writeIndex({ ...this.index, assignedBuiltins: assigned ? [...others, id] : others });
      } else {
        const record = this.live(id);
        if (record.assigned !== assigned) await this.putRecord(id, { ...record, assigned });
      }
      return this.entryOf(id);
    });
  }

  /**
   * Publishes a draft that has no lint error. Its version goes up only when its content (version
   * and editor metadata aside) differs from the last published one: max(draft's, last + 1), written
   * back into the draft. The published version (without editor metadata) is kept by content hash.
   */
  async publish(id: string): Promise<PublishResult> {
    this.refuseBuiltin(id);
    return this.enqueue(async () => {
      const record = this.live(id);
      const text = await this.readDraft(id);
      const doc = parseDraft(id, text);
      const analysis = analyseSource(text, langOf(doc));
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      if (!analysis.scenario || errors.length > 0) {
        return { ok: false as const, errors: errors.slice(0, MAX_PUBLISH_ERRORS).map((d) => ({ code: d.code, message: d.message, path: [...d.path] })) };
      }
      const { editor: _editor, ...scenario } = analysis.scenario;
      const bodyHash = bodyHashOf(scenario);
      const last = record.published;
      if (last && last.bodyHash === bodyHash) return { ok: true as const, entry: this.entryOf(id), version: last.version, contentHash: last.contentHash };
      const version = last ? Math.max(scenario.version, last.version + 1) : scenario.version;
      const published = entryOf({ ...scenario, version });
      await this.options.store.saveScenarioVersion(published.contentHash, published.text);
      this.versions.set(published.contentHash, published);
      let current = record;
      if (version !== scenario.version) {
        await writeFileAtomic(this.draftPath(id), canonicalText({ ...doc, version }), DRAFT_BACKUPS);
        current = { ...record, version, revision: record.revision + 1, updatedAt: this.now() };
      }
      await this.putRecord(id, { ...current, published: { version, contentHash: published.contentHash, at: this.now(), bodyHash, draftKey: current.draftKey } });
      return { ok: true as const, entry: this.entryOf(id), version, contentHash: published.contentHash };
    });
  }

  /** A published version by hash, parsed once. */
  private async version(contentHash: string): Promise<LibraryEntry | undefined> {
    const cached = this.versions.get(contentHash);
    if (cached) return cached;
    const text = await this.options.store.loadScenarioVersion(contentHash);
    const scenario = text === undefined ? undefined : loadScenario(text, 'en').scenario;
    if (!scenario) return undefined;
    const entry = entryOf(scenario);
    this.versions.set(contentHash, entry);
    return entry;
  }

  /** The latest published version of a custom scenario trainees may play (not deleted, never a built-in's id). */
  async playable(id: string): Promise<LibraryEntry | undefined> {
    const record = this.index.drafts[id];
    if (!record?.published || record.deletedAt !== undefined || this.builtin(id)) return undefined;
    return this.version(record.published.contentHash);
  }

  /** Every custom scenario trainees may play, by id. */
  async published(): Promise<LibraryEntry[]> {
    const ids = Object.keys(this.index.drafts).sort();
    const entries: LibraryEntry[] = [];
    for (const id of ids) {
      const entry = await this.playable(id);
      if (entry) entries.push(entry);
    }
    return entries;
  }
}

/** The studio, opened on first use (not at start-up); a failed open is tried again next time. */
export function studioOpener(options: StudioOptions): () => Promise<Studio> {
  let opening: Promise<Studio> | undefined;
  return () => {
    opening ??= Studio.open(options).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
}
