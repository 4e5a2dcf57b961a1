import { describe, expect, it } from 'vitest';
import { loadScenario, MAX_NESTING } from './parse';

/** A document whose deepest branch is `depth` containers deep (the root counts), reached through `key` after other values. */
function nested(depth: number, key: string): string {
  let inner = '1';
  for (let d = 2; d <= depth; d++) inner = d % 2 ? `{"x": 0, "${key}": ${inner}}` : `[0, "s", ${inner}]`;
  return `{"formatVersion": 1, "a": [1, 2], "${key}": ${inner}}`;
}

describe('the nesting limit', () => {
  it(`accepts ${MAX_NESTING} levels and refuses one more, however the deep branch is reached`, () => {
    for (const key of ['a0', 'zz', '__proto__']) {
      const at = loadScenario(nested(MAX_NESTING, key), 'en').diagnostics.map((d) => d.code);
      const over = loadScenario(nested(MAX_NESTING + 1, key), 'en').diagnostics.map((d) => d.code);
      expect(at).not.toContain('file.too-deep');
      expect(at).toContain('schema');
      expect(over).toEqual(['file.too-deep']);
    }
  });
});
