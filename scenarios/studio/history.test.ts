import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COALESCE_MS, History } from './history';

interface Doc { readonly n: number }
const doc = (n: number): Doc => ({ n });

describe('History', () => {
  it('undoes and redoes commits in order, with their labels', () => {
    const a = doc(0), b = doc(1), c = doc(2);
    const h = new History(a);
    expect([h.canUndo, h.canRedo, h.undoLabel, h.redoLabel]).toEqual([false, false, undefined, undefined]);
    h.commit(b, 'first', undefined, 0);
    h.commit(c, 'second', undefined, 10);
    expect(h.present).toBe(c);
    expect(h.undoLabel).toBe('second');
    expect(h.undo()).toBe(b);
    expect([h.undoLabel, h.redoLabel]).toEqual(['first', 'second']);
    expect(h.undo()).toBe(a);
    expect(h.undo()).toBeUndefined();
    expect(h.present).toBe(a);
    expect(h.redo()).toBe(b);
    expect(h.redo()).toBe(c);
    expect(h.redo()).toBeUndefined();
  });

  it('merges commits with the same key while each comes within 1,000 ms of the previous one', () => {
    const h = new History(doc(0));
    h.commit(doc(1), 'Texte', 'line', 0);
    h.commit(doc(2), 'Texte', 'line', 900);
    h.commit(doc(3), 'Texte again', 'line', 900 + COALESCE_MS);
    expect(h.present.n).toBe(3);
    expect(h.undoLabel).toBe('Texte');
    expect(h.undo()?.n).toBe(0);
    expect(h.canUndo).toBe(false);
  });

  it('starts a new step after a pause, for another key, without a key, and after an undo', () => {
    const h = new History(doc(0));
    h.commit(doc(1), 'a', 'k', 0);
    h.commit(doc(2), 'a', 'k', COALESCE_MS + 1); // pause
    h.commit(doc(3), 'b', 'other', COALESCE_MS + 2); // other key
    h.commit(doc(4), 'c', undefined, COALESCE_MS + 3); // no key
    h.commit(doc(5), 'c', undefined, COALESCE_MS + 4);
    expect([5, 4, 3, 2, 1, 0].map(() => { const n = h.present.n; h.undo(); return n; })).toEqual([5, 4, 3, 2, 1, 0]);
    const g = new History(doc(0));
    g.commit(doc(1), 'a', 'k', 0);
    g.commit(doc(2), 'a', 'k', 10);
    g.undo();
    g.commit(doc(3), 'a', 'k', 20);
    expect(g.undo()?.n).toBe(0);
  });

  it('drops the redo branch on a commit after an undo', () => {
    const h = new History(doc(0));
    h.commit(doc(1), 'one', undefined, 0);
    h.commit(doc(2), 'two', undefined, 0);
    h.undo();
    h.commit(doc(9), 'nine', undefined, 0);
    expect(h.canRedo).toBe(false);
    expect(h.undo()?.n).toBe(1);
    expect(h.redo()?.n).toBe(9);
  });

  it('keeps only the last `limit` undo steps', () => {
    const h = new History(doc(0), 3);
    for (let n = 1; n <= 5; n++) h.commit(doc(n), `c${n}`, undefined, n * 5000);
    expect([h.undo()?.n, h.undo()?.n, h.undo()?.n, h.undo()]).toEqual([4, 3, 2, undefined]);
    expect(() => new History(doc(0), 0)).toThrow(/limit/);
    expect(() => new History(doc(0), 1.5)).toThrow(/limit/);
  });

  it('ignores a commit of the present itself and refuses a time that is not finite', () => {
    const a = doc(0);
    const h = new History(a);
    h.commit(a, 'nothing');
    expect(h.canUndo).toBe(false);
    expect(() => h.commit(doc(1), 'x', undefined, Number.NaN)).toThrow(/finite/);
  });

  it('tells whether the present differs from the last saved state, across undo and redo', () => {
    const h = new History(doc(0));
    expect(h.dirty).toBe(false);
    h.commit(doc(1), 'one', undefined, 0);
    expect(h.dirty).toBe(true);
    h.undo();
    expect(h.dirty).toBe(false);
    h.redo();
    h.savedMarker();
    expect(h.dirty).toBe(false);
    const written = h.present;
    h.commit(doc(2), 'two', undefined, 0);
    h.savedMarker(written); // autosave finished writing an older state
    expect(h.dirty).toBe(true);
    h.undo();
    expect(h.dirty).toBe(false);
  });

  it('ends a typing run when the document is saved, so undo comes back to the saved state', () => {
    const h = new History(doc(0));
    h.commit(doc(1), 'Texte', 'line', 0);
    h.savedMarker();
    h.commit(doc(2), 'Texte', 'line', 100);
    expect(h.undo()?.n).toBe(1);
    expect(h.dirty).toBe(false);
  });

  it('property: after any sequence of commits, undo returns every earlier state exactly, and redo comes back', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }), gap: fc.integer({ min: COALESCE_MS + 1, max: 10_000 }) }), { maxLength: 60 }), (commits) => {
        const states = [doc(-1), ...commits.map((_, i) => doc(i))];
        const h = new History(states[0]!);
        let at = 0;
        commits.forEach((c, i) => h.commit(states[i + 1]!, `c${i}`, c.key, (at += c.gap)));
        for (let i = states.length - 1; i > 0; i--) {
          expect(h.present).toBe(states[i]);
          expect(h.undo()).toBe(states[i - 1]);
        }
        expect(h.canUndo).toBe(false);
        for (let i = 1; i < states.length; i++) expect(h.redo()).toBe(states[i]);
      }),
    );
  });

  it('property: commits, undos and redos in any order behave like a plain stack with a cursor', () => {
    const op = fc.oneof(fc.constant('undo' as const), fc.constant('redo' as const), fc.constant('commit' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 1, max: 6 }), (ops, limit) => {
        const initial = doc(0);
        const h = new History(initial, limit);
        let stack = [initial];
        let labels = [''];
        let cursor = 0;
        ops.forEach((o, i) => {
          if (o === 'commit') {
            const next = doc(i + 1);
            h.commit(next, `c${i}`);
            stack = [...stack.slice(0, cursor + 1), next];
            labels = [...labels.slice(0, cursor + 1), `c${i}`];
            if (stack.length > limit + 1) { stack = stack.slice(1); labels = labels.slice(1); }
            cursor = stack.length - 1;
          } else if (o === 'undo') {
            expect(h.undo()).toBe(cursor > 0 ? stack[--cursor] : undefined);
          } else {
            expect(h.redo()).toBe(cursor < stack.length - 1 ? stack[++cursor] : undefined);
          }
          expect(h.present).toBe(stack[cursor]);
          expect(h.undoLabel).toBe(cursor > 0 ? labels[cursor] : undefined);
          expect(h.redoLabel).toBe(cursor < stack.length - 1 ? labels[cursor + 1] : undefined);
        });
      }),
    );
  });
});
