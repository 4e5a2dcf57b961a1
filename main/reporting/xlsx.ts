// XLSX writing through exceljs's streaming WorkbookWriter: typed number, date and boolean cells,
// a frozen header and an autofilter per sheet, no shared strings and no styles (the fast path),
// and a refusal, before anything is written, of a sheet past Excel's 1,048,576 rows.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Writable } from 'node:stream';
// exceljs (2.8 MB) loads on the first XLSX export, not at every start (docs/BENCHMARKS.md, bench 3b).
import type ExcelJS from 'exceljs';
import type { Lang } from '../../scenarios/format/text';
import { headersOf, TABLES, type Table, type TableName } from './columns';
import { xlsxCell } from './cells';
import { withOutput, type ExportOutput } from './output';
import { batchesOf } from './batches';

/** Rows in an Excel sheet, the header included. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Data rows a sheet can take under its header. */
export const XLSX_MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1;

/** A sheet would pass Excel's row limit: the user is told to export it as CSV or to narrow the selection. */
export class XlsxRowLimitError extends Error {
  override readonly name = 'XlsxRowLimitError';
  readonly code = 'xlsx-row-limit';
  readonly messages: Readonly<Record<Lang, string>>;
  /** `rows` is the exact count when announced, or the first row past the limit when found while writing. */
  constructor(readonly table: TableName, readonly rows: number, readonly limit: number = XLSX_MAX_DATA_ROWS, readonly exact = true) {
    const fr = (v: number) => v.toLocaleString('fr-FR');
    const en = (v: number) => v.toLocaleString('en-US');
    const sheet = TABLES[table].sheet;
    const messages = {
      fr: `Trop de lignes pour Excel : la feuille « ${sheet.fr} » en aurait ${exact ? fr(rows) : `plus de ${fr(limit)}`}, et une feuille Excel en prend au plus ${fr(limit)}. Exportez-la en CSV, ou réduisez la sélection (période, promotion, site, scénario ou stagiaire).`,
      en: `Too many rows for Excel: the "${sheet.en}" sheet would have ${exact ? en(rows) : `more than ${en(limit)}`}, and an Excel sheet takes at most ${en(limit)}. Export it as CSV, or narrow the selection (period, cohort, site, scenario or trainee).`,
    };
    super(`${messages.fr} / ${messages.en}`);
    this.messages = messages;
  }
}

export interface XlsxSheet {
  readonly table: Table<Record<string, unknown>>;
  readonly rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
  /** Rows announced before writing (e.g. from the summaries): over the limit, nothing is written. */
  readonly expectedRows?: number | undefined;
}

export function xlsxSheet<R>(table: Table<R>, rows: AsyncIterable<R> | Iterable<R>, expectedRows?: number): XlsxSheet {
  return { table, rows, expectedRows } as unknown as XlsxSheet;
}

export interface XlsxOptions {
  readonly lang: Lang;
  /** Sheet data buffered ahead of the zip before the writer waits for it (bytes). */
  readonly maxBacklogBytes?: number;
  /** Data rows allowed per sheet: Excel's limit, unless a smaller one is wanted. */
  readonly maxDataRows?: number;
}

export interface XlsxResult {
  readonly sheets: readonly { readonly table: TableName; readonly name: string; readonly rows: number }[];
  readonly bytes: number;
}

type SheetWriter = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

/**
 * The bytes a sheet has produced that the zip has not taken yet. exceljs's streaming writer
 * ignores back-pressure, so without this a fast row source fills memory with XML; it reads
 * exceljs 4.4's internals (the sheet's stream buffer and the zip entry it feeds) and answers 0
 * when they are not there.
 */
function backlog(sheet: SheetWriter): { bytes: number; drained: () => Promise<void> } {
  const entry = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number }; once?: (e: string, f: () => void) => void }[] } }).stream?.pipes?.[0];
  const bytes = entry?._writableState?.length;
  if (typeof bytes !== 'number' || typeof entry?.once !== 'function') return { bytes: 0, drained: () => Promise.resolve() };
  return { bytes, drained: () => new Promise((resolve) => entry.once!('drain', resolve)) };
}

/**
 * Dates show the date and the time: exceljs's style-less writer gives every date the built-in
 * format 14 (date only); format 22 is Excel's built-in short date and time, shown in the
 * reader's locale (JJ/MM/AAAA HH:MM in French). Set on exceljs 4.4's style stand-in, if present.
 */
function showDatesWithTime(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles?: { model?: { styles?: unknown[] }; _dateStyleId?: number } }).styles;
  const list = styles?.model?.styles;
  if (!styles || !Array.isArray(list) || styles._dateStyleId !== undefined) return;
  styles._dateStyleId = list.push({ numFmtId: 22 }) - 1;
}

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/g;

/** Writes the sheets in order (one streaming pass each) and returns the row counts. */
export async function writeXlsx(sheets: readonly XlsxSheet[], options: XlsxOptions, output: ExportOutput): Promise<XlsxResult> {
  const limit = Math.min(options.maxDataRows ?? XLSX_MAX_DATA_ROWS, XLSX_MAX_DATA_ROWS);
  for (const sheet of sheets) {
    if (sheet.expectedRows !== undefined && sheet.expectedRows > limit) throw new XlsxRowLimitError(sheet.table.name, sheet.expectedRows, limit);
  }
  const maxBacklog = options.maxBacklogBytes ?? 8 * 1024 * 1024;
  return withOutput(output, async (stream: Writable) => {
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.stream.xlsx.WorkbookWriter({
      stream,
      useSharedStrings: false,
      useStyles: false,
      // Fastest deflate: the XML is repetitive, level 1 already shrinks it about tenfold.
      zip: { zlib: { level: 1 } },
      creator: 'Comptoir',
      lastModifiedBy: 'Comptoir',
    } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
    showDatesWithTime(workbook);
    // Waiting for the zip must end if the output fails (a full disk): the wait then rejects.
    const broken = new Promise<never>((_, reject) => {
      stream.once('error', reject);
      stream.once('close', () => reject(new Error('the output closed before the workbook was complete')));
    });
    broken.catch(() => undefined);
    const done: { table: TableName; name: string; rows: number }[] = [];
    for (const { table, rows } of sheets) {
      const name = table.sheet[options.lang].replace(INVALID_SHEET_CHARS, ' ').slice(0, 31);
      const columns = table.columns;
      const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
      sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
      sheet.addRow(headersOf(table, options.lang)).commit();
      let count = 0;
      for await (const batch of batchesOf(rows)) {
        for (const row of batch) {
          // The announced count can fall short (an attempt still in progress has grown since its summary).
          if (++count > limit) throw new XlsxRowLimitError(table.name, count, limit, false);
          const values = new Array<unknown>(columns.length);
          for (let i = 0; i < columns.length; i++) {
            const column = columns[i]!;
            values[i] = xlsxCell(column, row[column.key], options.lang);
          }
          sheet.addRow(values).commit();
          if ((count & 1023) === 0) {
            // Every 1,024 rows: wait for the zip if it lags, else give it a turn of the event loop.
            const pending = backlog(sheet);
            await (pending.bytes > maxBacklog ? Promise.race([pending.drained(), broken]) : nextTurn());
          }
        }
      }
      // The filter covers the header and every row written (the ref is written at commit).
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: count + 1, column: columns.length } };
      sheet.commit();
      done.push({ table: table.name, name, rows: count });
    }
    await workbook.commit();
    return { sheets: done };
  });
}
