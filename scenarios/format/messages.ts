// Diagnostics: what the loader and the analysis say about a scenario file, in French and
// English, each located by its JSON path (turned into line:col by ./locate).
import type { Lang } from './text';

export type Severity = 'error' | 'warning' | 'info';
export type JsonPath = readonly (string | number)[];

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: MessageCode;
  readonly message: string;
  readonly path: JsonPath;
  /** 1-based, filled in by locateDiagnostics when the source text is known. */
  line?: number;
  column?: number;
}

type Params = Record<string, string | number>;
type Template = (p: Params) => string;

const CATALOGUE = {
  'file.empty': { fr: () => 'Le fichier est vide.', en: () => 'The file is empty.' },
  'file.binary': { fr: () => 'Ce fichier n’est pas du texte JSON (contenu binaire ou encodage autre que UTF-8).', en: () => 'This file is not JSON text (binary content or not UTF-8).' },
  'file.too-large': {
    fr: (p) => `Le fichier fait ${p['size']} Mo ; un scénario ne peut dépasser ${p['max']} Mo.`,
    en: (p) => `The file is ${p['size']} MB; a scenario cannot exceed ${p['max']} MB.`,
  },
  'file.too-deep': {
    fr: (p) => `Imbrication trop profonde (plus de ${p['max']} niveaux) : ce n’est pas un scénario Comptoir.`,
    en: (p) => `Nesting too deep (more than ${p['max']} levels): this is not a Comptoir scenario.`,
  },
  'json.syntax': { fr: (p) => `JSON invalide : ${p['what']}.`, en: (p) => `Invalid JSON: ${p['what']}.` },
  'json.not-object': { fr: () => 'Un scénario est un objet JSON { … }.', en: () => 'A scenario is a JSON object { … }.' },
  'format.newer': {
    fr: (p) => `Ce scénario a été créé par une version plus récente de Comptoir (format ${p['found']}, cette version lit jusqu’au format ${p['supported']}) : veuillez mettre Comptoir à jour.`,
    en: (p) => `This scenario was made by a newer Comptoir (format ${p['found']}; this version reads up to format ${p['supported']}): please update Comptoir.`,
  },
  'format.bad-version': { fr: (p) => `formatVersion doit être un entier positif (trouvé : ${p['found']}).`, en: (p) => `formatVersion must be a non-negative integer (found: ${p['found']}).` },
  'format.migrated': { fr: (p) => `Fichier au format ${p['from']}, converti au format ${p['to']} ; enregistrez-le pour le mettre à jour.`, en: (p) => `File in format ${p['from']}, converted to format ${p['to']}; save it to upgrade it.` },
  'schema': { fr: (p) => String(p['detail']), en: (p) => String(p['detail']) },
  'id.duplicate-step': { fr: (p) => `L’identifiant d’étape « ${p['id']} » est déjà utilisé.`, en: (p) => `Step id "${p['id']}" is already used.` },
  'id.duplicate-choice': { fr: (p) => `L’identifiant de choix « ${p['id']} » est déjà utilisé dans ce scénario.`, en: (p) => `Choice id "${p['id']}" is already used in this scenario.` },
  'id.duplicate-transition': { fr: (p) => `L’identifiant de transition « ${p['id']} » est déjà utilisé.`, en: (p) => `Transition id "${p['id']}" is already used.` },
  'ref.unknown-step': { fr: (p) => `Étape inconnue : « ${p['id']} ».`, en: (p) => `Unknown step: "${p['id']}".` },
  'step.unreachable': { fr: (p) => `L’étape « ${p['id']} » n’est jamais atteinte.`, en: (p) => `Step "${p['id']}" can never be reached.` },
  'step.dead-end': {
    fr: (p) => `Impasse : l’étape « ${p['id']} » n’a ni choix ni fin.`,
    en: (p) => `Dead end: step "${p['id']}" has neither choices nor an ending.`,
  },
  'step.ending-with-choices': { fr: (p) => `L’étape de fin « ${p['id']} » ne peut pas proposer de choix.`, en: (p) => `Ending step "${p['id']}" cannot offer choices.` },
  'step.ending-with-timer': { fr: (p) => `L’étape de fin « ${p['id']} » ne peut pas être minutée.`, en: (p) => `Ending step "${p['id']}" cannot have a timer.` },
  'step.self-loop': { fr: (p) => `Le choix « ${p['choice']} » ramène à sa propre étape « ${p['id']} » : boucle sans fin possible.`, en: (p) => `Choice "${p['choice']}" leads back to its own step "${p['id']}": a possible endless loop.` },
  'loop.no-exit': { fr: (p) => `Boucle sans sortie : depuis « ${p['id']} », aucune fin n’est atteignable.`, en: (p) => `Loop without an exit: no ending can be reached from "${p['id']}".` },
  'ending.none': { fr: () => 'Le scénario n’a aucune étape de fin.', en: () => 'The scenario has no ending step.' },
  'ending.outcome-missing': { fr: (p) => `Aucune fin « ${p['outcome']} » : le stagiaire ne peut pas la vivre.`, en: (p) => `No "${p['outcome']}" ending: the trainee can never reach it.` },
  'phase.missing': { fr: (p) => `Aucune étape en phase « ${p['phase']} ».`, en: (p) => `No step in the "${p['phase']}" phase.` },
  'phase.order': {
    fr: (p) => `Retour en arrière de phase : « ${p['from']} » → « ${p['to']} » (${p['id']}).`,
    en: (p) => `Phase goes backwards: "${p['from']}" → "${p['to']}" (${p['id']}).`,
  },
  'choice.no-effects': {
    fr: (p) => `Le choix « ${p['id']} » ne change ni l’humeur, ni la confiance, ni la patience du client : le stagiaire ne le verra pas réagir.`,
    en: (p) => `Choice "${p['id']}" changes neither the customer’s mood, trust nor patience: the trainee will not see the customer react.`,
  },
  'phase.no-proactive': { fr: (p) => `La phase « ${p['phase']} » n’offre aucun choix proactif.`, en: (p) => `The "${p['phase']}" phase never offers a proactive choice.` },
  'text.missing-main': { fr: (p) => `Texte absent dans la langue principale (${p['lang']}).`, en: (p) => `Text missing in the main language (${p['lang']}).` },
  'text.missing-translation': { fr: (p) => `Traduction manquante (${p['lang']}) : la langue principale sera affichée.`, en: (p) => `Missing translation (${p['lang']}): the main language will be shown.` },
  'text.typography': {
    fr: (p) => `Typographie française : ${p['what']} (« ${p['excerpt']} »).`,
    en: (p) => `French typography: ${p['what']} ("${p['excerpt']}").`,
  },
  'commitment.unknown': { fr: (p) => `Engagement inconnu : « ${p['id']} » n’est ni pris par un choix ni implicite.`, en: (p) => `Unknown commitment: "${p['id']}" is neither made by a choice nor implicit.` },
  'commitment.duplicate': { fr: (p) => `L’engagement implicite « ${p['id']} » est déclaré deux fois.`, en: (p) => `Implicit commitment "${p['id']}" is declared twice.` },
  'flag.never-set': { fr: (p) => `Le drapeau « ${p['id']} » est testé mais jamais posé.`, en: (p) => `Flag "${p['id']}" is tested but never set.` },
  'walkout.missing-step': {
    fr: () => 'Le client peut partir (humeur ou patience au plancher) mais rules.walkOut.step ne désigne aucune fin « perdu ».',
    en: () => 'The customer can walk out (mood or patience at its floor) but rules.walkOut.step names no "lost" ending.',
  },
  'walkout.not-lost': { fr: (p) => `L’étape de départ du client « ${p['id']} » doit être une fin « lost » avec walkOut: true.`, en: (p) => `Walk-out step "${p['id']}" must be a "lost" ending with walkOut: true.` },
  'bounds.detour': {
    fr: (p) => `À l’étape « ${p['id']} », le meilleur chemin préfère « ${p['taken']} » à « ${p['better']} », pourtant meilleur ici : le détour accumule plus de points. Rééquilibrez pour qu’un détour ne rapporte jamais plus que la voie directe.`,
    en: (p) => `At step "${p['id']}", the best path prefers "${p['taken']}" to "${p['better']}", which is better here: the detour collects more points. Rebalance so a detour never pays more than the direct route.`,
  },
  'bounds.approximate': { fr: (p) => `Boucle trop complexe autour de « ${p['id']} » : les bornes de score sont approchées.`, en: (p) => `Loop too complex around "${p['id']}": score bounds are approximate.` },
} as const satisfies Record<string, Record<Lang, Template>>;

export type MessageCode = keyof typeof CATALOGUE;

export function message(code: MessageCode, lang: Lang, params: Params = {}): string {
  return (CATALOGUE[code][lang] as Template)(params);
}

export function diagnostic(severity: Severity, code: MessageCode, path: JsonPath, lang: Lang, params: Params = {}): Diagnostic {
  return { severity, code, path, message: message(code, lang, params) };
}

/** `file:line:col: severity: message`, the form editors turn into links (severity stays English so problem matchers read it). */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line ?? 1}:${d.column ?? 1}: ${d.severity}: ${d.message}`;
}
