// Loading a scenario file: bytes → text → JSON → migrated → zod-validated Scenario, with every
// problem reported as a located diagnostic in bounded time, whatever the input (empty, binary,
// huge, 10,000-deep, from a newer Comptoir).
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { scenarioSchemaForLoading, FORMAT_VERSION, type Scenario } from './schema';
import { migrate } from './migrations';
import { diagnostic, type Diagnostic, type JsonPath } from './messages';
import type { Lang } from './text';

export const MAX_SCENARIO_BYTES = 25 * 1024 * 1024;
export const MAX_NESTING = 64;

export interface LoadResult {
  readonly scenario: Scenario | undefined;
  readonly diagnostics: Diagnostic[];
  /** The text that was parsed (after decoding), for locating later diagnostics. */
  readonly text: string;
  readonly migratedFrom?: number;
}

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

function decode(source: string | Uint8Array, lang: Lang): { text?: string; error?: Diagnostic } {
  if (typeof source === 'string') {
    if (source.length > MAX_SCENARIO_BYTES) return { error: diagnostic('error', 'file.too-large', [], lang, { size: mb(source.length), max: mb(MAX_SCENARIO_BYTES) }) };
    return { text: source };
  }
  if (source.byteLength > MAX_SCENARIO_BYTES) return { error: diagnostic('error', 'file.too-large', [], lang, { size: mb(source.byteLength), max: mb(MAX_SCENARIO_BYTES) }) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(source) };
  } catch {
    return { error: diagnostic('error', 'file.binary', [], lang) };
  }
}

/**
 * Offset of the first bracket past MAX_NESTING, found by a linear scan that skips strings
 * (jsonc-parser's tree parser would overflow the stack on such input).
 */
export function excessiveNesting(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === 125 || c === 93) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** Nesting depth of a parsed value, walked with an explicit stack (no recursion; depths kept beside, not in a pair per node). */
export function depthOf(root: unknown): number {
  let max = 0;
  const nodes: unknown[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) {
      max = depth;
      if (max > MAX_NESTING) return max;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return max;
}

/**
 * The requested JSON paths as a trie; `offset` is filled in where the path exists in the text.
 * `ends`: some requested path ends here; `settled`: this node's value has been read to its end
 * (or can no longer appear), so nothing below it can still be found.
 */
interface PathTrie { readonly children: Map<string | number, PathTrie>; offset: number | undefined; ends: boolean; settled: boolean }

const trieNode = (): PathTrie => ({ children: new Map(), offset: undefined, ends: false, settled: false });

/** Thrown by the fast scan on anything that is not strict JSON: the tree parser then decides. */
const NOT_STRICT_JSON = new Error('not strict JSON');
/** Thrown by the fast scan past MAX_NESTING: such a text is not located (as excessiveNesting says). */
const TOO_DEEP = new Error('too deep');
/** Thrown by the fast scan once every requested path is settled: the rest of the text cannot change an answer. */
const ALL_SETTLED = new Error('all settled');

// Whitespace of strict JSON (RFC 8259), sticky: the regex engine skips indentation faster than a loop.
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * One pass over strict JSON that finds, for every path of the trie, the offset jsonc-parser's
 * findNodeAtLocation would give (the property's key, else the value; the first of duplicate keys),
 * without building a tree: a 3 MB scenario with one diagnostic is located in milliseconds, not
 * hundreds. Recursion stops at MAX_NESTING. The scan stops (throwing ALL_SETTLED) as soon as the
 * value at the end of every requested path, or the value of its deepest existing ancestor, has
 * been read to its end: later text (a later duplicate key, even a later syntax error) cannot
 * change where jsonc-parser's tree would put those paths.
 */
function scanPaths(text: string, root: PathTrie): void {
  let i = 0;
  let unsettled = 0;
  const count = (node: PathTrie): void => {
    if (node.ends) unsettled++;
    for (const child of node.children.values()) count(child);
  };
  count(root);
  if (unsettled === 0) return;
  /** The value of `node` has been read to its end: it and everything below it are settled. */
  const settle = (node: PathTrie): void => {
    if (node.settled) return;
    node.settled = true;
    if (node.ends) unsettled--;
    for (const child of node.children.values()) settle(child);
  };
  const ws = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.test(text);
    i = WHITESPACE.lastIndex;
  };
  /** Skips a string starting at i (a quote). */
  const string = () => {
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) { i++; return; }
      if (c < 32) throw NOT_STRICT_JSON;
      if (c === 92) {
        const e = text.charCodeAt(++i);
        // " \\ / b f n r t u
        if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116 && e !== 117) throw NOT_STRICT_JSON;
      }
    }
    throw NOT_STRICT_JSON;
  };
  const digits = (): number => {
    const from = i;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i));
    return i - from;
  };
  const number = () => {
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (digits() === 0) throw NOT_STRICT_JSON;
    if (text.charCodeAt(i) === 46) { i++; if (digits() === 0) throw NOT_STRICT_JSON; }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (digits() === 0) throw NOT_STRICT_JSON;
    }
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) throw NOT_STRICT_JSON;
    i += word.length;
  };
  // `at` is the trie node of this value (undefined off the requested paths); `reported` the
  // offset to give for it (its key's, inside an object).
  const value = (at: PathTrie | undefined, reported: number | undefined, depth: number): void => {
    read(at, reported, depth);
    if (at) {
      settle(at);
      if (unsettled === 0) throw ALL_SETTLED;
    }
  };
  const read = (at: PathTrie | undefined, reported: number | undefined, depth: number): void => {
    ws();
    if (at) at.offset = reported ?? i;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (depth >= MAX_NESTING) throw TOO_DEEP;
      i++; ws();
      const search = at && at.children.size > 0 ? at : undefined;
      if (c === 123) {
        if (text.charCodeAt(i) === 125) { i++; return; }
        for (;;) {
          ws();
          if (text.charCodeAt(i) !== 34) throw NOT_STRICT_JSON;
          const keyAt = i;
          string();
          let child: PathTrie | undefined;
          if (search) {
            const raw = text.slice(keyAt + 1, i - 1);
            child = search.children.get(raw.includes('\\') ? (JSON.parse(text.slice(keyAt, i)) as string) : raw);
            // Duplicate keys: the first one is the one found.
            if (child?.offset !== undefined) child = undefined;
          }
          ws();
          if (text.charCodeAt(i) !== 58) throw NOT_STRICT_JSON;
          i++;
          value(child, keyAt, depth + 1);
          ws();
          const sep = text.charCodeAt(i++);
          if (sep === 125) return;
          if (sep !== 44) throw NOT_STRICT_JSON;
        }
      }
      if (text.charCodeAt(i) === 93) { i++; return; }
      for (let index = 0; ; index++) {
        value(search?.children.get(index), undefined, depth + 1);
        ws();
        const sep = text.charCodeAt(i++);
        if (sep === 93) return;
        if (sep !== 44) throw NOT_STRICT_JSON;
      }
    }
    if (c === 34) return string();
    if (c === 116) return literal('true');
    if (c === 102) return literal('false');
    if (c === 110) return literal('null');
    if (c === 45 || (c >= 48 && c <= 57)) return number();
    throw NOT_STRICT_JSON;
  };
  value(root, undefined, 0);
  ws();
  if (i < text.length) throw NOT_STRICT_JSON;
}

/** Turns offsets and JSON paths into 1-based line/column positions in one source text. */
export class SourceLocator {
  /** Offsets where lines start, found lazily: only as far as the furthest offset asked about. */
  private readonly lineStarts: number[] = [0];
  private linesComplete = false;
  private tree: Node | undefined | null = null;
  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    // Every line start at or before `offset` is needed; one past it proves there is no other.
    while (!this.linesComplete && (starts[starts.length - 1] ?? 0) <= offset) {
      const newline = this.text.indexOf('\n', starts[starts.length - 1] ?? 0);
      if (newline < 0) this.linesComplete = true;
      else starts.push(newline + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  /** Offset of the value at `path`, or of its nearest existing ancestor. */
  offsetOf(path: JsonPath): number {
    return this.offsetsOf([path])[0] ?? 0;
  }

  /** offsetOf for many paths in one pass over the text. */
  offsetsOf(paths: readonly JsonPath[]): number[] {
    if (this.tree === null) {
      const root = trieNode();
      for (const path of paths) {
        let node = root;
        for (const segment of path) {
          let next = node.children.get(segment);
          if (!next) { next = trieNode(); node.children.set(segment, next); }
          node = next;
        }
        node.ends = true;
      }
      try {
        try {
          scanPaths(this.text, root);
        } catch (e) {
          if (e !== ALL_SETTLED) throw e;
        }
        return paths.map((path) => {
          // The nearest existing ancestor: walk down while the path exists.
          let node = root;
          let found = root.offset ?? 0;
          for (const segment of path) {
            const next = node.children.get(segment);
            if (next?.offset === undefined) return found;
            node = next;
            found = next.offset;
          }
          return found;
        });
      } catch (e) {
        // Whatever stopped the scan (not strict JSON, a regex engine's limit), the tree decides.
        // Not strict JSON: the tolerant tree parser finds what it can (it would overflow the stack
        // past MAX_NESTING: nothing is located there).
        this.tree = e !== TOO_DEEP && excessiveNesting(this.text) === undefined ? parseTree(this.text) : undefined;
      }
    }
    return paths.map((path) => this.treeOffsetOf(path));
  }

  private treeOffsetOf(path: JsonPath): number {
    if (!this.tree) return 0;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.tree, path.slice(0, n) as (string | number)[]);
      if (node) {
        // Point at the property's key where there is one: that is where an editor's eye goes.
        const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
        return key?.offset ?? node.offset;
      }
    }
    return 0;
  }

  locate(diagnostics: Diagnostic[]): Diagnostic[] {
    const pending = diagnostics.filter((d) => d.line === undefined);
    if (pending.length === 0) return diagnostics;
    const offsets = this.offsetsOf(pending.map((d) => d.path));
    pending.forEach((d, k) => {
      const { line, column } = this.position(offsets[k] ?? 0);
      d.line = line;
      d.column = column;
    });
    return diagnostics;
  }
}

function at(d: Diagnostic, locator: SourceLocator, offset: number): Diagnostic {
  const { line, column } = locator.position(offset);
  d.line = line;
  d.column = column;
  return d;
}

function zodMessages(lang: Lang) {
  return lang === 'fr' ? z.locales.fr().localeError : z.locales.en().localeError;
}

/** Parses and validates one scenario file. Never throws. */
export function loadScenario(source: string | Uint8Array, lang: Lang = 'fr'): LoadResult {
  const decoded = decode(source, lang);
  if (decoded.error) return { scenario: undefined, diagnostics: [{ ...decoded.error, line: 1, column: 1 }], text: '' };
  const text = (decoded.text ?? '').replace(/^\uFEFF/, '');
  const locator = new SourceLocator(text);
  if (text.trim() === '') return { scenario: undefined, diagnostics: [at(diagnostic('error', 'file.empty', [], lang), locator, 0)], text };
  if (text.includes('\u0000')) return { scenario: undefined, diagnostics: [at(diagnostic('error', 'file.binary', [], lang), locator, text.indexOf('\u0000'))], text };

  let doc: unknown;
  try {
    // V8's JSON.parse does not recurse, so even a 10,000-deep file parses; depth is checked next.
    doc = JSON.parse(text);
  } catch {
    const deep = excessiveNesting(text);
    if (deep !== undefined) {
      return { scenario: undefined, diagnostics: [at(diagnostic('error', 'file.too-deep', [], lang, { max: MAX_NESTING }), locator, deep)], text };
    }
    // JSON.parse is fast but vague; jsonc-parser says where and what.
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const what = first ? printParseErrorCode(first.error) : 'SyntaxError';
    return { scenario: undefined, diagnostics: [at(diagnostic('error', 'json.syntax', [], lang, { what }), locator, first?.offset ?? 0)], text };
  }
  // Everything after this (migrations, validation, locating) may recurse: refuse deep nesting first.
  if (depthOf(doc) > MAX_NESTING) {
    return { scenario: undefined, diagnostics: [at(diagnostic('error', 'file.too-deep', [], lang, { max: MAX_NESTING }), locator, excessiveNesting(text) ?? 0)], text };
  }

  const migrated = migrate(doc);
  if (!migrated.ok) {
    const d =
      migrated.reason === 'not-an-object'
        ? diagnostic('error', 'json.not-object', [], lang)
        : migrated.reason === 'newer-version'
          ? diagnostic('error', 'format.newer', ['formatVersion'], lang, { found: String(migrated.found), supported: FORMAT_VERSION })
          : diagnostic('error', 'format.bad-version', ['formatVersion'], lang, { found: JSON.stringify(migrated.found) ?? 'undefined' });
    return { scenario: undefined, diagnostics: locator.locate([d]), text };
  }

  const diagnostics: Diagnostic[] = [];
  if (migrated.from !== FORMAT_VERSION) diagnostics.push(diagnostic('info', 'format.migrated', ['formatVersion'], lang, { from: migrated.from, to: FORMAT_VERSION }));
  const parsed = scenarioSchemaForLoading().safeParse(migrated.doc, { error: zodMessages(lang) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 200)) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      const where = path.length > 0 ? `${path.join('.')} : ` : '';
      diagnostics.push(diagnostic('error', 'schema', path, lang, { detail: `${where}${issue.message}` }));
    }
    return { scenario: undefined, diagnostics: locator.locate(diagnostics), text, migratedFrom: migrated.from };
  }
  return { scenario: parsed.data, diagnostics: locator.locate(diagnostics), text, migratedFrom: migrated.from };
}
