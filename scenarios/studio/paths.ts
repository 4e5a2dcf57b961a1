// What a diagnostic's JSON path means to a trainer: the step to focus on the graph, and a short
// label in French or English (« Étape accueil › choix 2 › texte (EN) »).
import type { JsonPath } from '../format/messages';
import type { Lang } from '../format/text';
import { getAt, isRecord, stepIndex, type Draft } from './edit';

/**
 * The step a path points into: ['steps', 12, …] → the id of steps[12]; a path into `start`, a
 * transition, the walk-out rule or a saved position → the step it names, if that step exists.
 */
export function stepOfPath(doc: Draft, path: JsonPath): string | undefined {
  const [head, second, third] = path;
  const existing = (id: unknown) => (typeof id === 'string' && stepIndex(doc, id) >= 0 ? id : undefined);
  if (head === 'steps' && typeof second === 'number') {
    const id = getAt(doc, ['steps', second, 'id']);
    return typeof id === 'string' ? id : undefined;
  }
  if (head === 'start') return existing(getAt(doc, ['start']));
  if (head === 'transitions' && typeof second === 'number') return existing(getAt(doc, ['transitions', second, 'to']));
  if (head === 'rules' && second === 'walkOut') return existing(getAt(doc, ['rules', 'walkOut', 'step']));
  if (head === 'editor' && second === 'positions') return existing(third);
  return undefined;
}

type Label = Readonly<Record<Lang, string>>;

/** Labels of the format's keys (ids of flags, steps and the like are shown as they are). */
const KEYS: Readonly<Record<string, Label>> = {
  $schema: { fr: 'schéma', en: 'schema' },
  formatVersion: { fr: 'version du format', en: 'format version' },
  id: { fr: 'identifiant', en: 'id' },
  version: { fr: 'version', en: 'version' },
  mainLanguage: { fr: 'langue principale', en: 'main language' },
  title: { fr: 'titre', en: 'title' },
  summary: { fr: 'résumé', en: 'summary' },
  briefing: { fr: 'briefing', en: 'briefing' },
  setting: { fr: 'cadre', en: 'setting' },
  customer: { fr: 'client', en: 'customer' },
  name: { fr: 'nom', en: 'name' },
  portrait: { fr: 'portrait', en: 'portrait' },
  loyalty: { fr: 'fidélité', en: 'loyalty' },
  pattern: { fr: 'type', en: 'pattern' },
  basis: { fr: 'fondement', en: 'basis' },
  explicitNeeds: { fr: 'besoins explicites', en: 'explicit needs' },
  implicitNeeds: { fr: 'besoins implicites', en: 'implicit needs' },
  objectives: { fr: 'objectifs', en: 'objectives' },
  difficulty: { fr: 'difficulté', en: 'difficulty' },
  estimatedMinutes: { fr: 'durée estimée', en: 'estimated minutes' },
  meters: { fr: 'jauges de départ', en: 'starting meters' },
  mood: { fr: 'humeur', en: 'mood' },
  trust: { fr: 'confiance', en: 'trust' },
  patience: { fr: 'patience', en: 'patience' },
  rules: { fr: 'règles', en: 'rules' },
  coldInfluence: { fr: 'influence à froid', en: 'cold influence' },
  trustBelow: { fr: 'seuil de confiance', en: 'trust threshold' },
  trustCost: { fr: 'coût en confiance', en: 'trust cost' },
  empathyCost: { fr: 'coût en empathie', en: 'empathy cost' },
  walkOut: { fr: 'départ du client', en: 'walk-out' },
  patienceAtOrBelow: { fr: 'seuil de patience', en: 'patience threshold' },
  moodAtOrBelow: { fr: 'seuil d’humeur', en: 'mood threshold' },
  step: { fr: 'étape', en: 'step' },
  openCommitmentMoodCost: { fr: 'coût d’un engagement non tenu', en: 'open commitment cost' },
  passMark: { fr: 'seuil de réussite', en: 'pass mark' },
  outcomeValues: { fr: 'valeur des issues', en: 'outcome values' },
  prescriber: { fr: 'prescripteur', en: 'prescriber' },
  passive: { fr: 'passif', en: 'passive' },
  lost: { fr: 'perdu', en: 'lost' },
  implicitCommitments: { fr: 'engagements implicites', en: 'implicit commitments' },
  transitions: { fr: 'transitions', en: 'transitions' },
  when: { fr: 'condition', en: 'condition' },
  to: { fr: 'destination', en: 'target' },
  phases: { fr: 'phases', en: 'phases' },
  start: { fr: 'étape de départ', en: 'start step' },
  steps: { fr: 'étapes', en: 'steps' },
  phase: { fr: 'phase', en: 'phase' },
  line: { fr: 'réplique', en: 'line' },
  emotion: { fr: 'émotion', en: 'emotion' },
  narration: { fr: 'narration', en: 'narration' },
  timer: { fr: 'minuteur', en: 'timer' },
  seconds: { fr: 'durée', en: 'seconds' },
  timeout: { fr: 'temps écoulé', en: 'timeout' },
  choices: { fr: 'choix', en: 'choices' },
  ending: { fr: 'fin', en: 'ending' },
  outcome: { fr: 'issue', en: 'outcome' },
  epilogue: { fr: 'épilogue', en: 'epilogue' },
  note: { fr: 'note', en: 'note' },
  text: { fr: 'texte', en: 'text' },
  behaviour: { fr: 'comportement', en: 'behaviour' },
  empathy: { fr: 'empathie', en: 'empathy' },
  effects: { fr: 'effets', en: 'effects' },
  commitment: { fr: 'engagement', en: 'commitment' },
  action: { fr: 'action', en: 'action' },
  label: { fr: 'libellé', en: 'label' },
  service: { fr: 'service', en: 'service' },
  reliability: { fr: 'fiabilité', en: 'reliability' },
  responsiveness: { fr: 'réactivité', en: 'responsiveness' },
  assurance: { fr: 'assurance', en: 'assurance' },
  tangibles: { fr: 'éléments tangibles', en: 'tangibles' },
  setFlags: { fr: 'drapeaux', en: 'flags' },
  feedback: { fr: 'retour', en: 'feedback' },
  theory: { fr: 'théorie', en: 'theory' },
  next: { fr: 'étape suivante', en: 'next step' },
  condition: { fr: 'condition', en: 'condition' },
  meter: { fr: 'jauge', en: 'meter' },
  op: { fr: 'comparaison', en: 'comparison' },
  value: { fr: 'valeur', en: 'value' },
  flag: { fr: 'drapeau', en: 'flag' },
  is: { fr: 'valeur attendue', en: 'expected value' },
  status: { fr: 'statut', en: 'status' },
  all: { fr: 'toutes', en: 'all of' },
  any: { fr: 'l’une de', en: 'any of' },
  not: { fr: 'non', en: 'not' },
  editor: { fr: 'éditeur', en: 'editor' },
  positions: { fr: 'positions', en: 'positions' },
};

/** Two keys read as one: a step's customer line rather than « client › réplique ». */
const PAIRS: Readonly<Record<string, Label>> = {
  'customer.line': { fr: 'réplique du client', en: 'customer line' },
  'customer.emotion': { fr: 'émotion du client', en: 'customer emotion' },
  'timer.seconds': { fr: 'durée du minuteur', en: 'time limit' },
  'timer.timeout': { fr: 'temps écoulé', en: 'timeout' },
};

/** Keys whose values are ids or free names: shown as they are. */
const NAMED_CHILDREN: ReadonlySet<string> = new Set(['setFlags', 'positions']);

/** An element of a list named by the list (« Étape accueil », « choix 2 »), or undefined for « n° 2 ». */
function elementLabel(list: string | number | undefined, i: number, element: unknown, lang: Lang): string | undefined {
  const n = i + 1;
  const id = isRecord(element) && typeof element['id'] === 'string' ? element['id'] : undefined;
  const named = (fr: string, en: string) => (lang === 'fr' ? `${fr} ${id ?? `n° ${n}`}` : `${en} ${id ?? `#${n}`}`);
  const counted = (fr: string, en: string) => (lang === 'fr' ? `${fr} ${n}` : `${en} ${n}`);
  switch (list) {
    case 'steps': return named('étape', 'step');
    case 'transitions': return named('transition', 'transition');
    case 'implicitCommitments': return named('engagement implicite', 'implicit commitment');
    case 'choices': return counted('choix', 'choice');
    case 'explicitNeeds': return counted('besoin explicite', 'explicit need');
    case 'implicitNeeds': return counted('besoin implicite', 'implicit need');
    case 'objectives': return counted('objectif', 'objective');
    default: return undefined;
  }
}

const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/**
 * A short label for a path, in `lang`: « Étape accueil › choix 2 › texte (EN) » / "Step accueil ›
 * choice 2 › text (EN)". Steps, transitions and implicit commitments are named by their id.
 */
export function describePath(doc: Draft, path: JsonPath, lang: Lang): string {
  if (lang !== 'fr' && lang !== 'en') throw new Error(`describePath: unknown language "${String(lang)}" (expected fr or en)`);
  const segments: string[] = [];
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const previous = path[i - 1];
    if ((key === 'fr' || key === 'en') && i === path.length - 1 && segments.length > 0) {
      segments[segments.length - 1] += ` (${key.toUpperCase()})`;
      break;
    }
    if (typeof key === 'number') {
      node = getAt(node, [key]);
      const label = elementLabel(previous, key, node, lang);
      if (label === undefined) segments.push(lang === 'fr' ? `n° ${key + 1}` : `#${key + 1}`);
      else segments[segments.length - 1] = label; // « étape accueil » rather than « étapes › étape accueil »
      continue;
    }
    const next = path[i + 1];
    // (No property of Object.prototype has a dot in its name.)
    const pair = typeof next === 'string' ? PAIRS[`${key}.${next}`] : undefined;
    if (pair) {
      segments.push(pair[lang]);
      node = getAt(node, [key, next!]);
      i++;
      continue;
    }
    const named = typeof previous === 'string' && NAMED_CHILDREN.has(previous);
    segments.push(!named && Object.hasOwn(KEYS, key) ? KEYS[key]![lang] : key);
    node = getAt(node, [key]);
  }
  if (segments.length === 0) return lang === 'fr' ? 'Scénario' : 'Scenario';
  segments[0] = capitalised(segments[0]!);
  return segments.join(' › ');
}
