// The draft as the live lint receives it (../engine/incremental.ts): the compact JSON text around
// the steps, and only the steps whose text changed since the last one sent. JSON.stringify of a
// 2,000-step draft costs more than the edit itself; a step left as it was keeps its text here
// (drafts change by copies, never in place: edit.ts's setAt and the rest).
import type { DraftText } from '../engine/incremental';
import { isRecord } from './edit';

/** Stands for the steps array in the text around it; JSON.stringify writes it as MARK. */
const SENTINEL = '\u0000steps\u0000';
const MARK = JSON.stringify(SENTINEL);

export class DraftDiffer {
  /** The steps' texts as last sent; undefined until then and after a whole text. */
  private sent: readonly string[] | undefined;
  private readonly texts = new WeakMap<object, string>();

  /** The next draft forgets what was sent (the receiver starts over: a new worker). */
  reset(): void {
    this.sent = undefined;
  }

  /** What to send for `doc`: the text around its steps and the steps that changed, else the whole text. */
  next(doc: unknown): DraftText {
    const steps = isRecord(doc) ? doc['steps'] : undefined;
    if (!Array.isArray(steps)) return this.whole(doc);
    const around = JSON.stringify({ ...(doc as Record<string, unknown>), steps: SENTINEL });
    const at = around.indexOf(MARK);
    // The mark is a string no draft holds (texts cannot contain U+0000); should one, send it whole.
    if (at < 0 || around.indexOf(MARK, at + 1) >= 0) return this.whole(doc);
    const texts = steps.map((step: unknown) => this.textOf(step));
    const sent = this.sent;
    const changed: [number, string][] = [];
    for (let i = 0; i < texts.length; i++) if (sent === undefined || i >= sent.length || sent[i] !== texts[i]) changed.push([i, texts[i]!]);
    this.sent = texts;
    return { kind: 'steps', prefix: around.slice(0, at), suffix: around.slice(at + MARK.length), count: texts.length, changed };
  }

  private whole(doc: unknown): DraftText {
    this.sent = undefined;
    return { kind: 'text', text: JSON.stringify(doc) ?? '' };
  }

  /** A step's text as JSON.stringify writes it in an array (null for what JSON has no value for). */
  private textOf(step: unknown): string {
    if (typeof step !== 'object' || step === null) return JSON.stringify(step) ?? 'null';
    let text = this.texts.get(step);
    if (text === undefined) {
      text = JSON.stringify(step) ?? 'null';
      this.texts.set(step, text);
    }
    return text;
  }
}
