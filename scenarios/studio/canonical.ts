// The scenario file's canonical text: keys in the order the zod schema declares them, 2-space
// indent, `\n`, a final newline — so two saves of the same content are byte-identical and diffs stay small.
import type { z } from 'zod';
import { ScenarioSchema } from '../format/schema';

/** The def fields this walk reads; every other kind of schema (string, enum, …) has no keys. */
interface WalkedDef {
  readonly type: string;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly element?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly out?: z.core.$ZodType;
  readonly left?: z.core.$ZodType;
  readonly right?: z.core.$ZodType;
}

const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as WalkedDef;

/**
 * The object, array and record schemas a value at this place may match: through optional /
 * default / prefault / lazy wrappers, and every option of a union (so a condition's keys are
 * meter, op, value, flag, is, …; a commitment effect's action, id, label).
 */
function shapesOf(schema: z.core.$ZodType, out: z.core.$ZodType[], seen = new Set<z.core.$ZodType>()): z.core.$ZodType[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  switch (def.type) {
    case 'object': case 'array': case 'record': out.push(schema); break;
    case 'union': for (const option of def.options ?? []) shapesOf(option, out, seen); break;
    case 'lazy': shapesOf((schema as z.core.$ZodLazy)._zod.innerType, out, seen); break;
    case 'pipe': if (def.in) shapesOf(def.in, out, seen); if (def.out) shapesOf(def.out, out, seen); break;
    case 'intersection': if (def.left) shapesOf(def.left, out, seen); if (def.right) shapesOf(def.right, out, seen); break;
    default: if (def.innerType) shapesOf(def.innerType, out, seen); // optional, default, prefault, nullable, readonly, catch…
  }
  return out;
}

/**
 * What the schema says about the key order at one place of the document, read from the zod
 * objects' `.shape` (so a new field cannot be forgotten). Children are built when the document
 * first reaches them and then kept: the 2,000 steps of a big scenario share one step node, and
 * the recursion of ConditionSchema goes only as deep as the data.
 */
class OrderNode {
  /** Known keys → their place (records have none: all their keys are unknown). */
  readonly rank = new Map<string, number>();
  private readonly objects: z.core.$ZodType[] = [];
  private readonly recordValues: z.core.$ZodType[] = [];
  private readonly elements: z.core.$ZodType[] = [];
  private readonly children = new Map<string, OrderNode | undefined>();
  private itemNode: OrderNode | undefined | null = null;

  constructor(schemas: readonly z.core.$ZodType[]) {
    const shapes: z.core.$ZodType[] = [];
    for (const schema of schemas) shapesOf(schema, shapes);
    for (const schema of shapes) {
      const def = defOf(schema);
      if (def.type === 'object') {
        this.objects.push(schema);
        for (const key of Object.keys(def.shape ?? {})) if (!this.rank.has(key)) this.rank.set(key, this.rank.size);
      } else if (def.type === 'record' && def.valueType) this.recordValues.push(def.valueType);
      else if (def.type === 'array' && def.element) this.elements.push(def.element);
    }
  }

  /** The node of the value under `key` of an object here (undefined: nothing known about it). */
  child(key: string): OrderNode | undefined {
    if (this.children.has(key)) return this.children.get(key);
    const schemas: z.core.$ZodType[] = [];
    if (this.rank.has(key)) {
      for (const object of this.objects) {
        const sub = defOf(object).shape?.[key];
        if (sub) schemas.push(sub);
      }
    } else schemas.push(...this.recordValues);
    const node = schemas.length > 0 ? new OrderNode(schemas) : undefined;
    this.children.set(key, node);
    return node;
  }

  /** The node of the items of an array here. */
  items(): OrderNode | undefined {
    if (this.itemNode === null) this.itemNode = this.elements.length > 0 ? new OrderNode(this.elements) : undefined;
    return this.itemNode;
  }
}

let scenarioOrder: OrderNode | undefined;
const rootOrder = (): OrderNode => (scenarioOrder ??= new OrderNode([ScenarioSchema]));

/** Code-point order (not UTF-16 code-unit order, which puts U+10000… before U+E000…). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (U+D800–DFFF, astral code points) sort after U+E000–FFFF.
      x += x < 0xe000 ? 0x2000 : -0x800;
      y += y < 0xe000 ? 0x2000 : -0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** A value as JSON.stringify would see it (toJSON applied), or undefined when it writes nothing. */
function jsonValue(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (typeof value === 'bigint') throw new TypeError('canonicalText: a BigInt is not JSON data / un BigInt n’est pas une donnée JSON');
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

/** The keys of a plain object in canonical order: the schema's first, then the rest by code point. */
function orderedKeys(record: Record<string, unknown>, node: OrderNode | undefined): string[] {
  const keys = Object.keys(record);
  const rank = node?.rank;
  const compare = (a: string, b: string): number => {
    const ra = rank?.get(a);
    const rb = rank?.get(b);
    if (ra !== undefined) return rb !== undefined ? ra - rb : -1;
    return rb !== undefined ? 1 : compareCodePoints(a, b);
  };
  // A file saved canonically is already in order: check that in one pass before sorting.
  for (let i = 1; i < keys.length; i++) if (compare(keys[i - 1]!, keys[i]!) > 0) return keys.sort(compare);
  return keys;
}

/** One open array or object on the explicit stack of the writer. */
interface Frame {
  readonly close: ']' | '}';
  readonly indent: string;
  /** [key (objects only), value, order node of the value] */
  readonly entries: [string | undefined, unknown, OrderNode | undefined][];
  index: number;
  readonly self: object;
}

/** Thrown by the fast path where it cannot be exact: the stack writer then takes over. */
const NEEDS_WRITER = new Error('needs the stack writer');
/** Past this depth the fast path's recursion gives way (a valid file is at most 64 deep). */
const MAX_FAST_DEPTH = 1000;
/** Keys a JS object always lists first, in numeric order, whatever the insertion order. */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;
const isArrayIndex = (key: string) => key.charCodeAt(0) <= 57 && ARRAY_INDEX.test(key) && Number(key) < 4294967295;

/** A copy of the value with its keys inserted in canonical order, for JSON.stringify to write. */
function reordered(value: unknown, node: OrderNode | undefined, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_FAST_DEPTH) throw NEEDS_WRITER; // or a cycle: the writer says so
  if (Array.isArray(value)) {
    const itemNode = node?.items();
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = reordered(jsonValue(value[i], String(i)), itemNode, depth + 1);
    return copy;
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of orderedKeys(record, node)) {
    if (key === '__proto__' || isArrayIndex(key)) throw NEEDS_WRITER;
    const v = jsonValue(record[key], key);
    if (v !== undefined) copy[key] = reordered(v, node?.child(key), depth + 1);
  }
  return copy;
}

/**
 * The canonical text of any JSON value: laid out as JSON.stringify(value, null, 2) lays it out
 * (same escapes, same number forms, undefined skipped), keys in canonical order, a final newline.
 * Most files go through a reordered copy and the native JSON.stringify (a 3.4 MB scenario in
 * tens of ms); keys an object cannot keep in order ("10" before "2", `__proto__`) and drafts too
 * deep for recursion go through a writer with its own stack.
 */
export function canonicalText(doc: unknown): string {
  const root = rootOrder();
  try {
    return `${JSON.stringify(reordered(jsonValue(doc, ''), root, 0), null, 2) ?? 'null'}\n`;
  } catch (e) {
    if (e !== NEEDS_WRITER) throw e;
  }
  return writeWithStack(doc, root);
}

/** The canonical text, written with an explicit stack: exact for any key, any depth. */
function writeWithStack(doc: unknown, root: OrderNode): string {
  const out: string[] = [];
  const indents: string[] = [''];
  const indentOf = (depth: number) => (indents[depth] ??= '  '.repeat(depth));
  const stack: Frame[] = [];
  const open = new Set<object>();

  /** Writes a scalar, or pushes a frame for a container (its opening bracket written). */
  const start = (value: unknown, node: OrderNode | undefined): void => {
    if (value === null || value === undefined) { out.push('null'); return; }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') { out.push(JSON.stringify(value)); return; }
    const container = value as object;
    if (open.has(container)) throw new TypeError('canonicalText: the value contains a cycle / la valeur contient un cycle');
    const depth = stack.length + 1;
    let entries: Frame['entries'];
    if (Array.isArray(container)) {
      const itemNode = node?.items();
      entries = container.map((item, i) => {
        const v = jsonValue(item, String(i));
        return [undefined, v === undefined ? null : v, itemNode] as Frame['entries'][number];
      });
      if (entries.length === 0) { out.push('[]'); return; }
      out.push('[');
    } else {
      const record = container as Record<string, unknown>;
      entries = [];
      for (const key of orderedKeys(record, node)) {
        const v = jsonValue(record[key], key);
        if (v !== undefined) entries.push([key, v, node?.child(key)]);
      }
      if (entries.length === 0) { out.push('{}'); return; }
      out.push('{');
    }
    open.add(container);
    stack.push({ close: Array.isArray(container) ? ']' : '}', indent: indentOf(depth), entries, index: 0, self: container });
  };

  // JSON.stringify(undefined) writes nothing; a file needs a value, so undefined becomes null.
  start(jsonValue(doc, ''), root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index === frame.entries.length) {
      stack.pop();
      open.delete(frame.self);
      out.push('\n', indentOf(stack.length), frame.close);
      continue;
    }
    const [key, value, node] = frame.entries[frame.index]!;
    out.push(frame.index === 0 ? '\n' : ',\n', frame.indent);
    frame.index++;
    if (key !== undefined) out.push(JSON.stringify(key), ': ');
    start(value, node);
  }
  out.push('\n');
  return out.join('');
}
