// The exports HR asks for, end to end: a selection of the store's attempts to one CSV table
// (France or RFC 4180) or to one XLSX workbook, with the counts and what could not be shown.
import type { Lang } from '../../scenarios/format/text';
import { TABLES, type TableName } from './columns';
import type { CsvDialect } from './cells';
import { writeCsv } from './csv';
import type { ExportFilter } from './filter';
import type { ExportOutput } from './output';
import { attemptRows, countRows, decisionRows, phaseRows, type ReportingSource, type RowIssue, type RowOptions } from './rows';
import { writeXlsx, xlsxSheet, XlsxRowLimitError, XLSX_MAX_DATA_ROWS, type XlsxSheet } from './xlsx';

export interface ExportIssues {
  /** Attempts some of whose rows could not be built whole, by reason (at most 100 ids kept per reason). */
  readonly issues: Partial<Record<RowIssue['code'], { readonly count: number; readonly attemptIds: readonly string[] }>>;
}

function issueCollector(): { onIssue: (i: RowIssue) => void; issues: ExportIssues['issues'] } {
  const issues: Partial<Record<RowIssue['code'], { count: number; attemptIds: string[] }>> = {};
  return {
    issues,
    onIssue: (i) => {
      const entry = (issues[i.code] ??= { count: 0, attemptIds: [] });
      entry.count++;
      if (entry.attemptIds.length < 100) entry.attemptIds.push(i.attemptId);
    },
  };
}

export interface CsvExportOptions {
  readonly table: TableName;
  readonly dialect: CsvDialect;
  readonly lang: Lang;
  readonly filter?: ExportFilter;
}

export interface CsvExportResult extends ExportIssues {
  readonly table: TableName;
  readonly rows: number;
  readonly bytes: number;
}

export async function exportCsv(source: ReportingSource, options: CsvExportOptions, output: ExportOutput): Promise<CsvExportResult> {
  const { onIssue, issues } = issueCollector();
  const rowOptions: RowOptions = { lang: options.lang, onIssue, ...(options.filter ? { filter: options.filter } : {}) };
  const csv = { dialect: options.dialect, lang: options.lang };
  const result =
    options.table === 'attempts' ? await writeCsv(attemptRows(source, rowOptions), TABLES.attempts, csv, output)
      : options.table === 'phases' ? await writeCsv(phaseRows(source, rowOptions), TABLES.phases, csv, output)
        : await writeCsv(decisionRows(source, rowOptions), TABLES.decisions, csv, output);
  return { table: options.table, ...result, issues };
}

export interface XlsxExportOptions {
  readonly lang: Lang;
  readonly filter?: ExportFilter;
  /** Add a sheet of decisions: refused with XlsxRowLimitError when they do not fit in one sheet. */
  readonly decisions?: boolean;
}

export interface XlsxExportResult extends ExportIssues {
  readonly sheets: readonly { readonly table: TableName; readonly name: string; readonly rows: number }[];
  readonly bytes: number;
}

/** Whether the decisions of a selection fit in an XLSX sheet (counted from the summaries, no log read). */
export async function decisionsFitInXlsx(source: ReportingSource, filter?: ExportFilter): Promise<{ fits: boolean; decisions: number; limit: number }> {
  const { decisions } = await countRows(source, filter);
  return { fits: decisions <= XLSX_MAX_DATA_ROWS, decisions, limit: XLSX_MAX_DATA_ROWS };
}

/** A workbook with a sheet of attempts and one of per-phase scores (and, on request, one of decisions). */
export async function exportXlsx(source: ReportingSource, options: XlsxExportOptions, output: ExportOutput): Promise<XlsxExportResult> {
  const { onIssue, issues } = issueCollector();
  const rowOptions: RowOptions = { lang: options.lang, onIssue, ...(options.filter ? { filter: options.filter } : {}) };
  const sheets: XlsxSheet[] = [xlsxSheet(TABLES.attempts, attemptRows(source, rowOptions)), xlsxSheet(TABLES.phases, phaseRows(source, rowOptions))];
  if (options.decisions) {
    const { decisions } = await countRows(source, options.filter);
    // Refused before the file is even created: nothing to clean up, and the user is told at once.
    if (decisions > XLSX_MAX_DATA_ROWS) throw new XlsxRowLimitError('decisions', decisions);
    sheets.push(xlsxSheet(TABLES.decisions, decisionRows(source, rowOptions), decisions));
  }
  const result = await writeXlsx(sheets, { lang: options.lang }, output);
  return { ...result, issues };
}
