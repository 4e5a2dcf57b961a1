// One lint of a draft: the same analysis as the CLI's analyseSource on the draft's compact JSON
// text, redone from the steps that changed since the last lint where that gives the same result.
import type { Figures } from '../../../scenarios/engine/analysis';
import type { DraftText, IncrementalLint } from '../../../scenarios/engine/incremental';
import type { Diagnostic } from '../../../scenarios/format/messages';

/**
 * The draft as text (see scenarios/studio/draftText.ts): strings cross to the worker far faster than
 * a 3.4 MB object tree is cloned, and after an edit only the changed steps' texts cross at all.
 */
export interface LintRequest { readonly seq: number; readonly draft: DraftText; readonly lang: 'fr' | 'en' }
export interface LintReply { readonly seq: number; readonly diagnostics: Diagnostic[]; readonly figures: Figures | undefined; readonly valid: boolean }

export function lintDraft(request: LintRequest, linter: IncrementalLint): LintReply {
  // Compact JSON, not the canonical form: the studio shows where a problem is by step, not by line.
  const analysis = linter.update(request.draft, request.lang);
  return { seq: request.seq, diagnostics: analysis.diagnostics, figures: analysis.figures, valid: analysis.scenario !== undefined };
}
