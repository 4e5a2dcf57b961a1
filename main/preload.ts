// The one bridge: a typed, minimal API on contextBridge. Never ipcRenderer, never the event.
import { contextBridge, ipcRenderer } from 'electron';
import type { ComptoirApi, Envelope } from './contract';
import { CHANNEL_NAMES } from './channels';

const api = {
  invoke: (channel, request) =>
    (CHANNEL_NAMES as readonly string[]).includes(channel)
      ? (ipcRenderer.invoke(channel, request) as Promise<Envelope<never>>)
      : Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: 'no such channel', retryable: false } }),
} satisfies ComptoirApi;

contextBridge.exposeInMainWorld('comptoir', api);
