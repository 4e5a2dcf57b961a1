// Lints the draft after every edit in a worker; a result for an older draft than the last one
// sent is dropped. Where workers are unavailable, the lint runs on the main thread after a pause.
import { useEffect, useRef, useState } from 'react';
import { lintDraft, type LintReply, type LintRequest } from './lintDraft';

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
  // One lint at a time: edits made while the worker is busy wait, and only the latest is sent.
  const busy = useRef(false);
  const waiting = useRef<LintRequest | undefined>(undefined);

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
          busy.current = true;
          started.postMessage(next);
        }
        if (reply.seq !== seq.current) return;
        const at = sentAt.current.get(reply.seq);
        sentAt.current.clear();
        setState({ ...reply, pending: false, ...(at === undefined ? {} : { latencyMs: performance.now() - at }) });
      };
      started.onerror = () => { worker.current = undefined; started.terminate(); };
    }
    return () => { started?.terminate(); worker.current = undefined; };
  }, []);

  useEffect(() => {
    const request: LintRequest = { seq: ++seq.current, text: JSON.stringify(doc), lang };
    sentAt.current.set(request.seq, performance.now());
    setState((s) => ({ ...s, pending: true }));
    const target = worker.current;
    if (target) {
      if (busy.current) waiting.current = request;
      else {
        busy.current = true;
        target.postMessage(request);
      }
      return undefined;
    }
    const timer = setTimeout(() => {
      const reply = lintDraft(request);
      if (reply.seq === seq.current) setState({ ...reply, pending: false, latencyMs: performance.now() - (sentAt.current.get(reply.seq) ?? performance.now()) });
    }, 150);
    return () => clearTimeout(timer);
  }, [doc, lang]);

  return state;
}
