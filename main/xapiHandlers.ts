// HR's learning-record store channels over main/xapi: settings (the secret stays in main), the
// outbox's state, push now, retry failed batches, and every statement as a JSON file.
import { requireRole, type RoleContext } from './roleHandlers';
import { ConflictError, type Handlers } from './handlers';
import type { FileGate } from './files';
import { XapiError } from './xapi/messages';
import type { XapiService } from './xapi/service';

export interface XapiContext extends RoleContext {
  readonly xapi?: XapiService | undefined;
  readonly files?: FileGate | undefined;
  readonly now?: () => number;
}

/** Settings refused: the reason comes back as a value for the form, not as a failure of the call. */
export class XapiSettingsError extends Error {}

type XapiChannels = 'xapi:status' | 'xapi:configure' | 'xapi:remove' | 'xapi:push' | 'xapi:retry' | 'xapi:export';

export function createXapiHandlers(ctx: XapiContext): Pick<Handlers, XapiChannels> {
  const service = (session: string): XapiService => {
    requireRole(ctx, session, 'hr');
    if (!ctx.xapi) throw new ConflictError('xAPI is not available on this workstation');
    return ctx.xapi;
  };
  const status = (xapi: XapiService) => {
    const s = xapi.status(50);
    return { config: s.config, autoPush: s.autoPush, outbox: { ...s.outbox, batches: [...s.outbox.batches] } };
  };
  return {
    'xapi:status': async ({ session }) => status(service(session)),
    'xapi:configure': async ({ session, settings }) => {
      const xapi = service(session);
      try {
        await xapi.configure(settings);
      } catch (error) {
        if (error instanceof XapiError) return { ok: false as const, reason: error.code, message: error.text };
        throw error;
      }
      return { ok: true as const, status: status(xapi) };
    },
    'xapi:remove': async ({ session }) => {
      const xapi = service(session);
      await xapi.removeConfig();
      return status(xapi);
    },
    'xapi:push': async ({ session }) => {
      const xapi = service(session);
      const result = await xapi.pushNow();
      return { result: result.ran ? { ran: true as const, report: result.report } : { ran: false as const, reason: result.reason, message: result.message }, status: status(xapi) };
    },
    'xapi:retry': async ({ session }) => {
      const xapi = service(session);
      const requeued = await xapi.retryFailed();
      return { requeued, status: status(xapi) };
    },
    'xapi:export': async ({ session }) => {
      const xapi = service(session);
      if (!ctx.files) throw new ConflictError('no file transfer on this workstation');
      const stamp = new Date((ctx.now ?? Date.now)()).toISOString().slice(0, 10);
      const target = await ctx.files.prepare(`comptoir-xapi-${stamp}.json`);
      if (!target) return { cancelled: true as const };
      const { statements } = await xapi.exportStatements(target.path);
      return { cancelled: false as const, file: target.done(), statements };
    },
  };
}
