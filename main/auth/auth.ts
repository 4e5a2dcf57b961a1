// Trainer and HR access: a PIN per role set on first use, checked against a slow hash, back-off
// after failed tries (persisted), one-time recovery codes, and idle-expiring sessions held in main.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_BACKOFF, remainingWait, settleClock, triesLeft, type BackoffPolicy } from './backoff';
import { AuthError } from './errors';
import { AUTH_FILE_NAME, ROLES, readAuthFile, writeAuthFile, type AuthData, type Role, type RoleRecord } from './file';
import { isPinShaped, pinProblem } from './pin';
import { DEFAULT_SCRYPT_COST, costDiffers, hashSecret, newRecoveryCode, normaliseRecoveryCode, verifySecret, type ScryptCost } from './secret';

export const DEFAULT_IDLE_MS = 10 * 60_000;

export interface AuthOptions {
  readonly dataDir: string;
  /** The one clock for back-off and sessions (tests pass a simulated one). */
  readonly now?: () => Date;
  readonly scryptCost?: ScryptCost;
  /** A session ends after this long without a successful check. */
  readonly idleMs?: number;
  readonly backoff?: BackoffPolicy;
}

export interface RoleStatus {
  readonly set: boolean;
  /** Milliseconds before a try is accepted; 0 when one may be made now. */
  readonly waitMs: number;
  /** Wrong tries still allowed before a wait starts. */
  readonly triesLeft: number;
}
export type AuthStatus = Readonly<Record<Role, RoleStatus>>;

export type Refusal =
  | { readonly ok: false; readonly reason: 'not-set'; readonly waitMs: 0 }
  | { readonly ok: false; readonly reason: 'wait'; readonly waitMs: number }
  | { readonly ok: false; readonly reason: 'wrong-pin' | 'wrong-code'; readonly waitMs: number; readonly triesLeft: number };

export type UnlockResult = { readonly ok: true; readonly token: string } | Refusal;
export type RecoverResult = { readonly ok: true; readonly recoveryCode: string; readonly token: string } | Refusal;
export type ChangePinResult = { readonly ok: true; readonly recoveryCode: string } | Refusal;

export interface Auth {
  readonly path: string;
  status(): AuthStatus;
  setup(role: Role, pin: string): Promise<{ recoveryCode: string; token: string }>;
  unlock(role: Role, pin: string): Promise<UnlockResult>;
  recover(role: Role, recoveryCode: string, newPin: string): Promise<RecoverResult>;
  changePin(token: string, role: Role, currentPin: string, newPin: string): Promise<ChangePinResult>;
  check(token: string, role: Role): boolean;
  lock(token: string): void;
  lockAll(): void;
}

interface Session {
  readonly role: Role;
  lastUsed: number;
}

const TOKEN_LENGTH = 43; // 32 bytes in base64url, unpadded
// Sessions are found by a digest of the token, so the map's lookup timing says nothing about tokens.
const sessionKey = (token: string) => createHash('sha256').update(token).digest('base64url');

function refusePin(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new AuthError(problem, `PIN refused: ${problem}`);
}

/** Opens the access state of a data dir. Throws AuthFileError when auth.json is damaged or newer. */
export async function createAuth(options: AuthOptions): Promise<Auth> {
  const path = join(options.dataDir, AUTH_FILE_NAME);
  const clock = options.now ?? (() => new Date());
  const nowMs = () => clock().getTime();
  const cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  if (!(idleMs > 0)) throw new RangeError('idleMs must be positive');

  let data: AuthData = await readAuthFile(path);
  const sessions = new Map<string, Session>();
  let queue: Promise<unknown> = Promise.resolve();

  // One operation at a time: parallel tries must each see the failures counted before them.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const record = (role: Role, now: number): RoleRecord | undefined => {
    const stored = data.roles[role];
    if (!stored) return undefined;
    const settled = settleClock(stored, now);
    // Kept in memory (the next write stores it), so the wait then runs down from here.
    if (settled !== stored) data = { roles: { ...data.roles, [role]: settled } };
    return settled;
  };

  // Memory follows the file only once the write succeeded: a disk that refuses fails closed.
  const save = async (role: Role, next: RoleRecord) => {
    const updated: AuthData = { roles: { ...data.roles, [role]: next } };
    await writeAuthFile(path, updated);
    data = updated;
  };

  const openSession = (role: Role, now: number): string => {
    for (const [key, s] of sessions) if (now - s.lastUsed >= idleMs) sessions.delete(key);
    const token = randomBytes(32).toString('base64url');
    sessions.set(sessionKey(token), { role, lastUsed: now });
    return token;
  };

  const endSessions = (role: Role, except?: string) => {
    for (const [key, s] of sessions) if (s.role === role && key !== except) sessions.delete(key);
  };

  const freshRecord = async (pin: string, now: number) => {
    const recoveryCode = newRecoveryCode();
    const [pinHash, recoveryHash] = await Promise.all([hashSecret(pin, cost), hashSecret(normaliseRecoveryCode(recoveryCode)!, cost)]);
    const next: RoleRecord = { pin: pinHash, recovery: recoveryHash, pinSetAt: new Date(now).toISOString(), failures: 0, lastFailureAt: null };
    return { recoveryCode, next };
  };

  /**
   * The shared gate of every secret check: refuse while a wait runs, without checking anything;
   * otherwise count the try as failed on disk *before* checking, so stopping the app mid-check
   * (or a crash) cannot give a free try; then check.
   */
  const gate = async (role: Role, rec: RoleRecord, now: number, checkSecret: () => Promise<boolean>, wrong: 'wrong-pin' | 'wrong-code'): Promise<Refusal | undefined> => {
    const waitMs = remainingWait(rec, now, policy);
    if (waitMs > 0) return { ok: false, reason: 'wait', waitMs };
    const counted: RoleRecord = { ...rec, failures: rec.failures + 1, lastFailureAt: now };
    await save(role, counted);
    if (await checkSecret()) return undefined;
    return { ok: false, reason: wrong, waitMs: remainingWait(counted, now, policy), triesLeft: triesLeft(counted, now, policy) };
  };

  const check = (token: string, role: Role): boolean => {
    if (typeof token !== 'string' || token.length !== TOKEN_LENGTH) return false;
    const key = sessionKey(token);
    const session = sessions.get(key);
    if (!session) return false;
    const now = nowMs();
    if (now - session.lastUsed >= idleMs) {
      sessions.delete(key);
      return false;
    }
    if (session.role !== role) return false;
    session.lastUsed = now;
    return true;
  };

  return {
    path,

    status() {
      const now = nowMs();
      const of = (role: Role): RoleStatus => {
        const rec = record(role, now);
        return rec ? { set: true, waitMs: remainingWait(rec, now, policy), triesLeft: triesLeft(rec, now, policy) } : { set: false, waitMs: 0, triesLeft: policy.freeTries };
      };
      return Object.fromEntries(ROLES.map((role) => [role, of(role)])) as Record<Role, RoleStatus>;
    },

    setup: (role, pin) => serial(async () => {
      if (data.roles[role]) throw new AuthError('already-set', `a PIN is already set for ${role}`);
      refusePin(pin);
      const now = nowMs();
      const { recoveryCode, next } = await freshRecord(pin, now);
      await save(role, next);
      return { recoveryCode, token: openSession(role, now) };
    }),

    unlock: (role, pin) => serial(async (): Promise<UnlockResult> => {
      const now = nowMs();
      const rec = record(role, now);
      if (!rec) return { ok: false, reason: 'not-set', waitMs: 0 };
      // A string that cannot be a PIN is a failed try too, but not worth a slow hash.
      const refused = await gate(role, rec, now, async () => isPinShaped(pin) && verifySecret(pin, rec.pin), 'wrong-pin');
      if (refused) return refused;
      // Right PIN: forget the failures; a hash made at an older cost is redone at today's.
      const pinHash = costDiffers(rec.pin, cost) ? await hashSecret(pin, cost) : rec.pin;
      await save(role, { ...rec, pin: pinHash, failures: 0, lastFailureAt: null });
      return { ok: true, token: openSession(role, now) };
    }),

    recover: (role, recoveryCode, newPin) => serial(async (): Promise<RecoverResult> => {
      const now = nowMs();
      const rec = record(role, now);
      if (!rec) return { ok: false, reason: 'not-set', waitMs: 0 };
      // The new PIN is judged first: a weak one costs neither a try nor the code.
      refusePin(newPin);
      const code = normaliseRecoveryCode(recoveryCode);
      const refused = await gate(role, rec, now, async () => code !== undefined && verifySecret(code, rec.recovery), 'wrong-code');
      if (refused) return refused;
      // The code is spent: the new record holds a new one. Whoever held the old PIN is signed out.
      const fresh = await freshRecord(newPin, now);
      await save(role, fresh.next);
      endSessions(role);
      return { ok: true, recoveryCode: fresh.recoveryCode, token: openSession(role, now) };
    }),

    changePin: (token, role, currentPin, newPin) => serial(async (): Promise<ChangePinResult> => {
      if (!check(token, role)) throw new AuthError('not-signed-in', `no valid ${role} session`);
      refusePin(newPin);
      const now = nowMs();
      const rec = record(role, now);
      if (!rec) throw new AuthError('not-signed-in', `no PIN set for ${role}`);
      const refused = await gate(role, rec, now, async () => isPinShaped(currentPin) && verifySecret(currentPin, rec.pin), 'wrong-pin');
      if (refused) return refused;
      const fresh = await freshRecord(newPin, now);
      await save(role, fresh.next);
      endSessions(role, sessionKey(token));
      return { ok: true, recoveryCode: fresh.recoveryCode };
    }),

    check,

    lock(token) {
      if (typeof token === 'string') sessions.delete(sessionKey(token));
    },

    lockAll() {
      sessions.clear();
    },
  };
}
