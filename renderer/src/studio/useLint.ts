// Lints the draft after every edit in a worker; a result for an older draft than the last one
// sent is dropped. Where workers are unavailable, the lint runs on the main thread after a pause.
import { useEffect, useRef, useState } from 'react';
import { IncrementalLint } from '../../../scenarios/engine/incremental';
import { DraftDiffer } from '../../../scenarios/studio/draftText';
import { lintDraft, type LintReply } from './lintDraft';

export interface LintState extends Partial<LintReply> {
  /** The draft changed since the shown result. */
  readonly pending: boolean;
  /** performance.now() between the edit and the result being shown (the studio bench reads it). */
  readonly latencyMs?: number;
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

export function useLint(doc: unknown, lang: 'fr' | 'en'): LintState {
  const [state, setState] = useState<LintState>({ pending: true });
  const worker = useRef<Worker | undefined>(undefined);
  const seq = useRef(0);
  const sentAt = useRef(new Map<number, number>());
  // One lint at a time: edits made while the worker is busy wait, and only the latest is sent. What
  // is sent is the difference from the draft sent before, so it is made when sent, not when edited.
  const busy = useRef(false);
  const waiting = useRef<{ seq: number; doc: unknown; lang: 'fr' | 'en' } | undefined>(undefined);
  const differ = useRef(new DraftDiffer());
  const local = useRef<IncrementalLint | undefined>(undefined);
  const post = (target: Worker, next: { seq: number; doc: unknown; lang: 'fr' | 'en' }) => {
    busy.current = true;
    target.postMessage({ seq: next.seq, draft: differ.current.next(next.doc), lang: next.lang });
  };

  useEffect(() => {
    const started = startWorker();
    worker.current = started;
    if (started) {
      started.onmessage = (event: MessageEvent<LintReply>) => {
        const reply = event.data;
        busy.current = false;
        const next = waiting.current;
        if (next) {
          waiting.current = undefined;
          post(started, next);
        }
        if (reply.seq !== seq.current) return;
        const at = sentAt.current.get(reply.seq);
        sentAt.current.clear();
        setState({ ...reply, pending: false, ...(at === undefined ? {} : { latencyMs: performance.now() - at }) });
      };
      // A worker that failed is not used again: the lint goes on in the page, from the whole draft.
      started.onerror = () => { worker.current = undefined; started.terminate(); differ.current.reset(); busy.current = false; };
    }
    return () => { started?.terminate(); worker.current = undefined; };
  }, []);

  useEffect(() => {
    const request = { seq: ++seq.current, doc, lang };
    sentAt.current.set(request.seq, performance.now());
    setState((s) => ({ ...s, pending: true }));
    const target = worker.current;
    if (target) {
      if (busy.current) waiting.current = request;
      else post(target, request);
      return undefined;
    }
    const timer = setTimeout(() => {
      local.current ??= new IncrementalLint();
      const reply = lintDraft({ seq: request.seq, draft: differ.current.next(request.doc), lang: request.lang }, local.current);
      if (reply.seq === seq.current) setState({ ...reply, pending: false, latencyMs: performance.now() - (sentAt.current.get(reply.seq) ?? performance.now()) });
    }, 150);
    return () => clearTimeout(timer);
  }, [doc, lang]);

  return state;
}
