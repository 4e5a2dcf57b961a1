import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { SourceLocator } from './parse';
import type { JsonPath } from './messages';

/** What jsonc-parser's tree says for a path: the key of the deepest existing node, else its value. */
function treeOffset(text: string, path: JsonPath): number {
  const tree = parseTree(text);
  if (!tree) return 0;
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n) as (string | number)[]);
    if (node) return (node.parent?.type === 'property' ? node.parent.children?.[0]?.offset : undefined) ?? node.offset;
  }
  return 0;
}

/** Every path in a JSON value, and one missing child under each container. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    out.push([...prefix, value.length, 'x']);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'absent-key', 0]);
  }
  return out;
}

const lineColumn = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
};

describe('SourceLocator', () => {
  it('gives the offsets jsonc-parser gives, for any subset of paths of any JSON document', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 2 }), fc.infiniteStream(fc.boolean()), (value, indent, picks) => {
        const text = JSON.stringify(value, null, indent);
        const all = pathsOf(value);
        const it = picks[Symbol.iterator]();
        const wanted = all.filter(() => it.next().value);
        expect(new SourceLocator(text).offsetsOf(wanted)).toEqual(wanted.map((p) => treeOffset(text, p)));
      }),
      { numRuns: 300 },
    );
  });

  it('answers for paths read before a later syntax error as the tolerant tree does', () => {
    // The wanted values are complete before the comment and the trailing comma that make the text non-strict.
    const text = '{\n  "steps": [\n    { "id": "a", "choices": [ { "id": "a1" } ] }\n  ],\n  /* later */ "rest": [1, 2,],\n}';
    const paths: JsonPath[] = [['steps', 0, 'choices', 0, 'id'], ['steps', 0, 'choices', 3], ['steps', 0, 'id']];
    expect(new SourceLocator(text).offsetsOf(paths)).toEqual(paths.map((p) => treeOffset(text, p)));
    // And a path that needs the part after the comment still gets the tree's answer.
    expect(new SourceLocator(text).offsetOf(['rest', 1])).toBe(treeOffset(text, ['rest', 1]));
  });

  it('keeps the first of duplicate keys even when the missing child is in a later duplicate', () => {
    const text = '{"a": {"x": 1}, "b": 2, "a": {"y": 3}}';
    const paths: JsonPath[] = [['a', 'y'], ['a', 'x'], ['b']];
    expect(new SourceLocator(text).offsetsOf(paths)).toEqual(paths.map((p) => treeOffset(text, p)));
    expect(new SourceLocator(text).offsetOf(['a', 'y'])).toBe(text.indexOf('"a"'));
  });

  it('turns offsets into lines and columns in any order, at line starts and ends, with or without a final newline', () => {
    for (const text of ['one\ntwo\n\nfour', 'one\ntwo\n', '', '\n\n', 'single line']) {
      const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
      for (const order of [offsets, [...offsets].reverse(), offsets.filter((_, i) => i % 2).concat(offsets.filter((_, i) => i % 2 === 0))]) {
        const locator = new SourceLocator(text);
        for (const offset of order) expect(locator.position(offset)).toEqual(lineColumn(text, offset));
      }
    }
  });
});
