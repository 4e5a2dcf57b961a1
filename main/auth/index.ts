// The access module's public face: main wires createAuth into its handlers and checks a role's
// session on every trainer and HR channel; the texts give the screens each refusal's reason.
export { createAuth, DEFAULT_IDLE_MS, type Auth, type AuthOptions, type AuthStatus, type RoleStatus, type Refusal, type UnlockResult, type RecoverResult, type ChangePinResult } from './auth';
export { AuthError, AuthFileError, type AuthErrorCode } from './errors';
export { ROLES, AUTH_FILE_NAME, type Role } from './file';
export { authText, formatWait, type AuthReason, type Locale } from './messages';
export { pinProblem, PIN_MIN_LENGTH, PIN_MAX_LENGTH, type PinProblem } from './pin';
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './secret';
export { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
