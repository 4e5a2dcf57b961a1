// The typed errors of the access module: a refused PIN (with the rule it breaks), a setup on a role
// already set, an operation without a valid session, and an auth file that cannot be trusted.
import type { PinProblem } from './pin';

export type AuthErrorCode =
  | PinProblem
  | 'already-set'
  | 'not-signed-in'
  | 'auth-file-corrupt'
  | 'auth-file-newer';

export class AuthError extends Error {
  override readonly name: string = 'AuthError';
  constructor(readonly code: AuthErrorCode, message: string) {
    super(message);
  }
}

/**
 * auth.json exists but cannot be read as a valid auth file (or was written by a newer Comptoir).
 * Access stays refused: treating it as "no PIN set" would let anyone at the workstation set one.
 */
export class AuthFileError extends AuthError {
  override readonly name = 'AuthFileError';
  constructor(code: 'auth-file-corrupt' | 'auth-file-newer', readonly path: string, detail: string) {
    super(code, `${path}: ${detail}`);
  }
}
