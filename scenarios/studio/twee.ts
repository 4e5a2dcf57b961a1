// Twee 3 import for the studio: passages become steps, links become choices, tags give phase,
// behaviour, emotion and ending; whatever cannot be mapped is reported, never silently lost.
import {
  BEHAVIOURS, EMOTIONS, IdSchema, PHASES,
  type Behaviour, type Emotion, type Outcome, type Phase, type ScenarioInput,
} from '../format/schema';
import type { TheoryId } from '../format/glossary';
import { MAX_SCENARIO_BYTES } from '../format/parse';
import type { Lang, LocalizedText } from '../format/text';
import { fixFrenchTypography } from '../format/typography';
import { canonicalText } from './canonical';
import { freshId, slugId } from './template';

export interface TweeNote {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  /** The Twee passage name the note is about. */
  readonly passage?: string;
}

export interface TweeImport {
  /** The scenario (schema-valid; graph problems may remain for the lint to show), or undefined. */
  readonly scenario: ScenarioInput | undefined;
  readonly notes: TweeNote[];
  /** How many passages became steps and how many links became choices. */
  readonly mapped: { passages: number; links: number };
}

/**
 * Twine draws a passage 100 × 100 on a 25-pixel grid; the studio's nodes are 260 × 120 with gaps of
 * 80 and 40 (scenarios/studio/layout.ts NODE, GAP). Positions are stretched so that passages that
 * sat side by side in Twine do not overlap in the studio.
 */
export const TWINE_SCALE = { x: 3.4, y: 1.6 } as const;

export const MAX_TWEE_PASSAGES = 20_000;
export const MAX_LINKS_PER_PASSAGE = 9;
/** Past this many notes of one code, one summary note gives the rest's count. */
const NOTES_PER_CODE = 20;
const MAX_TEXT = 4000;

type Params = Record<string, string | number>;
type Template = (p: Params) => string;

const list = (p: Params) => String(p['list']);
const CATALOGUE = {
  'twee.empty': { fr: () => 'Le fichier Twee est vide.', en: () => 'The Twee file is empty.' },
  'twee.not-twee': {
    fr: () => 'Ce n’est pas un fichier Twee 3 : aucune ligne ne commence par « :: », l’en-tête d’un passage.',
    en: () => 'This is not a Twee 3 file: no line starts with "::", the header of a passage.',
  },
  'twee.too-large': {
    fr: (p) => `Le fichier fait ${p['size']} Mo ; un scénario ne peut dépasser ${p['max']} Mo.`,
    en: (p) => `The file is ${p['size']} MB; a scenario cannot exceed ${p['max']} MB.`,
  },
  'twee.too-many-passages': {
    fr: (p) => `L’histoire a ${p['count']} passages ; un scénario a au plus ${p['max']} étapes.`,
    en: (p) => `The story has ${p['count']} passages; a scenario has at most ${p['max']} steps.`,
  },
  'twee.output-too-large': {
    fr: (p) => `Une fois converti, le scénario ferait ${p['size']} Mo, plus que les ${p['max']} Mo permis.`,
    en: (p) => `Once converted, the scenario would be ${p['size']} MB, more than the ${p['max']} MB allowed.`,
  },
  'twee.no-passages': {
    fr: () => 'L’histoire n’a aucun passage à convertir (seulement des passages spéciaux, scripts ou styles).',
    en: () => 'The story has no passage to convert (only special passages, scripts or stylesheets).',
  },
  'twee.preamble': { fr: () => 'Le texte avant le premier passage est ignoré.', en: () => 'The text before the first passage is ignored.' },
  'twee.empty-name': {
    fr: (p) => `Ligne ${p['line']} : un passage sans nom est ignoré.`,
    en: (p) => `Line ${p['line']}: a passage without a name is ignored.`,
  },
  'twee.duplicate-passage': {
    fr: (p) => `Deux passages s’appellent « ${p['name']} » (ligne ${p['line']}) : seul le premier est gardé.`,
    en: (p) => `Two passages are named "${p['name']}" (line ${p['line']}): only the first is kept.`,
  },
  'twee.bad-metadata': {
    fr: (p) => `Les métadonnées du passage « ${p['name']} » ne sont pas du JSON valide : ignorées.`,
    en: (p) => `The metadata of passage "${p['name']}" is not valid JSON: ignored.`,
  },
  'twee.bad-position': {
    fr: (p) => `Position illisible pour « ${p['name']} » (${p['value']}) : l’étape sera placée automatiquement.`,
    en: (p) => `Unreadable position for "${p['name']}" (${p['value']}): the step will be placed automatically.`,
  },
  'twee.bad-story-data': { fr: () => 'Le passage StoryData n’est pas du JSON valide : ignoré.', en: () => 'The StoryData passage is not valid JSON: ignored.' },
  'twee.start-missing': {
    fr: (p) => `StoryData désigne le passage de départ « ${p['name']} », qui n’existe pas : le scénario commence à « ${p['start']} ».`,
    en: (p) => `StoryData names the start passage "${p['name']}", which does not exist: the scenario starts at "${p['start']}".`,
  },
  'twee.special-passage': {
    fr: (p) => `Le passage « ${p['name']} » (${p['kind']}) est propre au format d’histoire : non converti.`,
    en: (p) => `Passage "${p['name']}" (${p['kind']}) belongs to the story format: not converted.`,
  },
  'twee.dropped-markup': {
    fr: (p) => `Passage « ${p['name']} » : retiré du texte, car Comptoir ne l’exécute pas — ${list(p)}.`,
    en: (p) => `Passage "${p['name']}": removed from the text, as Comptoir does not run it — ${list(p)}.`,
  },
  'twee.missing-link': {
    fr: (p) => `Passage « ${p['name']} » : le lien « ${p['text']} » mène au passage « ${p['target']} », qui n’existe pas ; choix abandonné.`,
    en: (p) => `Passage "${p['name']}": link "${p['text']}" leads to passage "${p['target']}", which does not exist; choice dropped.`,
  },
  'twee.external-link': {
    fr: (p) => `Passage « ${p['name']} » : le lien vers ${p['target']} sort de l’histoire ; non converti.`,
    en: (p) => `Passage "${p['name']}": the link to ${p['target']} leaves the story; not converted.`,
  },
  'twee.too-many-links': {
    fr: (p) => `Passage « ${p['name']} » : ${p['count']} liens, une étape offre au plus ${p['max']} choix ; les ${p['max']} premiers sont gardés.`,
    en: (p) => `Passage "${p['name']}": ${p['count']} links, a step offers at most ${p['max']} choices; the first ${p['max']} are kept.`,
  },
  'twee.ending-with-links': {
    fr: (p) => `Passage « ${p['name']} » : une fin ne propose pas de choix ; ses ${p['count']} lien(s) sont abandonnés.`,
    en: (p) => `Passage "${p['name']}": an ending offers no choices; its ${p['count']} link(s) are dropped.`,
  },
  'twee.dead-end-ending': {
    fr: (p) => `Passage « ${p['name']} » : ni lien ni étiquette de fin ; il devient une fin « passive » (ajoutez ending-prescriber, ending-passive ou ending-lost).`,
    en: (p) => `Passage "${p['name']}": no links and no ending tag; it becomes a "passive" ending (tag it ending-prescriber, ending-passive or ending-lost).`,
  },
  'twee.phase-inherited': {
    fr: (p) => `Passage « ${p['name']} » : pas d’étiquette de phase ; il prend celle de « ${p['from']} » (${p['phase']}).`,
    en: (p) => `Passage "${p['name']}": no phase tag; it takes the phase of "${p['from']}" (${p['phase']}).`,
  },
  'twee.phase-default': {
    fr: (p) => `Passage « ${p['name']} » : pas d’étiquette de phase ni de passage qui y mène ; phase seduction.`,
    en: (p) => `Passage "${p['name']}": no phase tag and no passage leading to it; phase seduction.`,
  },
  'twee.behaviour-default': {
    fr: (p) => `Passage « ${p['name']} » : pas d’étiquette de comportement ; les choix qui y mènent sont « reactive ».`,
    en: (p) => `Passage "${p['name']}": no behaviour tag; the choices leading to it are "reactive".`,
  },
  'twee.conflicting-tags': {
    fr: (p) => `Passage « ${p['name']} » : plusieurs étiquettes de ${p['kind']} (${list(p)}) ; la première est gardée.`,
    en: (p) => `Passage "${p['name']}": several ${p['kind']} tags (${list(p)}); the first is kept.`,
  },
  'twee.unknown-tags': { fr: (p) => `Étiquettes sans équivalent dans Comptoir, ignorées : ${list(p)}.`, en: (p) => `Tags with no meaning in Comptoir, ignored: ${list(p)}.` },
  'twee.empty-text': {
    fr: (p) => `Passage « ${p['name']} » : aucun texte après conversion ; réplique à écrire.`,
    en: (p) => `Passage "${p['name']}": no text left after conversion; line to write.`,
  },
  'twee.text-truncated': {
    fr: (p) => `Passage « ${p['name']} » : texte coupé à ${p['max']} caractères.`,
    en: (p) => `Passage "${p['name']}": text cut at ${p['max']} characters.`,
  },
  'twee.theory-default': {
    fr: (p) => `${p['count']} choix citent une idée par défaut selon leur phase (seduction-first, needs-first, service-reliability, anchoring) : choisissez la bonne.`,
    en: (p) => `${p['count']} choice(s) cite a default idea for their phase (seduction-first, needs-first, service-reliability, anchoring): pick the right one.`,
  },
  'twee.feedback-placeholder': {
    fr: (p) => `${p['count']} choix ont un retour provisoire : le formateur doit l’écrire.`,
    en: (p) => `${p['count']} choice(s) have placeholder feedback: the trainer must write it.`,
  },
  'twee.briefing-placeholder': {
    fr: () => 'Twee n’a pas de briefing : le lieu, le client et les objectifs sont à écrire.',
    en: () => 'Twee has no briefing: the setting, the customer and the objectives are to be written.',
  },
  'twee.title-default': { fr: () => 'Pas de passage StoryTitle : titre provisoire.', en: () => 'No StoryTitle passage: placeholder title.' },
  'twee.bad-id': {
    fr: (p) => `Identifiant « ${p['given']} » invalide ; « ${p['id']} » est utilisé.`,
    en: (p) => `Invalid id "${p['given']}"; "${p['id']}" is used instead.`,
  },
  'twee.more': {
    fr: (p) => `… et ${p['count']} autre(s) note(s) du même type (${p['code']}).`,
    en: (p) => `… and ${p['count']} more note(s) of the same kind (${p['code']}).`,
  },
} as const satisfies Record<string, Record<Lang, Template>>;
export type TweeNoteCode = keyof typeof CATALOGUE;

/** What markup was taken out of a text, by kind. */
interface Dropped { macros: number; setters: number; variables: number; html: number; comments: number; hooks: number }
const DROPPED_LABELS: Readonly<Record<keyof Dropped, Record<Lang, (n: number) => string>>> = {
  macros: { fr: (n) => `${n} macro(s) <<…>> ou (…:)`, en: (n) => `${n} macro(s) <<…>> or (…:)` },
  setters: { fr: (n) => `${n} lien(s) avec affectation [[…][…]]`, en: (n) => `${n} setter link(s) [[…][…]]` },
  variables: { fr: (n) => `${n} variable(s) $…`, en: (n) => `${n} variable(s) $…` },
  html: { fr: (n) => `${n} balise(s) HTML`, en: (n) => `${n} HTML tag(s)` },
  comments: { fr: (n) => `${n} commentaire(s)`, en: (n) => `${n} comment(s)` },
  hooks: { fr: (n) => `${n} crochet(s) de hook`, en: (n) => `${n} hook bracket(s)` },
};
const noneDropped = (): Dropped => ({ macros: 0, setters: 0, variables: 0, html: 0, comments: 0, hooks: 0 });

// --- Tags ------------------------------------------------------------------------------------

/** Tags compare without case or accents: `Séduction`, `seduction` and `SEDUCTION` are one. */
const tagKey = (tag: string) => tag.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();

const PHASE_TAGS: ReadonlyMap<string, Phase> = new Map(PHASES.map((p) => [p, p]));
/** Behaviour tags on a passage give the behaviour of the links INTO it: the tag describes how the
 * trainee got there (a passage reached by a passive answer is tagged `passive`), which is how Twine
 * authors tag a passage after the move that leads to it; a link has no tags of its own. */
const BEHAVIOUR_TAGS: ReadonlyMap<string, Behaviour> = new Map([
  ...BEHAVIOURS.map((b) => [b, b] as const),
  ['proactif', 'proactive'], ['reactif', 'reactive'], ['passif', 'passive'],
]);
const EMOTION_TAGS: ReadonlyMap<string, Emotion> = new Map([
  ...EMOTIONS.map((e) => [e, e] as const),
  ['neutre', 'neutral'], ['content', 'pleased'], ['contente', 'pleased'], ['satisfait', 'pleased'], ['satisfaite', 'pleased'],
  ['ravi', 'delighted'], ['ravie', 'delighted'], ['inquiet', 'worried'], ['inquiete', 'worried'], ['confus', 'confused'],
  ['confuse', 'confused'], ['perplexe', 'confused'], ['impatiente', 'impatient'], ['agace', 'annoyed'], ['agacee', 'annoyed'],
  ['colere', 'angry'], ['furieux', 'angry'], ['furieuse', 'angry'],
]);
/** Ending tags carry a prefix because `passive` alone is a behaviour: ending-passive / fin-passive
 * make a passive ending, ending-prescriber / fin-prescripteur a prescriber one, ending-lost /
 * fin-perdu a lost one (feminine French forms accepted too). */
const ENDING_TAGS: ReadonlyMap<string, Outcome> = new Map([
  ['ending-prescriber', 'prescriber'], ['fin-prescripteur', 'prescriber'], ['fin-prescriptrice', 'prescriber'],
  ['ending-passive', 'passive'], ['fin-passive', 'passive'], ['fin-passif', 'passive'],
  ['ending-lost', 'lost'], ['fin-perdu', 'lost'], ['fin-perdue', 'lost'],
]);

/** Passages and tags that belong to Twine, Harlowe or SugarCube rather than to the story. */
const SPECIAL_PASSAGES = new Set([
  'StoryInit', 'StoryMenu', 'StoryCaption', 'StoryBanner', 'StorySubtitle', 'StoryAuthor', 'StoryShare', 'StoryInterface',
  'StorySettings', 'StoryIncludes', 'StoryDisplayTitle', 'PassageReady', 'PassageDone', 'PassageHeader', 'PassageFooter',
]);
const SPECIAL_TAGS = new Set(['script', 'stylesheet', 'widget', 'header', 'footer', 'startup', 'debug-header', 'debug-footer', 'debug-startup', 'twine.private', 'annotation']);

const THEORY_BY_PHASE: Readonly<Record<Phase, TheoryId>> = {
  seduction: 'seduction-first',
  influence: 'needs-first',
  prestation: 'service-reliability',
  ancrage: 'anchoring',
};

// --- Parsing ---------------------------------------------------------------------------------

interface RawPassage {
  readonly name: string;
  readonly tags: string[];
  readonly position: { x: number; y: number } | undefined;
  readonly content: string;
  readonly line: number;
}

/** Header parts after `::`: the name and tags with escapes decoded, the raw metadata. */
function parseHeader(rest: string): { name: string; tags: string[]; metadata: string | undefined; twee2Position: string | undefined } {
  let i = 0;
  let name = '';
  // The name runs to the first unescaped [ or {; `\x` yields x (Twee 3).
  for (; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\' && i + 1 < rest.length) { name += rest[++i]!; continue; }
    if (c === '[' || c === '{') break;
    name += c;
  }
  let tags: string[] = [];
  if (rest[i] === '[') {
    let block = '';
    for (i++; i < rest.length; i++) {
      const c = rest[i]!;
      if (c === '\\' && i + 1 < rest.length) { block += rest[++i]!; continue; }
      if (c === ']') { i++; break; }
      block += c;
    }
    tags = block.split(/\s+/).filter((t) => t !== '');
  }
  const tail = rest.slice(i).trim();
  // Twee2 wrote the position as <x,y> after the name or the tags.
  let twee2Position: string | undefined;
  const twee2 = /<\s*([^<>,]*,[^<>]*)>\s*$/.exec(name);
  if (twee2 && tags.length === 0 && tail === '') { twee2Position = twee2[1]; name = name.slice(0, twee2.index); }
  const twee2AfterTags = /^<\s*([^<>,]*,[^<>]*)>\s*(.*)$/.exec(tail);
  if (twee2AfterTags) { twee2Position = twee2AfterTags[1]; }
  const metadata = twee2AfterTags ? (twee2AfterTags[2] === '' ? undefined : twee2AfterTags[2]) : tail === '' ? undefined : tail;
  return { name: name.trim(), tags, metadata, twee2Position };
}

/** "600,400" (or Twee2's "600, 400") as finite numbers. */
function parsePosition(value: unknown): { x: number; y: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(',');
  if (parts.length !== 2) return undefined;
  const [x, y] = parts.map((p) => (p.trim() === '' ? NaN : Number(p.trim())));
  return Number.isFinite(x) && Number.isFinite(y) ? { x: x!, y: y! } : undefined;
}

interface ParsedLink { readonly text: string; readonly target: string }

/**
 * The `[[…]]` links of a text (Twine's rules: a setter `][…]` is dropped; the rightmost `->`,
 * else the leftmost `<-`, else the last `|` divides text and target) and the text without them.
 * One forward scan per line: a line full of `[[` without `]]` costs no more than its length.
 */
function takeLinks(text: string, dropped: Dropped): { links: ParsedLink[]; rest: string } {
  const links: ParsedLink[] = [];
  let rest = '';
  let pos = 0;
  let newline = -1;
  for (;;) {
    const open = text.indexOf('[[', pos);
    if (open < 0) break;
    const close = text.indexOf(']]', open + 2);
    if (close < 0) break;
    if (newline >= 0 && newline < open) newline = -1;
    if (newline < 0) newline = text.indexOf('\n', open);
    if (newline < 0) newline = text.length;
    if (newline < close) { rest += text.slice(pos, newline + 1); pos = newline + 1; continue; }
    rest += text.slice(pos, open);
    pos = close + 2;
    let inner = text.slice(open + 2, close);
    const setter = inner.indexOf('][');
    if (setter >= 0) { inner = inner.slice(0, setter); dropped.setters++; }
    let label: string;
    let target: string;
    const arrow = inner.lastIndexOf('->');
    const back = inner.indexOf('<-');
    const pipe = inner.lastIndexOf('|');
    if (arrow >= 0) { label = inner.slice(0, arrow); target = inner.slice(arrow + 2); }
    else if (back >= 0) { target = inner.slice(0, back); label = inner.slice(back + 2); }
    else if (pipe >= 0) { label = inner.slice(0, pipe); target = inner.slice(pipe + 1); }
    else { label = inner; target = inner; }
    if (target.trim() !== '') links.push({ text: label, target: target.trim() });
  }
  return { links, rest: rest + text.slice(pos) };
}

/** Removes every `open … close` span (comments, SugarCube macros); an unclosed one stays. */
function removeSpans(text: string, open: string, close: string, onDrop: () => void): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const from = text.indexOf(open, pos);
    if (from < 0) break;
    const to = text.indexOf(close, from + open.length);
    if (to < 0) break;
    out += `${text.slice(pos, from)} `;
    pos = to + close.length;
    onDrop();
  }
  return out + text.slice(pos);
}

const HARLOWE_MACRO_NAME = /[A-Za-z][\w-]*:/y;

/** Removes Harlowe macro calls `(name: …)`, nested ones and strings inside them included, in one pass. */
function removeHarloweMacros(text: string, onDrop: () => void): string {
  const ranges: [number, number][] = [];
  const stack: { at: number; macro: boolean }[] = [];
  let macroDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (macroDepth > 0 && (c === '"' || c === "'")) {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '(') {
      HARLOWE_MACRO_NAME.lastIndex = i + 1;
      const macro = HARLOWE_MACRO_NAME.test(text);
      stack.push({ at: i, macro });
      if (macro) macroDepth++;
    } else if (c === ')' && stack.length > 0) {
      const top = stack.pop()!;
      if (top.macro && --macroDepth === 0) ranges.push([top.at, i + 1]);
    }
  }
  if (ranges.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const [from, to] of ranges) { out += `${text.slice(pos, from)} `; pos = to; onDrop(); }
  return out + text.slice(pos);
}

/** A passage's or a link's text with story-format code taken out, whitespace collapsed. */
function plainText(text: string, dropped: Dropped): string {
  let t = text;
  t = removeSpans(t, '/*', '*/', () => dropped.comments++);
  t = removeSpans(t, '<!--', '-->', () => dropped.comments++);
  t = removeSpans(t, '/%', '%/', () => dropped.comments++);
  t = removeSpans(t, '<<', '>>', () => dropped.macros++);
  t = removeHarloweMacros(t, () => dropped.macros++);
  t = t.replace(/\|[A-Za-z_][\w-]*>|<[A-Za-z_][\w-]*\|/g, () => { dropped.hooks++; return ''; });
  t = t.replace(/<\/?[A-Za-z][^<>\n]{0,1000}>/g, () => { dropped.html++; return ' '; });
  // $name and $name.field; a sentence's final dot after a variable stays.
  t = t.replace(/\$[A-Za-z_][\w.]*/g, (m) => {
    dropped.variables++;
    let end = m.length;
    while (m[end - 1] === '.') end--;
    return m.slice(end);
  });
  t = t.replace(/[[\]]/g, () => { dropped.hooks++; return ''; });
  return t.replace(/\s+/g, ' ').trim();
}

/** Cut to the format's 4,000 characters without splitting a surrogate pair. */
function capText(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_TEXT) return { text, cut: false };
  let end = MAX_TEXT;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end).trim(), cut: true };
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

/**
 * Imports a Twee 3 story as a scenario draft. Never throws: whatever the input, the result says
 * in `notes` (in `lang`) what was mapped, dropped or guessed; `scenario` is undefined only when
 * nothing usable can be made (empty, not Twee, too large).
 */
export function importTwee(text: string, options: { lang: 'fr' | 'en'; id?: string }): TweeImport {
  const lang: Lang = options.lang === 'en' ? 'en' : 'fr';
  const notes: TweeNote[] = [];
  const perCode = new Map<TweeNoteCode, number>();
  const note = (severity: TweeNote['severity'], code: TweeNoteCode, params: Params = {}, passage?: string) => {
    const n = (perCode.get(code) ?? 0) + 1;
    perCode.set(code, n);
    if (n > NOTES_PER_CODE) return;
    const message = (CATALOGUE[code][lang] as Template)(params);
    notes.push(passage === undefined ? { severity, code, message } : { severity, code, message, passage });
  };
  const failed = (code: TweeNoteCode, params: Params = {}): TweeImport => {
    note('error', code, params);
    return { scenario: undefined, notes, mapped: { passages: 0, links: 0 } };
  };

  if (typeof text !== 'string' || text.trim() === '') return failed('twee.empty');
  if (text.length > MAX_SCENARIO_BYTES) return failed('twee.too-large', { size: mb(text.length), max: mb(MAX_SCENARIO_BYTES) });
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  if (!lines.some((l) => l.startsWith('::'))) return failed('twee.not-twee');

  // Passages: a header line `::`, then content up to the next header (trailing blank lines dropped).
  const raw: { header: string; line: number; content: string[] }[] = [];
  let preamble = false;
  lines.forEach((l, i) => {
    if (l.startsWith('::')) raw.push({ header: l.slice(2), line: i + 1, content: [] });
    else if (raw.length > 0) raw[raw.length - 1]!.content.push(l);
    else if (l.trim() !== '') preamble = true;
  });
  if (preamble) note('info', 'twee.preamble');

  let title: string | undefined;
  let startName: string | undefined;
  const passages: RawPassage[] = [];
  const byName = new Map<string, number>();
  for (const r of raw) {
    const header = parseHeader(r.header);
    // Twine escapes a content line starting with :: as \:\: (or \::).
    const content = r.content.join('\n').replace(/^\\:\\?:/gm, '::').trimEnd();
    if (header.name === '') { note('error', 'twee.empty-name', { line: r.line }); continue; }
    const name = header.name;
    if (name === 'StoryTitle') { title = content.trim().split('\n')[0]?.trim() || undefined; continue; }
    if (name === 'StoryData') {
      try {
        const data = JSON.parse(content) as unknown;
        const start = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['start'] : undefined;
        if (typeof start === 'string' && start.trim() !== '') startName = start.trim();
      } catch {
        note('warning', 'twee.bad-story-data', {}, name);
      }
      continue;
    }
    const specialTag = header.tags.find((t) => SPECIAL_TAGS.has(t.toLowerCase()));
    if (SPECIAL_PASSAGES.has(name) || specialTag !== undefined) {
      note('info', 'twee.special-passage', { name, kind: specialTag ?? name }, name);
      continue;
    }
    if (byName.has(name)) { note('error', 'twee.duplicate-passage', { name, line: r.line }, name); continue; }
    let position: { x: number; y: number } | undefined;
    if (header.metadata !== undefined) {
      try {
        const meta = JSON.parse(header.metadata) as unknown;
        const value = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)['position'] : undefined;
        if (value !== undefined) {
          position = parsePosition(value);
          if (!position) note('warning', 'twee.bad-position', { name, value: JSON.stringify(value) ?? String(value) }, name);
        }
      } catch {
        note('warning', 'twee.bad-metadata', { name }, name);
      }
    } else if (header.twee2Position !== undefined) {
      position = parsePosition(header.twee2Position);
      if (!position) note('warning', 'twee.bad-position', { name, value: header.twee2Position }, name);
    }
    byName.set(name, passages.length);
    passages.push({ name, tags: header.tags, position, content, line: r.line });
  }
  if (passages.length === 0) return failed('twee.no-passages');
  if (passages.length > MAX_TWEE_PASSAGES) return failed('twee.too-many-passages', { count: passages.length, max: MAX_TWEE_PASSAGES });

  // Step ids first (choices' ids are built from them), then tags.
  const stepIds: string[] = [];
  const takenSteps = new Set<string>();
  passages.forEach((p, i) => {
    const id = freshId(slugId(p.name) === '' ? `passage-${i + 1}` : p.name, takenSteps);
    takenSteps.add(id);
    stepIds.push(id);
  });

  const unknownTags = new Set<string>();
  const tagged = passages.map((p) => {
    const phases: Phase[] = [];
    const behaviours: Behaviour[] = [];
    const emotions: Emotion[] = [];
    const endings: Outcome[] = [];
    for (const tag of p.tags) {
      const key = tagKey(tag);
      const phase = PHASE_TAGS.get(key);
      const behaviour = BEHAVIOUR_TAGS.get(key);
      const emotion = EMOTION_TAGS.get(key);
      const ending = ENDING_TAGS.get(key);
      if (phase) phases.push(phase);
      else if (behaviour) behaviours.push(behaviour);
      else if (emotion) emotions.push(emotion);
      else if (ending) endings.push(ending);
      else unknownTags.add(tag);
    }
    const first = <T,>(found: T[], kind: Record<Lang, string>): T | undefined => {
      if (new Set(found).size > 1) note('warning', 'twee.conflicting-tags', { name: p.name, kind: kind[lang], list: found.join(', ') }, p.name);
      return found[0];
    };
    return {
      phase: first(phases, { fr: 'phase', en: 'phase' }),
      behaviour: first(behaviours, { fr: 'comportement', en: 'behaviour' }),
      emotion: first(emotions, { fr: 'émotion', en: 'emotion' }),
      ending: first(endings, { fr: 'fin', en: 'ending' }),
    };
  });
  if (unknownTags.size > 0) {
    const names = [...unknownTags];
    note('info', 'twee.unknown-tags', { list: names.slice(0, 20).join(', ') + (names.length > 20 ? ', …' : '') });
  }

  // Texts and links.
  const customerLines: string[] = [];
  const outgoing: { text: string; target: number }[][] = [];
  passages.forEach((p, i) => {
    const dropped = noneDropped();
    const { links, rest } = takeLinks(p.content, dropped);
    const body = capText(plainText(rest, dropped));
    if (body.cut) note('warning', 'twee.text-truncated', { name: p.name, max: MAX_TEXT }, p.name);
    if (body.text === '') note('warning', 'twee.empty-text', { name: p.name }, p.name);
    customerLines.push(body.text);
    const kept: { text: string; target: number }[] = [];
    for (const link of links) {
      if (/^\w+:\/\/\/?\w/i.test(link.target)) { note('warning', 'twee.external-link', { name: p.name, target: link.target }, p.name); continue; }
      const target = byName.get(link.target);
      const label = capText(plainText(link.text, dropped)).text;
      if (target === undefined) {
        note('error', 'twee.missing-link', { name: p.name, text: label || link.target, target: link.target }, p.name);
        continue;
      }
      kept.push({ text: label === '' ? capText(link.target).text : label, target });
    }
    const markup = (Object.keys(dropped) as (keyof Dropped)[]).filter((k) => dropped[k] > 0);
    if (markup.length > 0) note('warning', 'twee.dropped-markup', { name: p.name, list: markup.map((k) => DROPPED_LABELS[k][lang](dropped[k])).join(', ') }, p.name);
    const ending = tagged[i]!.ending;
    if (ending && kept.length > 0) {
      note('warning', 'twee.ending-with-links', { name: p.name, count: kept.length }, p.name);
      kept.length = 0;
    }
    if (kept.length > MAX_LINKS_PER_PASSAGE) {
      note('error', 'twee.too-many-links', { name: p.name, count: kept.length, max: MAX_LINKS_PER_PASSAGE }, p.name);
      kept.length = MAX_LINKS_PER_PASSAGE;
    }
    if (!ending && kept.length === 0) note('warning', 'twee.dead-end-ending', { name: p.name }, p.name);
    outgoing.push(kept);
  });

  let start = 0;
  if (startName !== undefined) {
    const found = byName.get(startName);
    if (found === undefined) note('warning', 'twee.start-missing', { name: startName, start: passages[0]!.name });
    else start = found;
  } else if (byName.has('Start')) start = byName.get('Start')!;

  // Phases: a passage without a phase tag takes the phase of its predecessor — the passage whose
  // link first reaches it, breadth-first from the start, then from each passage not yet reached.
  const phase: (Phase | undefined)[] = passages.map((_, i) => tagged[i]!.phase);
  const seen = new Array<boolean>(passages.length).fill(false);
  const visit = (root: number) => {
    if (seen[root]) return;
    seen[root] = true;
    if (phase[root] === undefined) {
      phase[root] = 'seduction';
      note('info', 'twee.phase-default', { name: passages[root]!.name }, passages[root]!.name);
    }
    const queue = [root];
    for (let q = 0; q < queue.length; q++) {
      const from = queue[q]!;
      for (const { target } of outgoing[from]!) {
        if (seen[target]) continue;
        seen[target] = true;
        if (phase[target] === undefined) {
          phase[target] = phase[from];
          note('info', 'twee.phase-inherited', { name: passages[target]!.name, from: passages[from]!.name, phase: phase[from]! }, passages[target]!.name);
        }
        queue.push(target);
      }
    }
  };
  visit(start);
  passages.forEach((_, i) => visit(i));

  // Behaviour comes from the target passage (see BEHAVIOUR_TAGS); say once per target it is guessed.
  const linkedInto = new Set<number>();
  outgoing.forEach((kept) => kept.forEach((l) => linkedInto.add(l.target)));
  for (const target of [...linkedInto].sort((a, b) => a - b)) {
    if (!tagged[target]!.behaviour) note('info', 'twee.behaviour-default', { name: passages[target]!.name }, passages[target]!.name);
  }

  const feedback: LocalizedText = lang === 'fr'
    ? { fr: fixFrenchTypography('À écrire par le formateur : ce que ce choix fait au client, et l\'idée qu\'il applique.') }
    : { en: 'To be written by the trainer: what this choice does to the customer, and the idea it applies.' };
  const inLang = (s: string): LocalizedText => (lang === 'fr' ? { fr: s } : { en: s });
  const placeholderLine = inLang(lang === 'fr' ? 'Réplique du client à écrire.' : 'Customer line to write.');
  const takenChoices = new Set<string>();
  let choiceCount = 0;
  const positions: Record<string, { x: number; y: number }> = {};
  const steps: ScenarioInput['steps'] = passages.map((p, i) => {
    const id = stepIds[i]!;
    const stepPhase = phase[i]!;
    if (p.position) positions[id] = { x: Math.round(p.position.x * TWINE_SCALE.x), y: Math.round(p.position.y * TWINE_SCALE.y) };
    const choices = outgoing[i]!.map((link) => {
      const choiceId = freshId(`${id}-${stepIds[link.target]!}`, takenChoices);
      takenChoices.add(choiceId);
      choiceCount++;
      return {
        id: choiceId,
        text: inLang(link.text),
        behaviour: tagged[link.target]!.behaviour ?? 'reactive',
        empathy: 0,
        feedback,
        theory: THEORY_BY_PHASE[stepPhase],
        next: stepIds[link.target]!,
      };
    });
    const line = customerLines[i] === '' ? placeholderLine : inLang(customerLines[i]!);
    const customer = { line, emotion: tagged[i]!.emotion ?? 'neutral' };
    const outcome = tagged[i]!.ending ?? (choices.length === 0 ? 'passive' : undefined);
    return outcome === undefined
      ? { id, phase: stepPhase, customer, choices }
      : { id, phase: stepPhase, customer, ending: { outcome } };
  });
  if (choiceCount > 0) {
    note('info', 'twee.theory-default', { count: choiceCount });
    note('warning', 'twee.feedback-placeholder', { count: choiceCount });
  }

  if (title === undefined) note('info', 'twee.title-default');
  const titleText = capText(title ?? (lang === 'fr' ? 'Histoire Twee importée' : 'Imported Twee story')).text;
  let scenarioId: string;
  if (options.id !== undefined && IdSchema.safeParse(options.id).success) scenarioId = options.id;
  else {
    scenarioId = freshId(options.id ?? titleText, new Set());
    if (options.id !== undefined) note('warning', 'twee.bad-id', { given: options.id, id: scenarioId });
  }
  note('info', 'twee.briefing-placeholder');

  const scenario: ScenarioInput = {
    formatVersion: 1,
    id: scenarioId,
    version: 1,
    mainLanguage: lang,
    title: inLang(titleText),
    briefing: {
      setting: inLang(lang === 'fr' ? 'Lieu et moment de la rencontre, à décrire.' : 'Where and when the encounter happens, to be described.'),
      customer: { name: lang === 'fr' ? 'Client' : 'Customer', loyalty: { pattern: 'mixed', basis: 'functional' } },
      objectives: [inLang(lang === 'fr' ? 'Objectif du stagiaire, à écrire.' : 'The trainee’s objective, to be written.')],
      difficulty: 'beginner',
      estimatedMinutes: Math.min(120, Math.max(1, Math.ceil(steps.length / 2))),
    },
    meters: { mood: 50, trust: 50, patience: 70 },
    rules: {},
    start: stepIds[start]!,
    steps,
    ...(Object.keys(positions).length > 0 ? { editor: { positions } } : {}),
  };

  const size = canonicalText(scenario).length;
  if (size > MAX_SCENARIO_BYTES) return failed('twee.output-too-large', { size: mb(size), max: mb(MAX_SCENARIO_BYTES) });

  for (const [code, n] of perCode) {
    if (n > NOTES_PER_CODE) notes.push({ severity: 'info', code: 'twee.more', message: (CATALOGUE['twee.more'][lang] as Template)({ count: n - NOTES_PER_CODE, code }) });
  }
  return { scenario, notes, mapped: { passages: steps.length, links: choiceCount } };
}
