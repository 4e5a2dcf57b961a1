// Undo / redo for the studio: a linear history of immutable documents, where a run of typing in
// one field is one undo step, with a saved marker so the UI knows what has not been written yet.

/** Commits with the same coalesce key closer than this to the previous one merge into one step. */
export const COALESCE_MS = 1000;

interface Entry<T> {
  readonly state: T;
  /** What the commit that made this state did ("Texte du choix"), shown as "Annuler …". */
  readonly label: string;
}

/**
 * A mutable holder of immutable states (compared by identity, so documents must be updated
 * immutably, as scenarios/studio/edit does). The initial state counts as saved.
 */
export class History<T> {
  readonly limit: number;
  #entries: Entry<T>[];
  #cursor = 0;
  /** The run of commits the next one may merge into: its key and the time of its last commit. */
  #run: { readonly key: string; at: number } | undefined;
  #saved: { readonly state: T };

  /** `limit`: how many undo steps are kept; older ones are dropped. */
  constructor(initial: T, limit = 500) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`History: limit must be a positive integer (got ${String(limit)})`);
    this.limit = limit;
    this.#entries = [{ state: initial, label: '' }];
    this.#saved = { state: initial };
  }

  get present(): T {
    return this.#entries[this.#cursor]!.state;
  }

  get canUndo(): boolean {
    return this.#cursor > 0;
  }

  get canRedo(): boolean {
    return this.#cursor < this.#entries.length - 1;
  }

  /** The label of the step undo would take back, if any. */
  get undoLabel(): string | undefined {
    return this.canUndo ? this.#entries[this.#cursor]!.label : undefined;
  }

  /** The label of the step redo would do again, if any. */
  get redoLabel(): string | undefined {
    return this.canRedo ? this.#entries[this.#cursor + 1]!.label : undefined;
  }

  /** Whether the present differs from the last state marked saved. */
  get dirty(): boolean {
    return !Object.is(this.present, this.#saved.state);
  }

  /**
   * Makes `next` the present, dropping anything undone. A commit with the same `coalesceKey` as
   * the previous commit and at most COALESCE_MS after it replaces that step's state (keeping its
   * label) instead of adding one; an undo, a redo or a save ends the run. Committing the present
   * itself does nothing.
   */
  commit(next: T, label: string, coalesceKey?: string, at: number = Date.now()): void {
    if (typeof label !== 'string') throw new TypeError('History.commit: label must be a string');
    if (!Number.isFinite(at)) throw new RangeError(`History.commit: at must be a finite time (got ${String(at)})`);
    if (Object.is(next, this.present)) return;
    this.#entries.length = this.#cursor + 1;
    const run = this.#run;
    if (coalesceKey !== undefined && run !== undefined && run.key === coalesceKey && at >= run.at && at - run.at <= COALESCE_MS) {
      this.#entries[this.#cursor] = { state: next, label: this.#entries[this.#cursor]!.label };
      run.at = at;
      return;
    }
    this.#entries.push({ state: next, label });
    this.#cursor++;
    if (this.#entries.length > this.limit + 1) {
      this.#entries.shift();
      this.#cursor--;
    }
    this.#run = coalesceKey === undefined ? undefined : { key: coalesceKey, at };
  }

  /** Steps back: the new present, or undefined when there is nothing to undo. */
  undo(): T | undefined {
    if (!this.canUndo) return undefined;
    this.#cursor--;
    this.#run = undefined;
    return this.present;
  }

  /** Steps forward again: the new present, or undefined when there is nothing to redo. */
  redo(): T | undefined {
    if (!this.canRedo) return undefined;
    this.#cursor++;
    this.#run = undefined;
    return this.present;
  }

  /**
   * Marks `state` (by default the present) as the one last written: `dirty` is false while the
   * present is that state. The next commit starts a new undo step, so undo can reach it again.
   */
  savedMarker(state: T = this.present): void {
    this.#saved = { state };
    this.#run = undefined;
  }
}
