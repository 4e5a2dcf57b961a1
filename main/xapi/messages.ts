// The French and English texts for every reason the xAPI module gives (a refused batch, a retry,
// a bad LRS setting), keyed by code, so HR's screens say why in the trainee's two languages.
import { fixFrenchTypography } from '../../scenarios/format/typography';

export type XapiReason =
  // permanent: the batch is marked failed and is not retried until HR asks
  | 'rejected' | 'unauthorized' | 'forbidden' | 'conflict' | 'not-found' | 'redirect' | 'http-error' | 'invalid-statement'
  // transient: the batch stays queued and is retried with back-off
  | 'rate-limited' | 'server-error' | 'network' | 'timeout' | 'not-configured'
  // settings
  | 'invalid-endpoint' | 'insecure-endpoint' | 'invalid-key' | 'invalid-secret' | 'secret-missing' | 'invalid-base';

export interface BilingualText {
  readonly fr: string;
  readonly en: string;
}

const TEXTS: Record<XapiReason, BilingualText> = {
  rejected: { fr: 'Le LRS a refusé ces déclarations comme invalides.', en: 'The LRS refused these statements as invalid.' },
  unauthorized: { fr: 'Le LRS a refusé la clé ou le secret : vérifiez les identifiants du LRS.', en: 'The LRS refused the key or secret: check the LRS credentials.' },
  forbidden: { fr: 'Ces identifiants n’ont pas le droit d’écrire des déclarations dans ce LRS.', en: 'These credentials may not write statements to this LRS.' },
  conflict: { fr: 'Le LRS détient déjà une déclaration de même identifiant mais de contenu différent.', en: 'The LRS already holds a statement with the same id but different content.' },
  'not-found': { fr: 'Aucun service de déclarations à cette adresse : vérifiez l’adresse du LRS (elle se termine souvent par /xAPI).', en: 'No statement service at this address: check the LRS address (it often ends in /xAPI).' },
  redirect: { fr: 'Le LRS renvoie vers une autre adresse : configurez directement celle-ci.', en: 'The LRS redirects to another address: configure that address instead.' },
  'http-error': { fr: 'Le LRS a répondu par une erreur.', en: 'The LRS answered with an error.' },
  'invalid-statement': { fr: 'Déclaration xAPI invalide : elle n’a pas été envoyée.', en: 'Invalid xAPI statement: it was not sent.' },
  'rate-limited': { fr: 'Le LRS demande de patienter : nouvel essai plus tard.', en: 'The LRS asks to slow down: it will be tried again later.' },
  'server-error': { fr: 'Le LRS est momentanément indisponible : nouvel essai plus tard.', en: 'The LRS is temporarily unavailable: it will be tried again later.' },
  network: { fr: 'LRS injoignable (réseau) : nouvel essai plus tard.', en: 'The LRS cannot be reached (network): it will be tried again later.' },
  timeout: { fr: 'Le LRS n’a pas répondu à temps : nouvel essai plus tard.', en: 'The LRS did not answer in time: it will be tried again later.' },
  'not-configured': { fr: 'Aucun LRS n’est configuré : les déclarations restent en attente.', en: 'No LRS is configured: the statements stay queued.' },
  'invalid-endpoint': { fr: 'Adresse du LRS invalide : indiquez une adresse complète, comme https://lrs.exemple.fr/xAPI.', en: 'Invalid LRS address: give a full address, like https://lrs.example.com/xAPI.' },
  'insecure-endpoint': { fr: 'Le LRS doit être joint en https (http n’est admis que sur cette machine, 127.0.0.1).', en: 'The LRS must be reached over https (http is only allowed on this machine, 127.0.0.1).' },
  'invalid-key': { fr: 'Clé du LRS invalide : 1 à 200 caractères, sans deux-points.', en: 'Invalid LRS key: 1 to 200 characters, no colon.' },
  'invalid-secret': { fr: 'Secret du LRS invalide : 1 à 500 caractères.', en: 'Invalid LRS secret: 1 to 500 characters.' },
  'invalid-base': { fr: 'Adresse de base invalide : indiquez une adresse http(s) complète, sans paramètres, comme https://comptoir.app/xapi.', en: 'Invalid base address: give a full http(s) address without parameters, like https://comptoir.app/xapi.' },
  'secret-missing': { fr: 'Le secret du LRS est introuvable ou illisible sur ce poste : saisissez-le à nouveau.', en: 'The LRS secret is missing or unreadable on this workstation: enter it again.' },
};

/** The text of a reason in both languages (French with its non-breaking spaces). */
export function xapiText(reason: XapiReason): BilingualText {
  const text = TEXTS[reason];
  return { fr: fixFrenchTypography(text.fr), en: text.en };
}

/** An error with a code the screens translate, and both texts for logs and plain callers. */
export class XapiError extends Error {
  override readonly name = 'XapiError';
  readonly text: BilingualText;
  constructor(readonly code: XapiReason, readonly detail?: string) {
    const text = xapiText(code);
    super(detail ? `${text.en} (${detail})` : text.en);
    this.text = text;
  }
}
