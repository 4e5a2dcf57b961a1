// CSV writing through csv-stringify, streaming: "Excel (France)" (UTF-8 with BOM, ';', CRLF,
// decimal comma, JJ/MM/AAAA HH:MM local time) and RFC 4180 (',', CRLF, decimal point, ISO 8601).
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options } from 'csv-stringify';
import type { Lang } from '../../scenarios/format/text';
import { headersOf, type Table } from './columns';
import { csvCell, type CsvDialect } from './cells';
import { withOutput, type ExportOutput } from './output';
import { batchesOf } from './batches';

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
  return withOutput(output, async (stream) => {
    const stringifier = stringify(CSV_DIALECTS[dialect]);
    const written = pipeline(stringifier, stream);
    // Awaited at the end; a failing output meanwhile must not count as an unhandled rejection.
    written.catch(() => undefined);
    let count = 0;
    try {
      stringifier.write(headersOf(table, lang));
      for await (const batch of batchesOf(rows)) {
        for (const row of batch) {
          const line = new Array<string>(columns.length);
          for (let i = 0; i < columns.length; i++) {
            const column = columns[i]!;
            line[i] = csvCell(column, row[column.key], dialect, lang);
          }
          count++;
          // Back-pressure: wait for the file when csv-stringify's buffer is full.
          if (!stringifier.write(line)) await once(stringifier, 'drain');
        }
      }
      stringifier.end();
      await written;
    } catch (error) {
      stringifier.destroy(error as Error);
      await written.catch(() => undefined);
      throw error;
    }
    return { rows: count };
  });
}
