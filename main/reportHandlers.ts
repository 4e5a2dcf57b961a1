// HR's figures: the dashboard (trainee × scenario, distributions, the phase where points are lost)
// and the exports (CSV for Excel in French, RFC 4180 CSV, XLSX) over the store, by HR session only.
import { requireRole, type RoleContext } from './roleHandlers';
import { ConflictError, type Handlers } from './handlers';
import { fileStamp, type FileGate } from './files';
import type { LibraryEntry } from './library';
import type { Store } from './store/store';
import type { AttemptSummary } from './store/schema';
import type { Scenario } from '../scenarios/format/schema';
import { prepareDashboard, queryDashboard, type PreparedDashboard, decisionsFitInXlsx, exportCsv, exportXlsx, scenarioMetaOf, storeSource, type ReportingSource } from './reporting';

export interface ReportContext extends RoleContext {
  readonly store: Store;
  readonly library: ReadonlyMap<string, LibraryEntry>;
  readonly files?: FileGate | undefined;
  readonly now?: () => number;
  /** Scenarios written in the studio and published: their titles and pass marks join the library's. */
  readonly publishedScenarios?: () => Promise<readonly Scenario[]>;
}

type ReportChannels = 'hr:dashboard' | 'hr:export';


export function createReportHandlers(ctx: ReportContext): Pick<Handlers, ReportChannels> {
  const now = ctx.now ?? Date.now;
  let source: ReportingSource | undefined;
  const reporting = () => (source ??= storeSource(ctx.store, ctx.library));
  // The dashboard reads every summary once and indexes them, then filters in memory (HR's filters
  // answer at once); "refresh" reads them again (new attempts since).
  let prepared: PreparedDashboard | undefined;
  const load = async (refresh: boolean) => {
    if (prepared && !refresh) return prepared;
    const attempts: AttemptSummary[] = [];
    for await (const s of reporting().summaries()) attempts.push(s);
    const custom = (await ctx.publishedScenarios?.().catch(() => [])) ?? [];
    const scenarios = [...[...ctx.library.values()].map((e) => e.scenario), ...custom.filter((s) => !ctx.library.has(s.id))].map(scenarioMetaOf);
    prepared = prepareDashboard({ profiles: ctx.store.listProfiles(), attempts, scenarios });
    return prepared;
  };
  return {
    'hr:dashboard': async ({ session, filter, refresh }) => {
      requireRole(ctx, session, 'hr');
      return queryDashboard(await load(refresh ?? false), filter);
    },
    'hr:export': async ({ session, format, table, decisions, filter, lang }) => {
      requireRole(ctx, session, 'hr');
      if (!ctx.files) throw new ConflictError('no file transfer on this workstation');
      if (format === 'xlsx' && decisions) {
        const fit = await decisionsFitInXlsx(reporting(), filter);
        if (!fit.fits) return { ok: false as const, reason: 'xlsx-row-limit' as const, decisions: fit.decisions, limit: fit.limit };
      }
      const name = format === 'xlsx' ? `comptoir-${fileStamp(now())}.xlsx` : `comptoir-${table}-${format === 'csv-fr' ? 'excel-fr' : 'rfc4180'}-${fileStamp(now())}.csv`;
      const target = await ctx.files.prepare(name);
      if (!target) return { ok: true as const, cancelled: true as const };
      if (format === 'xlsx') {
        const result = await exportXlsx(reporting(), { lang, ...(filter ? { filter } : {}), decisions: decisions ?? false }, target.path);
        return { ok: true as const, cancelled: false as const, file: target.done(), rows: result.sheets.reduce((n, s) => n + s.rows, 0), issues: Object.values(result.issues).reduce((n, i) => n + (i?.count ?? 0), 0) };
      }
      const result = await exportCsv(reporting(), { table, dialect: format === 'csv-fr' ? 'excel-fr' : 'rfc4180', lang, ...(filter ? { filter } : {}) }, target.path);
      return { ok: true as const, cancelled: false as const, file: target.done(), rows: result.rows, issues: Object.values(result.issues).reduce((n, i) => n + (i?.count ?? 0), 0) };
    },
  };
}
