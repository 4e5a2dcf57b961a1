// Format migrations: each upgrade from version N to N+1 is a pure function on plain JSON, applied
// in order on load, so a file written by an older Comptoir always opens (Excalidraw's restore.ts).
import { FORMAT_VERSION } from './schema';

type Json = unknown;
type JsonObject = Record<string, Json>;

export interface Migration {
  readonly from: number;
  readonly to: number;
  readonly describe: string;
  readonly up: (doc: JsonObject) => JsonObject;
}

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Format 0 (the pre-release draft) wrote texts as plain strings in one language and used `goto`. */
function textFromDraft(value: Json, lang: string): Json {
  return typeof value === 'string' ? { [lang]: value } : value;
}

const TEXT_KEYS = new Set(['title', 'summary', 'setting', 'portrait', 'line', 'narration', 'text', 'feedback', 'label', 'epilogue']);
const TEXT_LIST_KEYS = new Set(['objectives', 'explicitNeeds', 'implicitNeeds']);

function upgradeDraftNode(node: Json, lang: string, parentKey: string): Json {
  if (Array.isArray(node)) {
    return node.map((item) => (TEXT_LIST_KEYS.has(parentKey) ? textFromDraft(item, lang) : upgradeDraftNode(item, lang, parentKey)));
  }
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const newKey = key === 'goto' ? 'next' : key;
    if (TEXT_KEYS.has(key) && parentKey !== 'editor') out[newKey] = textFromDraft(value, lang);
    else out[newKey] = upgradeDraftNode(value, lang, key);
  }
  return out;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    describe: 'plain-string texts become { <main language>: text }; choice `goto` becomes `next`',
    up: (doc) => {
      const lang = typeof doc['mainLanguage'] === 'string' ? doc['mainLanguage'] : 'fr';
      const upgraded = upgradeDraftNode(doc, lang, '') as JsonObject;
      return { ...upgraded, mainLanguage: lang, formatVersion: 1 };
    },
  },
];

export type MigrationResult =
  | { ok: true; doc: JsonObject; from: number }
  | { ok: false; reason: 'not-an-object' | 'bad-version' | 'newer-version'; found?: unknown };

/** Brings a parsed document up to FORMAT_VERSION; refuses one from a newer Comptoir. */
export function migrate(doc: Json): MigrationResult {
  if (!isObject(doc)) return { ok: false, reason: 'not-an-object' };
  const declared = doc['formatVersion'] ?? 0;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return { ok: false, reason: 'bad-version', found: declared };
  }
  if (declared > FORMAT_VERSION) return { ok: false, reason: 'newer-version', found: declared };
  let current = doc;
  for (const m of MIGRATIONS) {
    if (m.from >= declared && m.to <= FORMAT_VERSION) current = m.up(current);
  }
  return { ok: true, doc: current, from: declared };
}
