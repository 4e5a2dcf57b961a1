// The renderer's one way to main: window.comptoir (Electron preload) or, in browser mode, an
// HTTP client to the local server with the per-run token. Same contract, same envelopes.
import type { Channel, ComptoirApi, Envelope, ReplyOf, RequestOf } from '../../main/contract';

declare global {
  interface Window {
    comptoir?: ComptoirApi;
  }
}

const TOKEN_KEY = 'comptoir.token';

function browserToken(): string | undefined {
  const match = /(?:^#|&)token=([0-9a-f]{64})/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

function httpApi(): ComptoirApi {
  const token = browserToken();
  return {
    async invoke(channel, request) {
      try {
        const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-comptoir-token': token ?? '' },
          body: JSON.stringify(request),
        });
        return (await response.json()) as Envelope<never>;
      } catch {
        return { ok: false, error: { code: 'unreachable', message: 'Comptoir’s local service does not answer', retryable: true } };
      }
    },
  };
}

export const api: ComptoirApi = window.comptoir ?? httpApi();
export const transport: 'electron' | 'http' = window.comptoir ? 'electron' : 'http';

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly retryable: boolean, readonly reason?: string) {
    super(message);
  }
}

/** Calls main and unwraps the envelope, throwing a typed ApiError. */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
  const envelope = await api.invoke(channel, request);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.retryable, envelope.error.reason);
  return envelope.value;
}

/** Browser mode: fetches a file main prepared (a one-time slot) and hands it to the browser as a download. */
export async function download(downloadId: string, fileName: string): Promise<void> {
  const response = await fetch(`/transfer/download/${encodeURIComponent(downloadId)}`, { method: 'POST', headers: { 'x-comptoir-token': browserToken() ?? '' } });
  if (!response.ok) throw new ApiError('not-found', `download ${response.status}`, false);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Browser mode: sends a file the user picked to main (an HR session is required) and returns its upload id. */
export async function upload(file: Blob, session: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/transfer/upload', { method: 'POST', headers: { 'x-comptoir-token': browserToken() ?? '', 'x-comptoir-session': session, 'content-type': 'application/octet-stream' }, body: file });
  } catch {
    throw new ApiError('unreachable', 'Comptoir’s local service does not answer', true);
  }
  const envelope = (await response.json()) as Envelope<{ uploadId: string }>;
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.retryable, envelope.error.reason);
  return envelope.value.uploadId;
}

