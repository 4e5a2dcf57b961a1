// The studio's live lint, redone after each edit without starting over: the draft arrives as its
// text around the steps (prefix, suffix) and the steps' texts that changed since the last lint.
// Where only a few steps changed and the rest of the file did not, only those steps are parsed and
// validated, and where they changed in their localised texts alone, only the text checks rerun
// (nothing else in the analysis reads a text). Anything else is linted from scratch. Either way the
// result is analyseSource's on the whole text (incremental.test.ts compares them edit by edit).
import { analyseParts, analyseSource, analyseSourceParts, locateIn, textDiagnostics, type AnalysisParts, type Analysis } from './analysis';
import { depthOf, MAX_NESTING, MAX_SCENARIO_BYTES } from '../format/parse';
import { FORMAT_VERSION, StepSchema, type Scenario, type Step } from '../format/schema';
import type { Lang } from '../format/text';

/** A draft as the studio sends it: whole, or as steps around which the rest of the text sits. */
export type DraftText =
  | { readonly kind: 'text'; readonly text: string }
  | {
    readonly kind: 'steps';
    /** The text up to the steps array's `[` (excluded), and from its `]` (excluded) on. */
    readonly prefix: string;
    readonly suffix: string;
    /** How many steps there are now. */
    readonly count: number;
    /** [index, the step's compact JSON] for every step that changed (every step the first time). */
    readonly changed: readonly (readonly [number, string])[];
  };

/** Past this many changed steps an edit is linted from scratch (a replace-all, a paste, a re-layout). */
const FEW = 20;

interface Previous {
  readonly lang: Lang;
  readonly prefix: string;
  readonly suffix: string;
  readonly scenario: Scenario;
  /** The parts as analyseParts made them, never located (locating writes into a diagnostic). */
  readonly parts: AnalysisParts;
}

/** A plain object whose keys are only fr / en with string values: what forEachText calls a text. */
function isText(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let keys = 0;
  for (const key in value) {
    if ((key !== 'fr' && key !== 'en') || typeof (value as Record<string, unknown>)[key] !== 'string') return false;
    keys++;
  }
  return keys > 0;
}

/** Equal apart from localised texts (which may differ in any way that keeps them texts). */
export function sameApartFromTexts(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isText(a) && isText(b)) return true;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameApartFromTexts(x, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k, i) => k === kb[i] && sameApartFromTexts((a as Record<string, unknown>)[k], rb[k]));
}

export class IncrementalLint {
  /** The steps' texts as last received (kind 'steps' only). */
  private steps: string[] = [];
  private previous: Previous | undefined;
  /** How each lint was made: from scratch, from the changed steps, from their texts alone. */
  readonly stats = { whole: 0, steps: 0, textsOnly: 0 };

  update(draft: DraftText, lang: Lang): Analysis {
    if (draft.kind === 'text') {
      this.steps = [];
      this.previous = undefined;
      this.stats.whole++;
      return analyseSource(draft.text, lang);
    }
    const before = this.steps.length;
    for (const [i, text] of draft.changed) {
      if (i > this.steps.length) throw new RangeError(`step ${i} arrived before step ${this.steps.length}`);
      this.steps[i] = text;
    }
    this.steps.length = draft.count;
    const text = `${draft.prefix}[${this.steps.join(',')}]${draft.suffix}`;
    const quick = this.quickly(draft, lang, before, text);
    if (quick) return quick;
    this.stats.whole++;
    const { parts, migratedFrom, ...analysis } = analyseSourceParts(text, lang);
    // Later edits start from a scenario loaded as it is (a migrated one is linted whole each time).
    this.previous = analysis.scenario && parts && migratedFrom === FORMAT_VERSION
      ? { lang, prefix: draft.prefix, suffix: draft.suffix, scenario: analysis.scenario, parts }
      : undefined;
    return analysis;
  }

  /** The analysis from the last one and the changed steps alone, where that gives the same result. */
  private quickly(draft: Extract<DraftText, { kind: 'steps' }>, lang: Lang, before: number, text: string): Analysis | undefined {
    const previous = this.previous;
    if (!previous || previous.lang !== lang || previous.prefix !== draft.prefix || previous.suffix !== draft.suffix) return undefined;
    if (draft.count !== before || draft.changed.length > FEW || text.length > MAX_SCENARIO_BYTES) return undefined;
    const steps = previous.scenario.steps.slice();
    let textsOnly = true;
    for (const [i, stepText] of draft.changed) {
      if (stepText.includes('\u0000')) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(stepText);
      } catch {
        return undefined;
      }
      // The step sits two levels down: the document, its steps array.
      if (depthOf(value) + 2 > MAX_NESTING) return undefined;
      const parsed = StepSchema.safeParse(value);
      if (!parsed.success) return undefined;
      textsOnly &&= sameApartFromTexts(steps[i], parsed.data);
      steps[i] = parsed.data as Step;
    }
    const scenario: Scenario = { ...previous.scenario, steps };
    const parts = textsOnly ? { ...previous.parts, texts: textDiagnostics(scenario, lang) } : analyseParts(scenario, lang);
    this.previous = { ...previous, scenario, parts };
    this.stats[textsOnly ? 'textsOnly' : 'steps']++;
    return { scenario, diagnostics: locateIn(text, [], [...parts.references, ...parts.texts, ...parts.graph]), figures: parts.figures };
  }
}
