// The French and English texts for every reason the access module gives, keyed by its codes, so
// the screens (and main's logs) say why a PIN or a try was refused. Pure: no node imports.
import { fixFrenchTypography } from '../../scenarios/format/typography';
import type { AuthErrorCode } from './errors';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH } from './pin';

export type AuthReason = AuthErrorCode | 'wrong-pin' | 'wrong-code' | 'wait' | 'not-set';
export type Locale = 'fr' | 'en';

const NBSP = '\u00a0';

/** "45 s", "2 min", "1 min 30 s". */
export function formatWait(waitMs: number, locale: Locale): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const sep = locale === 'fr' ? NBSP : ' ';
  if (minutes === 0) return `${seconds}${sep}s`;
  return rest === 0 ? `${minutes}${sep}min` : `${minutes}${sep}min ${rest}${sep}s`;
}

const TEXTS: Record<AuthReason, { readonly fr: string; readonly en: string }> = {
  'pin-not-digits': { fr: 'Le code PIN ne doit contenir que des chiffres.', en: 'The PIN must contain digits only.' },
  'pin-too-short': { fr: `Le code PIN doit compter au moins ${PIN_MIN_LENGTH} chiffres.`, en: `The PIN must have at least ${PIN_MIN_LENGTH} digits.` },
  'pin-too-long': { fr: `Le code PIN ne doit pas dépasser ${PIN_MAX_LENGTH} chiffres.`, en: `The PIN must not exceed ${PIN_MAX_LENGTH} digits.` },
  'pin-weak-repeated': { fr: 'Code trop facile à deviner : un seul chiffre répété.', en: 'Too easy to guess: one digit repeated.' },
  'pin-weak-sequence': { fr: 'Code trop facile à deviner : une suite de chiffres (comme 1234).', en: 'Too easy to guess: a run of digits (like 1234).' },
  'pin-weak-pattern': { fr: 'Code trop facile à deviner : un motif répété (comme 1212).', en: 'Too easy to guess: a repeated pattern (like 1212).' },
  'pin-weak-common': { fr: 'Code trop facile à deviner : il fait partie des plus utilisés.', en: 'Too easy to guess: it is one of the most used PINs.' },
  'already-set': { fr: 'Un code PIN existe déjà pour ce rôle : déverrouillez, ou utilisez le code de récupération.', en: 'A PIN is already set for this role: unlock, or use the recovery code.' },
  'not-signed-in': { fr: 'Session expirée ou absente : saisissez à nouveau le code PIN.', en: 'No session, or it has expired: enter the PIN again.' },
  'auth-file-corrupt': {
    fr: 'Le fichier des codes d’accès (auth.json) est illisible : l’accès formateur et RH reste fermé. Restaurez-le depuis une sauvegarde, ou supprimez-le pour définir de nouveaux codes.',
    en: 'The access file (auth.json) cannot be read: trainer and HR access stay closed. Restore it from a backup, or delete it to set new PINs.',
  },
  'auth-file-newer': {
    fr: 'Le fichier des codes d’accès a été écrit par une version plus récente de Comptoir : mettez l’application à jour.',
    en: 'The access file was written by a newer version of Comptoir: update the application.',
  },
  'wrong-pin': { fr: 'Code PIN incorrect.', en: 'Wrong PIN.' },
  'wrong-code': { fr: 'Code de récupération incorrect.', en: 'Wrong recovery code.' },
  wait: { fr: 'Trop d’essais : attendez {wait} avant de réessayer.', en: 'Too many tries: wait {wait} before trying again.' },
  'not-set': { fr: 'Aucun code PIN n’est encore défini pour ce rôle.', en: 'No PIN has been set for this role yet.' },
};

/** The text for a reason; `waitMs` fills in the wait where the text has one. */
export function authText(reason: AuthReason, locale: Locale, waitMs = 0): string {
  const text = TEXTS[reason][locale].replace('{wait}', formatWait(waitMs, locale));
  // The French texts are written with plain spaces; the non-breaking ones are put in here.
  return locale === 'fr' ? fixFrenchTypography(text) : text;
}
