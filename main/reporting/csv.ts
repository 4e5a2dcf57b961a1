// CSV writing through csv-stringify, streaming: "Excel (France)" (UTF-8 with BOM, ';', CRLF,
// decimal comma, JJ/MM/AAAA HH:MM local time) and RFC 4180 (',', CRLF, decimal point, ISO 8601).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options } from 'csv-stringify';
import type { Lang } from '../../scenarios/format/text';
import { headersOf, type Table } from './columns';
import { csvCell, type CsvDialect } from './cells';
import { withOutput, type ExportOutput } from './output';

export interface CsvOptions {
  readonly dialect: CsvDialect;
  readonly lang: Lang;
}

export interface CsvResult {
  readonly rows: number;
  readonly bytes: number;
}

export const CSV_DIALECTS: Readonly<Record<CsvDialect, Options>> = {
  // Excel in a French locale reads ';' and the decimal comma, and needs the BOM to see UTF-8.
  // With 'windows' record delimiters csv-stringify would leave a bare \n unquoted: quote any CR or LF.
  'excel-fr': { delimiter: ';', record_delimiter: 'windows', bom: true, quoted_match: /[\r\n]/ },
  'rfc4180': { delimiter: ',', record_delimiter: 'windows', bom: false, quoted_match: /[\r\n]/ },
};

/** Writes one table (a header line, then one line per row) and returns the counts. */
export async function writeCsv<R>(rows: AsyncIterable<R> | Iterable<R>, table: Table<R>, options: CsvOptions, output: ExportOutput): Promise<CsvResult> {
  const { dialect, lang } = options;
  const columns = table.columns;
  let count = 0;
  async function* lines(): AsyncGenerator<string[]> {
    yield headersOf(table, lang);
    for await (const row of rows) {
      const line = new Array<string>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        line[i] = csvCell(column, row[column.key], dialect, lang);
      }
      count++;
      yield line;
    }
  }
  return withOutput(output, async (stream) => {
    await pipeline(Readable.from(lines()), stringify(CSV_DIALECTS[dialect]), stream);
    return { rows: count };
  });
}
