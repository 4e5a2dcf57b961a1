// What a trainee reads when a call to main fails: the error's code in the interface language (main's
// own message is English and technical; it is kept only for codes with nothing better to say).
import i18next from 'i18next';
import { ApiError } from './api';

const KNOWN = new Set(['unreachable', 'storage-unavailable', 'not-found', 'conflict', 'invalid-request', 'invalid-decision', 'forbidden', 'internal', 'read-only', 'invalid-file', 'auth-required']);
/** Reasons main gives with some codes (studio drafts), each with its own sentence. */
const REASONS = new Set(['stale-revision', 'exists', 'in-trash', 'too-large', 'too-deep', 'not-json', 'not-object', 'id-mismatch']);

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError && error.reason && REASONS.has(error.reason)) return i18next.t(`errors.reasons.${error.reason}`);
  if (error instanceof ApiError && KNOWN.has(error.code)) return i18next.t(`errors.codes.${error.code}`);
  return i18next.t('errors.codes.internal');
}
