// The access channels over a real auth.json: a PIN set once with its recovery code, refusals with
// their reasons, sessions bound to their role, and a damaged auth file that keeps both roles closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuth } from './auth';
import { createRoleHandlers, requireRole, type RoleContext } from './roleHandlers';
import { dispatch, type Handlers } from './handlers';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

async function context(): Promise<RoleContext> {
  return { auth: await createAuth({ dataDir: mkdtempSync(join(tmpdir(), 'comptoir-roles-')), scryptCost: FAST }) };
}

describe('the trainer and HR access channels', () => {
  it('set a PIN once, hand out a recovery code and a session of that role only', async () => {
    const ctx = await context();
    const roles = createRoleHandlers(ctx);
    expect((await roles['roles:status']({})).hr.set).toBe(false);
    const setUp = await roles['roles:setup']({ role: 'hr', pin: '482915' });
    expect(setUp).toMatchObject({ ok: true, recoveryCode: expect.stringMatching(/\S{16,}/) });
    const session = setUp.ok ? setUp.session! : '';
    expect(() => requireRole(ctx, session, 'hr')).not.toThrow();
    expect(() => requireRole(ctx, session, 'trainer')).toThrow(/trainer session is required/);
    expect(await roles['roles:setup']({ role: 'hr', pin: '739104' })).toMatchObject({ ok: false, reason: 'already-set' });
    expect((await roles['roles:status']({})).hr.set).toBe(true);
    await roles['roles:lock']({ session });
    expect(() => requireRole(ctx, session, 'hr')).toThrow();
  });

  it('refuse a weak PIN and a wrong one with their reasons, and unlock with the right one', async () => {
    const roles = createRoleHandlers(await context());
    expect(await roles['roles:setup']({ role: 'trainer', pin: '1234' })).toMatchObject({ ok: false, reason: 'pin-weak-sequence' });
    await roles['roles:setup']({ role: 'trainer', pin: '582047' });
    expect(await roles['roles:unlock']({ role: 'trainer', pin: '000111' })).toMatchObject({ ok: false, reason: 'wrong-pin', triesLeft: 2 });
    expect(await roles['roles:unlock']({ role: 'trainer', pin: '582047' })).toMatchObject({ ok: true, session: expect.any(String) });
  });

  it('keep both roles closed, with a typed error, when auth.json cannot be trusted', async () => {
    const roles = createRoleHandlers({ auth: undefined, authProblem: 'auth-file-corrupt' });
    expect(await roles['roles:status']({})).toMatchObject({ available: false, problem: 'auth-file-corrupt', hr: { set: false } });
    const envelope = await dispatch(roles as unknown as Handlers, 'roles:unlock', { role: 'hr', pin: '482915' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'auth-required' } });
  });
});
