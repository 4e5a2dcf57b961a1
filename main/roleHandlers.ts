// The trainer and HR access channels over main/auth, and the one check every trainer and HR
// handler makes first: a live session of its role, held by main (the browser token opens nothing more).
import type { Auth, Role } from './auth';
import { AuthError } from './auth';
import type { Handlers } from './handlers';

/** A trainer or HR channel called without a live session of its role (never signed in, locked, idle). */
export class AuthRequiredError extends Error {
  override readonly name = 'AuthRequiredError';
}

export interface RoleContext {
  /** Undefined when auth.json cannot be trusted: trainer and HR stay closed, trainees carry on. */
  readonly auth?: Auth | undefined;
  /** Why auth is unavailable (an AuthErrorCode), for the screens. */
  readonly authProblem?: string;
}

export function requireRole(ctx: RoleContext, session: string, role: Role): void {
  if (!ctx.auth?.check(session, role)) throw new AuthRequiredError(`a ${role} session is required`);
}

const refused = (reason: string) => ({ ok: false as const, reason, waitMs: 0 });

/** PIN rules broken or a role already set come back as a refusal with their reason, not an error. */
async function guarded<T>(work: () => Promise<T>): Promise<T | ReturnType<typeof refused>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError && !error.code.startsWith('auth-file')) return refused(error.code);
    throw error;
  }
}

type RoleChannels = 'roles:status' | 'roles:setup' | 'roles:unlock' | 'roles:recover' | 'roles:change-pin' | 'roles:lock';

export function createRoleHandlers(ctx: RoleContext): Pick<Handlers, RoleChannels> {
  const closed = { set: false, waitMs: 0, triesLeft: 0 };
  const auth = (): Auth => {
    if (!ctx.auth) throw new AuthRequiredError(`trainer and HR access is unavailable (${ctx.authProblem ?? 'auth'})`);
    return ctx.auth;
  };
  return {
    'roles:status': async () => (ctx.auth
      ? { available: true, ...ctx.auth.status() }
      : { available: false, ...(ctx.authProblem ? { problem: ctx.authProblem } : {}), trainer: closed, hr: closed }),
    'roles:setup': ({ role, pin }) => guarded(async () => {
      const { recoveryCode, token } = await auth().setup(role, pin);
      return { ok: true as const, session: token, recoveryCode };
    }),
    'roles:unlock': async ({ role, pin }) => {
      const result = await auth().unlock(role, pin);
      return result.ok ? { ok: true as const, session: result.token } : { ...result };
    },
    'roles:recover': ({ role, recoveryCode, newPin }) => guarded(async () => {
      const result = await auth().recover(role, recoveryCode, newPin);
      return result.ok ? { ok: true as const, session: result.token, recoveryCode: result.recoveryCode } : { ...result };
    }),
    'roles:change-pin': ({ role, session, pin, newPin }) => guarded(async () => {
      requireRole(ctx, session, role);
      const result = await auth().changePin(session, role, pin, newPin);
      return result.ok ? { ok: true as const, recoveryCode: result.recoveryCode } : { ...result };
    }),
    'roles:lock': async ({ session }) => {
      ctx.auth?.lock(session);
      return {};
    },
  };
}
