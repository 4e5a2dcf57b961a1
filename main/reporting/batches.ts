// Row streams that can also be read a batch at a time: one await per batch rather than per row,
// which at 100,000 attempts is seconds of promise machinery. Any AsyncIterable or Iterable works too.
export const BATCHES = Symbol('comptoir.reporting.batches');

/** An async iterable of rows that also hands them over in batches (the writers use those). */
export interface RowStream<R> extends AsyncIterable<R> {
  [BATCHES](): AsyncIterable<readonly R[]>;
}

/** Makes a row stream from a generator of batches; each iteration starts afresh. */
export function rowStream<R>(batches: () => AsyncGenerator<readonly R[]>): RowStream<R> {
  return {
    [BATCHES]: batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

const isRowStream = <R>(rows: object): rows is RowStream<R> => BATCHES in rows;

/** The rows in batches of up to `size` (a row stream's own batches as they come). */
export async function* batchesOf<R>(rows: AsyncIterable<R> | Iterable<R>, size = 1000): AsyncGenerator<readonly R[]> {
  if (isRowStream<R>(rows)) {
    yield* rows[BATCHES]();
    return;
  }
  let batch: R[] = [];
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      batch.push(row);
      if (batch.length >= size) { yield batch; batch = []; }
    }
  } else {
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= size) { yield batch; batch = []; }
    }
  }
  if (batch.length > 0) yield batch;
}
