// One lint of a draft: canonical text → analyseSource (structure, graph, figures), as the CLI does.
import { analyseSource } from '../../../scenarios/engine/analysis';
import type { Figures } from '../../../scenarios/engine/analysis';
import type { Diagnostic } from '../../../scenarios/format/messages';

/** The draft as compact JSON text: a string crosses to the worker far faster than a 3.4 MB object tree is cloned. */
export interface LintRequest { readonly seq: number; readonly text: string; readonly lang: 'fr' | 'en' }
export interface LintReply { readonly seq: number; readonly diagnostics: Diagnostic[]; readonly figures: Figures | undefined; readonly valid: boolean }

export function lintDraft(request: LintRequest): LintReply {
  // Compact JSON, not the canonical form: the studio shows where a problem is by step, not by line, and
  // stringifying 3.4 MB compactly costs a fraction of the canonical layout.
  const analysis = analyseSource(request.text, request.lang);
  return { seq: request.seq, diagnostics: analysis.diagnostics, figures: analysis.figures, valid: analysis.scenario !== undefined };
}
