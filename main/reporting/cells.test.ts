// Cell values: formula-injection neutralising as OWASP recommends, and each dialect's numbers and dates.
import { describe, expect, it } from 'vitest';
import { csvCell, excelLocalDate, frenchDate, neutralise, xlsxCell } from './cells';
import { ATTEMPTS_TABLE, type Column } from './columns';
import type { AttemptRow } from './rows';

const column = (key: keyof AttemptRow): Column<AttemptRow> => ATTEMPTS_TABLE.columns.find((c) => c.key === key)!;

describe('formula injection (OWASP CSV injection)', () => {
  it.each(['=HYPERLINK("http://evil.example","x")', '+33 6 12 34 56 78', '-2+3', '@SUM(A1:A9)', '\tcmd', '\rcmd'])('puts a single quote before %j', (value) => {
    expect(neutralise(value)).toBe(`'${value}`);
  });

  it.each(['Awa Diallo', 'a=b', ' =1', '', "'déjà cité", '3 + 4'])('leaves %j as it is', (value) => {
    expect(neutralise(value)).toBe(value);
  });

  it('applies to text and coded cells in CSV and XLSX, never to numbers', () => {
    expect(csvCell(column('traineeName'), '=1+1', 'excel-fr', 'fr')).toBe("'=1+1");
    expect(xlsxCell(column('traineeName'), '@x', 'en')).toBe("'@x");
    expect(csvCell(column('overall'), -5.5, 'excel-fr', 'fr')).toBe('-5,5');
    expect(xlsxCell(column('overall'), -5.5, 'fr')).toBe(-5.5);
  });
});

describe('CSV cells', () => {
  it('write decimals with a comma for Excel (France) and a point for RFC 4180, never with an exponent', () => {
    expect(csvCell(column('overall'), 72.5, 'excel-fr', 'fr')).toBe('72,5');
    expect(csvCell(column('overall'), 72.5, 'rfc4180', 'fr')).toBe('72.5');
    expect(csvCell(column('customerValue'), 0.0000001, 'rfc4180', 'en')).toBe('0.0000001');
    expect(csvCell(column('decisions'), 12, 'excel-fr', 'fr')).toBe('12');
  });

  it('write dates as JJ/MM/AAAA HH:MM in local time for Excel (France), as ISO 8601 for RFC 4180', () => {
    const d = new Date(2024, 0, 9, 7, 5, 59);
    expect(frenchDate(d)).toBe('09/01/2024 07:05');
    expect(csvCell(column('startedAt'), d, 'excel-fr', 'fr')).toBe(d.toLocaleString('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
    expect(csvCell(column('startedAt'), d, 'rfc4180', 'fr')).toBe(d.toISOString());
  });

  it('write coded values and booleans as words of the chosen language, and nothing for a missing value', () => {
    expect(csvCell(column('kind'), 'practice', 'rfc4180', 'fr')).toBe('entraînement');
    expect(csvCell(column('kind'), 'practice', 'rfc4180', 'en')).toBe('practice');
    expect(csvCell(column('passed'), true, 'excel-fr', 'fr')).toBe('oui');
    expect(csvCell(column('passed'), false, 'rfc4180', 'en')).toBe('no');
    expect(csvCell(column('overall'), null, 'excel-fr', 'fr')).toBe('');
  });
});

describe('XLSX cells', () => {
  it('hold dates at the local clock time, since Excel has no time zones', () => {
    const d = new Date(2024, 6, 14, 23, 30);
    const shifted = excelLocalDate(d);
    expect([shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes()]).toEqual([2024, 6, 14, 23, 30]);
    expect(xlsxCell(column('startedAt'), d, 'fr')).toEqual(shifted);
  });
});
