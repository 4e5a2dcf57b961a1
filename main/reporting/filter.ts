// The selection HR makes (period, cohort, site, scenario, trainee), shared by the dashboard and
// the exports, as a zod schema for the IPC contract and one compiled matcher.
import { z } from 'zod';
import { IdSchema } from '../../scenarios/format/schema';
import { ATTEMPT_KINDS, type AttemptSummary, type Profile } from '../store/schema';

const Instant = z.string().datetime({ offset: true });
const Name = z.string().trim().min(1).max(80);

export const ReportFilterSchema = z.strictObject({
  /** Attempts started at or after this instant (ISO 8601 with offset). */
  from: Instant.optional(),
  /** Attempts started strictly before this instant: give the next day's local midnight for "to day D". */
  to: Instant.optional(),
  cohort: Name.optional(),
  site: Name.optional(),
  scenarioId: IdSchema.optional(),
  /** A trainee's profile id. */
  traineeId: z.uuid().optional(),
});
export type ReportFilter = z.infer<typeof ReportFilterSchema>;

/** The exports can also keep one kind of attempt (the dashboard always shows both, apart). */
export const ExportFilterSchema = ReportFilterSchema.extend({ kind: z.enum(ATTEMPT_KINDS).optional() });
export type ExportFilter = z.infer<typeof ExportFilterSchema>;

export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';
}

export interface CompiledFilter {
  /** Whether one attempt is selected; `profile` is its trainee's, when it still exists. */
  matches(summary: AttemptSummary, profile: Profile | undefined): boolean;
  /** Whether any attempt started in this month (yyyy-mm, UTC as the store files them) can match. */
  monthMayMatch(month: string): boolean;
}

const DAY = 86_400_000;

/** A checked selection, its period as milliseconds (open ends infinite); a clear error otherwise. */
export function parseFilter(filter: ExportFilter = {}): { filter: ExportFilter; from: number; to: number } {
  const parsed = ExportFilterSchema.safeParse(filter);
  if (!parsed.success) {
    throw new InvalidFilterError(`Sélection invalide / Invalid selection: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(filter)'}: ${i.message}`).join('; ')}`);
  }
  const f = parsed.data;
  const from = f.from === undefined ? -Infinity : Date.parse(f.from);
  const to = f.to === undefined ? Infinity : Date.parse(f.to);
  if (from >= to) throw new InvalidFilterError(`La période est vide (du ${f.from} au ${f.to}) / The period is empty (from ${f.from} to ${f.to})`);
  return { filter: f, from, to };
}

export function compileFilter(filter: ExportFilter = {}): CompiledFilter {
  const { filter: f, from, to } = parseFilter(filter);
  const byProfile = f.cohort !== undefined || f.site !== undefined;
  const byTime = f.from !== undefined || f.to !== undefined;
  return {
    matches(summary, profile) {
      if (f.scenarioId !== undefined && summary.scenarioId !== f.scenarioId) return false;
      if (f.traineeId !== undefined && summary.profileId !== f.traineeId) return false;
      if (f.kind !== undefined && summary.kind !== f.kind) return false;
      if (byProfile) {
        if (f.cohort !== undefined && profile?.cohort !== f.cohort) return false;
        if (f.site !== undefined && profile?.site !== f.site) return false;
      }
      if (byTime) {
        const at = Date.parse(summary.startedAt);
        if (at < from || at >= to) return false;
      }
      return true;
    },
    monthMayMatch(month) {
      if (!byTime) return true;
      const start = Date.parse(`${month}-01T00:00:00Z`);
      if (Number.isNaN(start)) return true;
      const [y, m] = month.split('-').map(Number) as [number, number];
      const end = Date.UTC(y, m, 1);
      // A day's margin each side: a bundle from another workstation may file by a local month.
      return end + DAY > from && start - DAY < to;
    },
  };
}
