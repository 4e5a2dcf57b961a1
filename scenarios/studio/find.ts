// Find and replace across every text a trainee or trainer reads in a scenario (FR and EN): not
// ids, notes or editor metadata. Case can be ignored; accents matter unless told otherwise.
import type { JsonPath } from '../format/messages';
import type { Lang } from '../format/text';
import { getAt, isRecord, setAt, type Draft } from './edit';

export interface Match {
  /** The path of the string itself: […, 'text', 'en']. */
  readonly path: JsonPath;
  /** The step the text belongs to, when it belongs to one. */
  readonly stepId?: string;
  readonly lang: Lang;
  /** The matched text as it stands in the document (its own case and accents). */
  readonly text: string;
  /** Where it starts in the string, in UTF-16 code units. */
  readonly index: number;
}

export interface FindOptions {
  /** Default false: « Client » finds « client ». */
  readonly caseSensitive?: boolean;
  /** Default 'both'. */
  readonly lang?: Lang | 'both';
  /** Only where the match is not part of a longer word (« client » does not find « clientèle »). */
  readonly wholeWord?: boolean;
  /** Default false: « ecoute » does not find « écoute » unless this is true. */
  readonly ignoreAccents?: boolean;
}

/** findAll stops at this many matches (replaceAll replaces every one). */
export const MAX_MATCHES = 10_000;

/** replaceOne was given a match the document no longer has at that place: search again. */
export class StaleMatchError extends Error {
  constructor(match: Match) {
    super(`The match "${match.text}" at ${match.path.join('.')} (index ${match.index}) is no longer in the document: search again`);
    this.name = 'StaleMatchError';
  }
}

// --- Every localised text of a document, with structural sharing -------------------------------

type Visit = (text: unknown, path: JsonPath, stepId: string | undefined) => unknown;

/** `obj` with `obj[key]` mapped by `f`, the same object when `f` changes nothing. */
function mapKey(obj: unknown, key: string, f: (value: unknown) => unknown): unknown {
  if (!isRecord(obj) || !Object.hasOwn(obj, key)) return obj;
  const before = obj[key];
  const after = f(before);
  return after === before ? obj : { ...obj, [key]: after };
}

function mapList(list: unknown, f: (value: unknown, i: number) => unknown): unknown {
  if (!Array.isArray(list)) return list;
  let copy: unknown[] | undefined;
  list.forEach((value: unknown, i) => {
    const after = f(value, i);
    if (after !== value) (copy ??= list.slice())[i] = after;
  });
  return copy ?? list;
}

/**
 * The document with `visit` applied to each localised text, in reading order: title, summary,
 * briefing (setting, portrait, needs, objectives), implicit commitments, then each step
 * (narration, line, choices' texts, feedbacks and commitment labels, timeout, epilogue).
 */
function mapTexts(doc: Draft, visit: Visit): Draft {
  const text = (path: JsonPath, stepId?: string) => (t: unknown) => visit(t, path, stepId);
  const commitmentLabel = (path: JsonPath, stepId?: string) => (c: unknown) => mapKey(c, 'label', text([...path, 'label'], stepId));
  let d: unknown = doc;
  d = mapKey(d, 'title', text(['title']));
  d = mapKey(d, 'summary', text(['summary']));
  d = mapKey(d, 'briefing', (b) => {
    b = mapKey(b, 'setting', text(['briefing', 'setting']));
    b = mapKey(b, 'customer', (c) => {
      c = mapKey(c, 'portrait', text(['briefing', 'customer', 'portrait']));
      for (const needs of ['explicitNeeds', 'implicitNeeds']) c = mapKey(c, needs, (l) => mapList(l, (t, i) => visit(t, ['briefing', 'customer', needs, i], undefined)));
      return c;
    });
    return mapKey(b, 'objectives', (l) => mapList(l, (t, i) => visit(t, ['briefing', 'objectives', i], undefined)));
  });
  d = mapKey(d, 'implicitCommitments', (l) => mapList(l, (c, k) => commitmentLabel(['implicitCommitments', k])(c)));
  d = mapKey(d, 'steps', (l) =>
    mapList(l, (s, i) => {
      const id = isRecord(s) && typeof s['id'] === 'string' ? s['id'] : undefined;
      const at = (...rest: (string | number)[]): JsonPath => ['steps', i, ...rest];
      s = mapKey(s, 'narration', text(at('narration'), id));
      s = mapKey(s, 'customer', (c) => mapKey(c, 'line', text(at('customer', 'line'), id)));
      s = mapKey(s, 'choices', (cs) =>
        mapList(cs, (c, j) => {
          c = mapKey(c, 'text', text(at('choices', j, 'text'), id));
          c = mapKey(c, 'feedback', text(at('choices', j, 'feedback'), id));
          return mapKey(c, 'commitment', commitmentLabel(at('choices', j, 'commitment'), id));
        }),
      );
      s = mapKey(s, 'timer', (tm) =>
        mapKey(tm, 'timeout', (to) => {
          to = mapKey(to, 'feedback', text(at('timer', 'timeout', 'feedback'), id));
          return mapKey(to, 'commitment', commitmentLabel(at('timer', 'timeout', 'commitment'), id));
        }),
      );
      return mapKey(s, 'ending', (e) => mapKey(e, 'epilogue', text(at('ending', 'epilogue'), id)));
    }),
  );
  return d as Draft;
}

// --- Matching ------------------------------------------------------------------------------------

const MARK = /\p{M}/u;
const WORD = /[\p{L}\p{M}\p{N}_]/u;

interface Matcher {
  readonly query: string;
  readonly caseSensitive: boolean;
  readonly ignoreAccents: boolean;
  readonly wholeWord: boolean;
  /** What each character folds to (case, decomposition, accents), computed once per character. */
  readonly pieces: Map<string, string>;
}

function piece(m: Matcher, ch: string): string {
  let p = m.pieces.get(ch);
  if (p === undefined) {
    // Decomposed so that é typed either way (one code point or e + accent) is the same text.
    p = (m.caseSensitive ? ch : ch.toLowerCase()).normalize('NFD');
    if (m.ignoreAccents) p = p.replace(/\p{M}/gu, '');
    m.pieces.set(ch, p);
  }
  return p;
}

/** The folded text alone (most texts do not match: no need for the offsets). */
function foldText(m: Matcher, s: string): string {
  let text = '';
  for (let i = 0; i < s.length;) {
    const len = (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    text += piece(m, s.slice(i, i + len));
    i += len;
  }
  return text;
}

/** The folded text, and for each of its code units the original character's start and end. */
function fold(m: Matcher, s: string): { text: string; from: number[]; to: number[] } {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < s.length;) {
    const len = (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    const p = piece(m, s.slice(i, i + len));
    text += p;
    for (let k = 0; k < p.length; k++) { from.push(i); to.push(i + len); }
    i += len;
  }
  return { text, from, to };
}

function charBefore(s: string, i: number): string {
  if (i <= 0) return '';
  const unit = s.charCodeAt(i - 1);
  return unit >= 0xdc00 && unit <= 0xdfff && i >= 2 ? s.slice(i - 2, i) : s.slice(i - 1, i);
}

const charAt = (s: string, i: number): string => (i < s.length ? String.fromCodePoint(s.codePointAt(i)!) : '');

/** A word edge: the match's own edge character is part of a word, so its neighbour must not be. */
function isWordEdge(s: string, start: number, end: number): boolean {
  if (WORD.test(charAt(s, start)) && WORD.test(charBefore(s, start))) return false;
  if (WORD.test(charBefore(s, end)) && WORD.test(charAt(s, end))) return false;
  return true;
}

/** Non-overlapping matches in `s`, left to right, as [start, end) in `s`. */
function matchesIn(m: Matcher, s: string, limit: number): [number, number][] {
  const found: [number, number][] = [];
  if (limit <= 0 || !foldText(m, s).includes(m.query)) return found;
  const f = fold(m, s);
  let at = 0;
  for (let k = f.text.indexOf(m.query); k >= 0 && found.length < limit; k = f.text.indexOf(m.query, at)) {
    const end = k + m.query.length;
    const start = f.from[k]!;
    let stop = f.to[end - 1]!;
    // Accents folded away still belong to the matched letter (a decomposed « é » is e + accent).
    if (m.ignoreAccents) while (MARK.test(charAt(s, stop))) stop += charAt(s, stop).length;
    const whole =
      (k === 0 || f.from[k - 1] !== start) && // not from inside a character (İ folds to two)
      (end === f.text.length || f.to[end] !== stop) && // nor to inside one
      (m.ignoreAccents || end === f.text.length || !MARK.test(f.text[end]!)); // « e » is not « é »
    if (whole && (!m.wholeWord || isWordEdge(s, start, stop))) {
      found.push([start, stop]);
      at = end;
    } else at = k + 1;
  }
  return found;
}

function matcherOf(query: string, options: FindOptions): { matcher: Matcher; langs: readonly Lang[] } {
  if (typeof query !== 'string') throw new TypeError('find: the query must be a string');
  if (!isRecord(options)) throw new TypeError('find: options must be an object');
  const lang = options.lang ?? 'both';
  if (lang !== 'fr' && lang !== 'en' && lang !== 'both') throw new Error(`find: unknown language "${String(lang)}" (expected fr, en or both)`);
  const partial: Matcher = { query: '', caseSensitive: options.caseSensitive === true, ignoreAccents: options.ignoreAccents === true, wholeWord: options.wholeWord === true, pieces: new Map() };
  const matcher = { ...partial, query: foldText(partial, query) };
  return { matcher, langs: lang === 'both' ? ['fr', 'en'] : [lang] };
}

/** Every match of `query` in the document's texts, in reading order, fr before en; at most MAX_MATCHES. */
export function findAll(doc: Draft, query: string, options: FindOptions = {}): Match[] {
  const { matcher, langs } = matcherOf(query, options);
  const matches: Match[] = [];
  if (matcher.query === '') return matches;
  mapTexts(doc, (text, path, stepId) => {
    if (!isRecord(text)) return text;
    for (const lang of langs) {
      const s = text[lang];
      if (typeof s !== 'string') continue;
      for (const [start, end] of matchesIn(matcher, s, MAX_MATCHES - matches.length)) {
        const at: JsonPath = [...path, lang];
        const base = { path: at, lang, text: s.slice(start, end), index: start };
        matches.push(stepId === undefined ? base : { ...base, stepId });
      }
    }
    return text;
  });
  return matches;
}

/** Every match replaced by `replacement` (taken literally), all of them, not only MAX_MATCHES. */
export function replaceAll(doc: Draft, query: string, replacement: string, options: FindOptions = {}): { doc: Draft; count: number } {
  if (typeof replacement !== 'string') throw new TypeError('replaceAll: the replacement must be a string');
  const { matcher, langs } = matcherOf(query, options);
  if (matcher.query === '') return { doc, count: 0 };
  let count = 0;
  const next = mapTexts(doc, (text) => {
    if (!isRecord(text)) return text;
    let changed: Record<string, unknown> | undefined;
    for (const lang of langs) {
      const s = text[lang];
      if (typeof s !== 'string') continue;
      const found = matchesIn(matcher, s, Number.POSITIVE_INFINITY);
      if (found.length === 0) continue;
      let out = '';
      let last = 0;
      for (const [start, end] of found) { out += s.slice(last, start) + replacement; last = end; }
      (changed ??= { ...text })[lang] = out + s.slice(last);
      count += found.length;
    }
    return changed ?? text;
  });
  return { doc: next, count };
}

/**
 * The document with this one match replaced. Throws a StaleMatchError when the text at the
 * match's path no longer holds the match at its index, or when the path is not a text's.
 */
export function replaceOne(doc: Draft, match: Match, replacement: string): Draft {
  if (typeof replacement !== 'string') throw new TypeError('replaceOne: the replacement must be a string');
  const path = match.path;
  const lang = path.at(-1);
  const parent = getAt(doc, path.slice(0, -1));
  const value = getAt(doc, path);
  const isText = isRecord(parent) && Object.keys(parent).every((k) => k === 'fr' || k === 'en') && path[0] !== 'editor';
  if (lang !== match.lang || !isText || typeof value !== 'string' || value.slice(match.index, match.index + match.text.length) !== match.text) throw new StaleMatchError(match);
  return setAt(doc, path, value.slice(0, match.index) + replacement + value.slice(match.index + match.text.length));
}
