// The CSV and XLSX writers on rows given directly: each format read back with its own conventions
// equals the rows; hostile texts come out inert; files are replaced atomically; Excel's row limit holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { writeCsv } from './csv';
import { writeXlsx, xlsxSheet, XlsxRowLimitError, XLSX_MAX_DATA_ROWS } from './xlsx';
import { ATTEMPTS_TABLE, BOOLEAN_LABELS, DECISIONS_TABLE, PHASES_TABLE, type Column } from './columns';
import { excelLocalDate } from './cells';
import type { AttemptRow, PhaseRow } from './rows';
import { HOSTILE_NAME, parseCsv, parseFrenchDate, toMinute } from './testkit';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'comptoir-writers-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const base: AttemptRow = {
  attemptId: '0b7e2a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b', traineeId: '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f', traineeName: 'Awa Diallo', employeeId: 'E-7', cohort: 'Promo A', site: 'Paris',
  scenarioId: 'guichet', scenarioTitle: 'Guichet', scenarioVersion: 2, kind: 'assessed', status: 'finished', timerMode: 'normal',
  startedAt: new Date(Date.UTC(2024, 2, 5, 8, 30, 15, 250)), finishedAt: new Date(Date.UTC(2024, 2, 5, 8, 41, 2, 0)), durationSeconds: 647, decisions: 12,
  overall: 72.5, empathy: 66.7, proactivity: 80, reliability: 100, outcome: 'prescriber', walkOut: false, customerValue: 500, passed: true,
};

/** Rows with every kind of trouble a text can bring, and missing values. */
const ROWS: AttemptRow[] = [
  base,
  { ...base, attemptId: 'a2', traineeName: HOSTILE_NAME, employeeId: '-42', site: 'Lyon ; Part-Dieu', scenarioTitle: 'Guichet ; « test »\nligne 2', cohort: '@promo', overall: 0.5, empathy: 12.25, customerValue: 1234567.5 },
  { ...base, attemptId: 'a3', traineeName: 'Bob "le vif"\r\nMartin', employeeId: '+33 6', cohort: '\tcohorte', site: '\rsite', kind: 'practice', status: 'abandoned', finishedAt: null, overall: null, empathy: null, proactivity: null, reliability: null, outcome: null, walkOut: null, customerValue: null, passed: null },
  { ...base, attemptId: 'a4', traineeName: null, employeeId: null, cohort: null, site: null, scenarioTitle: null, startedAt: new Date(Date.UTC(2023, 11, 31, 23, 59, 59, 999)), outcome: 'lost', walkOut: true, passed: false, customerValue: 0 },
];

/** Reads one CSV cell back with the conventions of its dialect into the row's own value. */
function readCell(column: Column<AttemptRow>, text: string, dialect: 'excel-fr' | 'rfc4180', lang: 'fr' | 'en'): unknown {
  if (text === '') return null;
  switch (column.type) {
    case 'text':
      return text.startsWith("'") && /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
    case 'code':
      return Object.entries(column.labels!).find(([, l]) => l[lang] === text)?.[0] ?? `unknown label ${text}`;
    case 'boolean':
      return text === BOOLEAN_LABELS.true[lang] ? true : text === BOOLEAN_LABELS.false[lang] ? false : `not a boolean ${text}`;
    case 'integer':
    case 'decimal':
      if (dialect === 'excel-fr' && text.includes('.')) return `a point in a French number ${text}`;
      return Number(dialect === 'excel-fr' ? text.replace(',', '.') : text);
    case 'date':
      return dialect === 'excel-fr' ? parseFrenchDate(text) : new Date(text);
  }
}

const expectedCell = (column: Column<AttemptRow>, row: AttemptRow, dialect: 'excel-fr' | 'rfc4180') => {
  const v = row[column.key];
  return column.type === 'date' && v instanceof Date && dialect === 'excel-fr' ? toMinute(v) : v;
};

describe('CSV "Excel (France)"', () => {
  it('is UTF-8 with a BOM, ";" and CRLF, decimal commas, JJ/MM/AAAA HH:MM, and reads back equal to the rows', async () => {
    const file = join(dir, 'attempts.csv');
    const result = await writeCsv(ROWS, ATTEMPTS_TABLE, { dialect: 'excel-fr', lang: 'fr' }, file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(result).toEqual({ rows: ROWS.length, bytes: bytes.length });
    const text = bytes.toString('utf8').slice(1);
    const records = parseCsv(text, ';');
    expect(records[0]).toEqual(ATTEMPTS_TABLE.columns.map((c) => c.header.fr));
    expect(records).toHaveLength(ROWS.length + 1);
    for (const [r, row] of ROWS.entries()) {
      const record = records[r + 1]!;
      expect(record).toHaveLength(ATTEMPTS_TABLE.columns.length);
      ATTEMPTS_TABLE.columns.forEach((c, i) => {
        expect(readCell(c, record[i]!, 'excel-fr', 'fr'), `${c.key} of row ${r + 1}`).toEqual(expectedCell(c, row, 'excel-fr'));
      });
    }
    // The raw text: ';' inside a field and newlines are quoted; numbers carry commas, no points.
    expect(text).toContain('"Lyon ; Part-Dieu"');
    expect(text).toContain('"Guichet ; « test »\nligne 2"');
    expect(text).toContain('"Bob ""le vif""\r\nMartin"');
    expect(text).toContain(';1234567,5;');
    expect(text.split('\r\n')[1]).toContain(';72,5;66,7;80;100;prescripteur;non;500;oui');
  });

  it('writes English headers and words when asked', async () => {
    const file = join(dir, 'attempts-en.csv');
    await writeCsv(ROWS.slice(0, 1), ATTEMPTS_TABLE, { dialect: 'excel-fr', lang: 'en' }, file);
    const records = parseCsv(readFileSync(file, 'utf8').slice(1), ';');
    expect(records[0]).toEqual(ATTEMPTS_TABLE.columns.map((c) => c.header.en));
    ATTEMPTS_TABLE.columns.forEach((c, i) => expect(readCell(c, records[1]![i]!, 'excel-fr', 'en')).toEqual(expectedCell(c, ROWS[0]!, 'excel-fr')));
  });
});

describe('CSV "RFC 4180"', () => {
  it('is UTF-8 without BOM, "," and CRLF, decimal points, ISO 8601 dates, and reads back equal to the rows', async () => {
    const file = join(dir, 'attempts-rfc.csv');
    await writeCsv(ROWS, ATTEMPTS_TABLE, { dialect: 'rfc4180', lang: 'en' }, file);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const records = parseCsv(text, ',');
    expect(records[0]).toEqual(ATTEMPTS_TABLE.columns.map((c) => c.header.en));
    for (const [r, row] of ROWS.entries()) {
      ATTEMPTS_TABLE.columns.forEach((c, i) => {
        expect(readCell(c, records[r + 1]![i]!, 'rfc4180', 'en'), `${c.key} of row ${r + 1}`).toEqual(expectedCell(c, row, 'rfc4180'));
      });
    }
    expect(text).toContain(',2024-03-05T08:30:15.250Z,');
    expect(text).toContain(',1234567.5,');
  });
});

describe('formula injection in the files', () => {
  it('leaves no text cell starting with = + - @ tab or CR, in both CSV dialects, while numbers keep their sign', async () => {
    const negative: PhaseRow = { attemptId: '-1', traineeName: '=cmd|\'/C calc\'!A0', scenarioId: 's', phase: 'influence', decisions: 2, empathy: -0, proactivity: 50, empathyLost: 1.5, proactivityLost: 2, pointsLost: 3.5 };
    for (const [dialect, sep] of [['excel-fr', ';'], ['rfc4180', ',']] as const) {
      const file = join(dir, `inert-${dialect}.csv`);
      await writeCsv(ROWS, ATTEMPTS_TABLE, { dialect, lang: 'fr' }, file);
      const records = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), sep);
      for (const record of records) for (const cell of record) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(records[2]![ATTEMPTS_TABLE.columns.findIndex((c) => c.key === 'traineeName')]).toBe(`'${HOSTILE_NAME}`);
      const phases = join(dir, `phases-${dialect}.csv`);
      await writeCsv([negative], PHASES_TABLE, { dialect, lang: 'fr' }, phases);
      const [, record] = parseCsv(readFileSync(phases, 'utf8').replace(/^\uFEFF/, ''), sep);
      expect(record!.slice(0, 2)).toEqual(["'-1", "'=cmd|'/C calc'!A0"]);
      expect(record!.slice(4)).toEqual(dialect === 'excel-fr' ? ['2', '0', '50', '1,5', '2', '3,5'] : ['2', '0', '50', '1.5', '2', '3.5']);
    }
  });
});

describe('outputs', () => {
  it('replace a file only once the export is whole: a failing source leaves the old file and no temp file', async () => {
    const file = join(dir, 'keep.csv');
    writeFileSync(file, 'previous export');
    async function* failing(): AsyncGenerator<AttemptRow> {
      yield base;
      throw new Error('disk of attempts unreadable');
    }
    await expect(writeCsv(failing(), ATTEMPTS_TABLE, { dialect: 'rfc4180', lang: 'fr' }, file)).rejects.toThrow('disk of attempts unreadable');
    expect(readFileSync(file, 'utf8')).toBe('previous export');
    expect(readdirSync(dir)).toEqual(['keep.csv']);
  });

  it('write to a caller’s stream and count its bytes', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const result = await writeCsv(ROWS, ATTEMPTS_TABLE, { dialect: 'rfc4180', lang: 'fr' }, sink);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(result).toEqual({ rows: ROWS.length, bytes: Buffer.byteLength(text) });
    expect(parseCsv(text, ',')).toHaveLength(ROWS.length + 1);
  });
});

async function readXlsx(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

describe('XLSX', () => {
  const phases: PhaseRow[] = [
    { attemptId: base.attemptId, traineeName: 'Awa Diallo', scenarioId: 'guichet', phase: 'seduction', decisions: 3, empathy: 83.3, proactivity: 100, empathyLost: 1, proactivityLost: 0, pointsLost: 1 },
    { attemptId: base.attemptId, traineeName: 'Awa Diallo', scenarioId: 'guichet', phase: 'ancrage', decisions: 1, empathy: null, proactivity: 0, empathyLost: 0, proactivityLost: 2.5, pointsLost: 2.5 },
  ];

  it('reads back with typed numbers, dates and booleans equal to the rows, a frozen header and an autofilter on each sheet', async () => {
    const file = join(dir, 'report.xlsx');
    const result = await writeXlsx([xlsxSheet(ATTEMPTS_TABLE, ROWS), xlsxSheet(PHASES_TABLE, phases)], { lang: 'fr' }, file);
    expect(result.sheets).toEqual([{ table: 'attempts', name: 'Rencontres', rows: ROWS.length }, { table: 'phases', name: 'Scores par phase', rows: phases.length }]);
    const workbook = await readXlsx(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Rencontres', 'Scores par phase']);
    for (const [sheet, table, rows] of [[workbook.worksheets[0]!, ATTEMPTS_TABLE, ROWS], [workbook.worksheets[1]!, PHASES_TABLE, phases]] as const) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const last = String.fromCharCode(64 + table.columns.length);
      expect(sheet.autoFilter).toBe(`A1:${last}${rows.length + 1}`);
      expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.header.fr)]);
      expect(sheet.rowCount).toBe(rows.length + 1);
      for (const [r, row] of (rows as unknown as readonly Record<string, unknown>[]).entries()) {
        (table.columns as unknown as readonly Column<Record<string, unknown>>[]).forEach((c, i) => {
          const cell = sheet.getRow(r + 2).getCell(i + 1);
          const v = row[c.key];
          const where = `${sheet.name} ${c.key} row ${r + 1}`;
          if (v === null) return expect(cell.value, where).toBeNull();
          if (c.type === 'date') {
            expect(cell.type, where).toBe(ExcelJS.ValueType.Date);
            expect(cell.value, where).toEqual(excelLocalDate(v as Date));
            expect(cell.numFmt, where).toMatch(/h/);
          } else if (c.type === 'integer' || c.type === 'decimal') {
            expect(cell.type, where).toBe(ExcelJS.ValueType.Number);
            expect(cell.value, where).toBe(v);
          } else if (c.type === 'boolean') {
            expect(cell.type, where).toBe(ExcelJS.ValueType.Boolean);
            expect(cell.value, where).toBe(v);
          } else {
            expect(cell.type, where).toBe(ExcelJS.ValueType.String);
            const text = c.type === 'code' ? c.labels![v as string]!.fr : (v as string);
            // Excel's in-cell line break is LF: CR LF and CR become LF.
            expect(cell.value, where).toBe((/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/\r\n?/g, '\n'));
          }
        });
      }
    }
    // The hostile name is a string cell starting with a quote, never a formula.
    const hostile = workbook.worksheets[0]!.getRow(3).getCell(ATTEMPTS_TABLE.columns.findIndex((c) => c.key === 'traineeName') + 1);
    expect(hostile.type).toBe(ExcelJS.ValueType.String);
    expect(hostile.formula).toBeUndefined();
    expect(hostile.value).toBe(`'${HOSTILE_NAME}`);
  });

  it('names its sheets and headers in English when asked', async () => {
    const file = join(dir, 'report-en.xlsx');
    await writeXlsx([xlsxSheet(ATTEMPTS_TABLE, ROWS.slice(0, 1)), xlsxSheet(PHASES_TABLE, phases)], { lang: 'en' }, file);
    const workbook = await readXlsx(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Attempts', 'Phase scores']);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...ATTEMPTS_TABLE.columns.map((c) => c.header.en)]);
    expect(workbook.worksheets[0]!.getRow(2).getCell(ATTEMPTS_TABLE.columns.findIndex((c) => c.key === 'kind') + 1).value).toBe('assessed');
  });

  it('refuses, before writing anything, a sheet announced past Excel’s 1,048,576 rows, with a French and English message', async () => {
    const file = join(dir, 'too-big.xlsx');
    const error = await writeXlsx([xlsxSheet(ATTEMPTS_TABLE, ROWS), xlsxSheet(DECISIONS_TABLE, [], XLSX_MAX_DATA_ROWS + 1)], { lang: 'fr' }, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XlsxRowLimitError);
    const e = error as XlsxRowLimitError;
    expect(e).toMatchObject({ code: 'xlsx-row-limit', table: 'decisions', rows: 1_048_576, limit: 1_048_575 });
    expect(e.messages.fr).toMatch(/feuille « Décisions » en aurait 1\s048\s576.*au plus 1\s048\s575.*CSV.*réduisez la sélection/);
    expect(e.messages.en).toMatch(/"Decisions" sheet would have 1,048,576.*at most 1,048,575.*CSV.*narrow the selection/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops when a sheet outgrows the limit while writing (a count that fell short), leaving no file', async () => {
    const file = join(dir, 'outgrown.xlsx');
    const error = await writeXlsx([xlsxSheet(ATTEMPTS_TABLE, ROWS, 2)], { lang: 'en', maxDataRows: 3 }, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XlsxRowLimitError);
    expect((error as XlsxRowLimitError).messages.en).toMatch(/more than 3/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails, rather than waits forever, when its output breaks while it waits for the zip', async () => {
    let received = 0;
    const failing = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > 20_000 ? new Error('ENOSPC: no space left on device') : null);
      },
    });
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ...base, attemptId: `a-${i}` }));
    await expect(writeXlsx([xlsxSheet(ATTEMPTS_TABLE, many)], { lang: 'fr', maxBacklogBytes: 1 }, failing)).rejects.toThrow(/ENOSPC|closed before/);
  });

  it('is the same workbook through a caller’s stream', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const result = await writeXlsx([xlsxSheet(PHASES_TABLE, phases)], { lang: 'fr' }, sink);
    const buffer = Buffer.concat(chunks);
    expect(result.bytes).toBe(buffer.length);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(3).getCell(PHASES_TABLE.columns.findIndex((c) => c.key === 'proactivityLost') + 1).value).toBe(2.5);
  });
});
