// How one value becomes a cell: formula-injection neutralising (OWASP), coded values as labels,
// numbers and dates in the conventions of each CSV dialect, typed values for XLSX.
import type { Lang } from '../../scenarios/format/text';
import { BOOLEAN_LABELS, type Column } from './columns';

/**
 * OWASP "CSV Injection": a cell starting with = + - @ tab or carriage return may be run as a
 * formula by a spreadsheet; a leading single quote makes it plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export const neutralise = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

export type CsvDialect = 'excel-fr' | 'rfc4180';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** JJ/MM/AAAA HH:MM in the workstation's local time zone. */
export const frenchDate = (d: Date): string =>
  `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${pad(d.getFullYear(), 4)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** Plain decimal notation (never an exponent), as many digits as the value has. */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`not a finite number: ${n}`);
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(Math.abs(n) < 1 ? 12 : 0).replace(/\.?0+$/, '') : s;
}

function label<R>(column: Column<R>, code: string, lang: Lang): string {
  const labels = column.labels?.[code];
  return labels ? labels[lang] : code;
}

/** The text of one CSV cell, before the CSV quoting that csv-stringify applies. */
export function csvCell<R>(column: Column<R>, value: unknown, dialect: CsvDialect, lang: Lang): string {
  if (value === null || value === undefined) return '';
  switch (column.type) {
    case 'text':
      return neutralise(String(value));
    case 'code':
      return neutralise(label(column, String(value), lang));
    case 'boolean':
      return BOOLEAN_LABELS[value ? 'true' : 'false'][lang];
    case 'integer':
    case 'decimal': {
      const s = plainNumber(value as number);
      return dialect === 'excel-fr' ? s.replace('.', ',') : s;
    }
    case 'date':
      return dialect === 'excel-fr' ? frenchDate(value as Date) : (value as Date).toISOString();
  }
}

/**
 * Excel has no time zones: a date cell shows the clock time it holds. exceljs writes a Date's UTC
 * clock, so the date is shifted by the workstation's offset to show local time, like the CSV.
 */
export const excelLocalDate = (d: Date): Date => new Date(d.getTime() - d.getTimezoneOffset() * 60_000);

/** Excel's line break inside a cell is LF; a CR would not survive the XML (it reads back as LF, or not at all). */
const excelLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n');

/** The typed value of one XLSX cell: text neutralised, numbers, booleans and dates as themselves. */
export function xlsxCell<R>(column: Column<R>, value: unknown, lang: Lang): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'text':
      return excelLineBreaks(neutralise(String(value)));
    case 'code':
      return neutralise(label(column, String(value), lang));
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'decimal':
      return value as number;
    case 'date':
      return excelLocalDate(value as Date);
  }
}
