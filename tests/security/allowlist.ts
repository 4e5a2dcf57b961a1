// The checked-in allowlist of the Electron audit (docs/electronegativity-allowlist.json) and the
// comparison that fails on any finding it does not name, and on any entry that no longer matches.
import { z } from 'zod';

export const AllowlistSchema = z.strictObject({
  $comment: z.string().optional(),
  entries: z.array(z.strictObject({
    /** Electronegativity's check id (e.g. OPEN_EXTERNAL_JS_CHECK), or CSP_EVALUATOR for the CSP itself. */
    rule: z.string().regex(/^[A-Z_]+$/),
    /** Path from the repository root, or "N/A" for a global check that names no file. */
    file: z.string().min(1),
    /** Text the flagged source line (or CSP directive) must contain: a new finding elsewhere in the file is not covered. */
    match: z.string().min(1).optional(),
    /** Why this is not a problem here, citing the code or test that makes it so. */
    reason: z.string().min(40),
  })).min(1),
});
export type Allowlist = z.infer<typeof AllowlistSchema>;
export type AllowlistEntry = Allowlist['entries'][number];

export interface Finding {
  readonly rule: string;
  readonly file: string;
  readonly line?: number;
  /** The flagged source line, the CSP directive and value, or the tool's message for a global check. */
  readonly text: string;
  readonly message: string;
}

export const covers = (entry: AllowlistEntry, finding: Finding): boolean =>
  entry.rule === finding.rule && entry.file === finding.file && (entry.match === undefined || finding.text.includes(entry.match));

/** Findings no entry covers, and entries that cover no finding (stale: the allowlist must stay true). */
export function compare(findings: readonly Finding[], allowlist: Allowlist): { unlisted: Finding[]; stale: AllowlistEntry[] } {
  return {
    unlisted: findings.filter((f) => !allowlist.entries.some((e) => covers(e, f))),
    stale: allowlist.entries.filter((e) => !findings.some((f) => covers(e, f))),
  };
}
