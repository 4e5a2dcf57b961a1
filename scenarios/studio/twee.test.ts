import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { NODE } from './layout';
import { importTwee, MAX_TWEE_PASSAGES, type TweeImport } from './twee';
import { canonicalText } from './canonical';
import { loadScenario } from '../format/parse';
import { analyseSource } from '../engine/analysis';
import type { Scenario } from '../format/schema';

const hotel = readFileSync(fileURLToPath(new URL('../../tests/fixtures/twee/hotel.twee', import.meta.url)), 'utf8');

/** The import's scenario as the loader sees it (and proof that it loads). */
function loaded(result: TweeImport): Scenario {
  expect(result.scenario).toBeDefined();
  const load = loadScenario(canonicalText(result.scenario), 'en');
  expect(load.diagnostics).toEqual([]);
  return load.scenario!;
}
const codes = (result: TweeImport) => result.notes.map((n) => n.code);
const noteOf = (result: TweeImport, code: string) => result.notes.find((n) => n.code === code);
const step = (s: Scenario, id: string) => s.steps.find((st) => st.id === id)!;

describe('importTwee on tests/fixtures/twee/hotel.twee', () => {
  const result = importTwee(hotel, { lang: 'fr' });
  const s = loaded(result);

  it('maps every story passage to a step and every resolvable link to a choice', () => {
    expect(result.mapped).toEqual({ passages: 9, links: 10 });
    expect(s.steps.map((st) => [st.id, st.phase, st.customer.emotion, st.ending?.outcome ?? null])).toEqual([
      ['arrivee', 'seduction', 'worried', null],
      ['accueil', 'seduction', 'pleased', null],
      ['attente', 'seduction', 'annoyed', null],
      ['besoins', 'influence', 'neutral', null],
      ['chambre', 'prestation', 'delighted', null],
      ['depart', 'prestation', 'neutral', null],
      ['fidele', 'ancrage', 'delighted', 'prescriber'],
      ['au-revoir', 'ancrage', 'neutral', 'passive'],
      ['partie', 'ancrage', 'angry', 'lost'],
    ]);
    expect(s.start).toBe('arrivee');
    expect(s.title).toEqual({ fr: 'Hôtel des Quais : l’arrivée du soir' });
    expect(s.id).toBe('hotel-des-quais-l-arrivee-du-soir');
    expect(s.mainLanguage).toBe('fr');
  });

  it('turns links into choices: text, target, behaviour of the passage they lead into', () => {
    const choices = s.steps.flatMap((st) => st.choices.map((c) => [st.id, c.id, c.text, c.behaviour, c.next]));
    expect(choices).toEqual([
      ['arrivee', 'arrivee-accueil', { fr: 'Se lever, sourire et l’accueillir : « Bonsoir, bienvenue ! »' }, 'proactive', 'accueil'],
      ['arrivee', 'arrivee-attente', { fr: 'Finir d’abord sa ligne à l’écran' }, 'passive', 'attente'],
      ['accueil', 'accueil-besoins', { fr: 'Lui demander ce qui l’amène à Bordeaux' }, 'reactive', 'besoins'],
      ['attente', 'attente-besoins', { fr: 'Lui tendre la fiche à remplir' }, 'reactive', 'besoins'],
      ['attente', 'attente-partie', { fr: 'Continuer à taper sans lever les yeux' }, 'passive', 'partie'],
      ['besoins', 'besoins-chambre', { fr: 'Proposer une chambre calme côté cour, là où le wifi est le meilleur' }, 'proactive', 'chambre'],
      ['chambre', 'chambre-depart', { fr: 'Donner les horaires et le code wifi, puis vérifier avec elle que rien ne manque' }, 'reactive', 'depart'],
      ['chambre', 'chambre-depart-2', { fr: '« C’est écrit dans la chambre. »' }, 'reactive', 'depart'],
      ['depart', 'depart-fidele', { fr: 'Lui demander si tout s’est vraiment bien passé et lui remettre la carte de fidélité' }, 'proactive', 'fidele'],
      ['depart', 'depart-au-revoir', { fr: '« Bonne journée. »' }, 'reactive', 'au-revoir'],
    ]);
  });

  it('gives every choice empathy 0, the default idea of its phase and a placeholder feedback in the language', () => {
    const all = s.steps.flatMap((st) => st.choices.map((c) => ({ phase: st.phase, c })));
    for (const { phase, c } of all) {
      expect(c.empathy).toBe(0);
      expect(c.theory).toBe({ seduction: 'seduction-first', influence: 'needs-first', prestation: 'service-reliability', ancrage: 'anchoring' }[phase]);
      expect(c.feedback).toEqual({ fr: 'À écrire par le formateur\u00a0: ce que ce choix fait au client, et l’idée qu’il applique.' });
    }
  });

  it('keeps the passage text without links, macros or HTML as the customer line, in French only', () => {
    expect(step(s, 'arrivee').customer.line).toEqual({ fr: 'Une voyageuse entre, trempée, une valise à la main. Bonsoir… Il vous reste une chambre ?' });
    expect(step(s, 'besoins').customer.line).toEqual({ fr: 'Je suis là pour le travail : j’ai une visio à 22 h 15, il me faut un wifi qui tienne. Et une chambre calme, si possible.' });
    expect(step(s, 'depart').customer.line).toEqual({ fr: 'Le lendemain matin, elle rend sa clé. Merci, tout était parfait. Elle semble pressée.' });
  });

  it('keeps the Twine positions as editor positions, stretched to the studio’s node size', () => {
    const twine = {
      arrivee: { x: 100, y: 100 }, accueil: { x: 300, y: 100 }, attente: { x: 300, y: 250 }, besoins: { x: 500, y: 100 },
      chambre: { x: 700, y: 100 }, depart: { x: 900, y: 100 }, fidele: { x: 1100, y: 50 }, 'au-revoir': { x: 1100, y: 200 }, partie: { x: 500, y: 300 },
    };
    expect(s.editor?.positions).toEqual(Object.fromEntries(Object.entries(twine).map(([id, p]) => [id, { x: Math.round(p.x * 3.4), y: Math.round(p.y * 1.6) }])));
  });

  it('places passages that were side by side in Twine without the studio’s nodes overlapping', () => {
    const r = importTwee([':: A {"position":"100,100"}', '[[B]]', ':: B [fin-passive] {"position":"200,100"}', 'x', ':: C [fin-passive] {"position":"100,200"}', 'y'].join('\n'), { lang: 'fr' });
    const p = loaded(r).editor!.positions;
    expect(p['b']!.x - p['a']!.x).toBeGreaterThanOrEqual(NODE.width);
    expect(p['c']!.y - p['a']!.y).toBeGreaterThanOrEqual(NODE.height);
  });

  it('reports what it dropped, guessed or could not map, passage by passage', () => {
    expect(result.notes.map((n) => [n.severity, n.code, n.passage ?? null])).toEqual([
      ['info', 'twee.special-passage', 'Story JavaScript'],
      ['warning', 'twee.dropped-markup', 'Arrivée'],
      ['error', 'twee.missing-link', 'Accueil'],
      ['warning', 'twee.dropped-markup', 'Besoins'],
      ['warning', 'twee.dropped-markup', 'Chambre'],
      ['warning', 'twee.dropped-markup', 'Départ'],
      ['info', 'twee.phase-inherited', 'Accueil'],
      ['info', 'twee.phase-inherited', 'Attente'],
      ['info', 'twee.phase-inherited', 'Départ'],
      ['info', 'twee.behaviour-default', 'Besoins'],
      ['info', 'twee.behaviour-default', 'Départ'],
      ['info', 'twee.theory-default', null],
      ['warning', 'twee.feedback-placeholder', null],
      ['info', 'twee.briefing-placeholder', null],
    ]);
    expect(noteOf(result, 'twee.missing-link')?.message).toBe('Passage « Accueil » : le lien « Lui parler tout de suite de l’offre spa » mène au passage « Spa », qui n’existe pas ; choix abandonné.');
    expect(noteOf(result, 'twee.dropped-markup')?.message).toContain('1 macro(s)');
    expect(result.notes.find((n) => n.passage === 'Chambre')?.message).toContain('1 lien(s) avec affectation');
    expect(result.notes.find((n) => n.passage === 'Départ')?.message).toContain('2 balise(s) HTML');
    expect(noteOf(result, 'twee.feedback-placeholder')?.message).toMatch(/^10 choix/);
  });

  it('lints without schema errors (graph and translation findings are left for the studio to show)', () => {
    const analysis = analyseSource(canonicalText(result.scenario), 'fr');
    expect(analysis.scenario).toBeDefined();
    expect(analysis.diagnostics.filter((d) => d.code === 'schema')).toEqual([]);
    expect(analysis.diagnostics.some((d) => d.code === 'text.missing-translation')).toBe(true);
  });

  it('writes notes and texts in English when asked', () => {
    const en = importTwee(hotel, { lang: 'en' });
    const scenario = loaded(en);
    expect(scenario.mainLanguage).toBe('en');
    expect(step(scenario, 'fidele').customer.line.en).toMatch(/^Avec plaisir/);
    expect(step(scenario, 'fidele').customer.line.fr).toBeUndefined();
    expect(noteOf(en, 'twee.missing-link')?.message).toBe('Passage "Accueil": link "Lui parler tout de suite de l’offre spa" leads to passage "Spa", which does not exist; choice dropped.');
    expect(scenario.steps[0]!.choices[0]!.feedback).toEqual({ en: 'To be written by the trainer: what this choice does to the customer, and the idea it applies.' });
  });
});

describe('importTwee: Twee 3 syntax', () => {
  it('reads the four link forms, the rightmost -> and the leftmost <-, and drops setters', () => {
    const r = importTwee(':: A\nHi\n[[B]] [[go|B]] [[to->B]] [[B<-back]] [[x->y->B]] [[B<-p<-q]] [[set->B][$x to 1]]\n:: B [ending-lost]\nBye', { lang: 'en' });
    const s = loaded(r);
    expect(step(s, 'a').choices.map((c) => [c.text.en, c.next])).toEqual([
      ['B', 'b'], ['go', 'b'], ['to', 'b'], ['back', 'b'], ['x->y', 'b'], ['p<-q', 'b'], ['set', 'b'],
    ]);
    expect(step(s, 'a').customer.line.en).toBe('Hi');
    expect(r.notes.find((n) => n.code === 'twee.dropped-markup')?.message).toContain('1 setter link(s)');
  });

  it('reads CRLF and CR line ends and a BOM, and ignores text before the first passage with a note', () => {
    for (const eol of ['\r\n', '\r']) {
      const r = importTwee(['\uFEFFNotes de l’auteur', ':: A', 'Bonjour', '[[B]]', ':: B [fin-passive]', 'Au revoir'].join(eol), { lang: 'fr' });
      const s = loaded(r);
      expect(s.steps.map((st) => [st.id, st.customer.line.fr, st.choices.map((c) => c.next)])).toEqual([['a', 'Bonjour', ['b']], ['b', 'Au revoir', []]]);
      expect(noteOf(r, 'twee.preamble')?.severity).toBe('info');
    }
  });

  it('decodes escapes in passage names and tags', () => {
    const r = importTwee(':: Salle \\[calme\\] \\{vue\\} \\\\ [ancrage fin\\-perdu]\nAu revoir.\n:: Début\n[[Entrer->Salle [calme] {vue} \\]]', { lang: 'fr' });
    const s = loaded(r);
    expect(s.steps[0]).toMatchObject({ id: 'salle-calme-vue', phase: 'ancrage', ending: { outcome: 'lost' } });
    expect(step(s, 'debut').choices[0]?.next).toBe('salle-calme-vue');
  });

  it('reads Twee 3 and Twee2 positions, and warns about unreadable metadata without losing the passage', () => {
    const r = importTwee([
      ':: A {"position":"10,20","size":"100,100"}', 'Bonjour [[B]] [[C]] [[D]]',
      ':: B [fin-passive] <30, 40>', 'x',
      ':: C [fin-passive] {"position":broken}', 'y',
      ':: D [fin-passive] {"position":"1e999,2"}', 'z',
    ].join('\n'), { lang: 'fr' });
    const s = loaded(r);
    expect(s.editor?.positions).toEqual({ a: { x: 34, y: 32 }, b: { x: 102, y: 64 } });
    expect(s.steps.map((st) => st.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.notes.filter((n) => n.severity === 'warning').map((n) => [n.code, n.passage])).toEqual([
      ['twee.bad-metadata', 'C'], ['twee.bad-position', 'D'], ['twee.feedback-placeholder', undefined],
    ]);
  });

  it('uses StoryTitle, StoryData.start, and skips scripts, stylesheets and story-format passages', () => {
    const r = importTwee([
      ':: StoryTitle', 'Le guichet', ':: StoryData', '{"ifid":"X","start":"Deux"}', ':: StoryInit', '<<set $a to 1>>',
      ':: Style [stylesheet]', 'body {}', ':: Un [fin-passive]', 'a', ':: Deux', '[[Un]]',
    ].join('\n'), { lang: 'fr' });
    const s = loaded(r);
    expect(s.title).toEqual({ fr: 'Le guichet' });
    expect(s.start).toBe('deux');
    expect(s.steps.map((st) => st.id)).toEqual(['un', 'deux']);
    expect(r.notes.filter((n) => n.code === 'twee.special-passage').map((n) => n.passage)).toEqual(['StoryInit', 'Style']);
  });

  it('starts at a passage named Start without StoryData, and warns when StoryData names a missing start', () => {
    expect(loaded(importTwee(':: Fin [fin-passive]\nx\n:: Start\n[[Fin]]', { lang: 'fr' })).start).toBe('start');
    const r = importTwee(':: StoryData\n{"start":"Nulle part"}\n:: Un [fin-passive]\nx', { lang: 'en' });
    expect(loaded(r).start).toBe('un');
    expect(noteOf(r, 'twee.start-missing')?.message).toBe('StoryData names the start passage "Nulle part", which does not exist: the scenario starts at "Un".');
    const bad = importTwee(':: StoryData\n{oops\n:: Un [fin-passive]\nx', { lang: 'fr' });
    expect(noteOf(bad, 'twee.bad-story-data')?.severity).toBe('warning');
  });

  it('strips SugarCube and Harlowe macros, hooks, variables, HTML and comments from the text, and says so', () => {
    const r = importTwee([
      ':: A [fin-passive]',
      'Bonjour $nom.prenom. (if: $x is "a)b")[Entrez donc] |salut>[ami] <<if $y>>ici<</if>> <b>gras</b> /* code */ <!-- note --> /% vieux %/ (set: $z to (a: 1, 2)) fin.',
    ].join('\n'), { lang: 'en' });
    expect(loaded(r).steps[0]!.customer.line.en).toBe('Bonjour . Entrez donc ami ici gras fin.');
    const message = noteOf(r, 'twee.dropped-markup')!.message;
    for (const part of ['4 macro(s)', '1 variable(s)', '2 HTML tag(s)', '3 comment(s)', '5 hook bracket(s)']) expect(message).toContain(part);
  });

  it('reads phase tags without case or accents; an untagged passage takes its predecessor’s phase, else seduction', () => {
    const r = importTwee([
      ':: A [SÉDUCTION]', '[[B]]', ':: B [Influence]', '[[C]]', ':: C', '[[D]]', ':: D [ancrage fin-passive]', 'x',
      ':: Orphan', '[[Child]]', ':: Child [fin-passive]', 'y',
    ].join('\n'), { lang: 'fr' });
    const s = loaded(r);
    expect(s.steps.map((st) => st.phase)).toEqual(['seduction', 'influence', 'influence', 'ancrage', 'seduction', 'seduction']);
    expect(r.notes.filter((n) => n.code.startsWith('twee.phase')).map((n) => [n.code, n.passage])).toEqual([
      ['twee.phase-inherited', 'C'], ['twee.phase-default', 'Orphan'], ['twee.phase-inherited', 'Child'],
    ]);
  });

  it('takes the behaviour of a link from the passage it leads into, reactive by default with a note', () => {
    const r = importTwee([
      ':: A', '[[P]] [[Q]] [[R]] [[S]]', ':: P [proactive fin-passive]', 'p', ':: Q [Réactif fin-passive]', 'q',
      ':: R [passif fin-passive]', 'r', ':: S [fin-passive]', 's',
    ].join('\n'), { lang: 'fr' });
    expect(loaded(r).steps[0]!.choices.map((c) => c.behaviour)).toEqual(['proactive', 'reactive', 'passive', 'reactive']);
    expect(r.notes.filter((n) => n.code === 'twee.behaviour-default').map((n) => n.passage)).toEqual(['S']);
  });

  it('maps ending and emotion tags (passive alone is a behaviour, not an ending), neutral by default', () => {
    const r = importTwee([
      ':: A [ravie]', '[[B]] [[C]] [[D]] [[E]]', ':: B [ending-prescriber delighted]', 'b', ':: C [fin-perdue colère]', 'c',
      ':: D [ending-passive Worried]', 'd', ':: E [passive]', 'e',
    ].join('\n'), { lang: 'en' });
    const s = loaded(r);
    expect(s.steps.map((st) => [st.customer.emotion, st.ending?.outcome ?? null])).toEqual([
      ['delighted', null], ['delighted', 'prescriber'], ['angry', 'lost'], ['worried', 'passive'], ['neutral', 'passive'],
    ]);
    // E has no links and no ending tag: a passive ending, with a warning.
    expect(r.notes.filter((n) => n.code === 'twee.dead-end-ending').map((n) => n.passage)).toEqual(['E']);
    expect(s.steps[0]!.choices[3]!.behaviour).toBe('passive');
  });

  it('drops the links of an ending passage, with a warning', () => {
    const r = importTwee(':: A [fin-perdu]\nFini.\n[[A2]]\n:: A2 [fin-passive]\nx', { lang: 'fr' });
    const s = loaded(r);
    expect(s.steps[0]).toMatchObject({ ending: { outcome: 'lost' }, choices: [] });
    expect(noteOf(r, 'twee.ending-with-links')?.passage).toBe('A');
    expect(r.mapped.links).toBe(0);
  });

  it('warns about conflicting tags and lists unknown ones once', () => {
    const r = importTwee(':: A [influence ancrage forest spooky]\n[[B]]\n:: B [fin-passive forest]\nx', { lang: 'en' });
    expect(loaded(r).steps[0]!.phase).toBe('influence');
    expect(noteOf(r, 'twee.conflicting-tags')?.message).toBe('Passage "A": several phase tags (influence, ancrage); the first is kept.');
    expect(noteOf(r, 'twee.unknown-tags')?.message).toBe('Tags with no meaning in Comptoir, ignored: forest, spooky.');
  });

  it('drops links to missing passages (error) and out of the story (warning)', () => {
    const r = importTwee(':: A\nBonjour [[Ailleurs]] [[Site->https://example.org/x]] [[B]]\n:: B [fin-passive]\nx', { lang: 'fr' });
    expect(loaded(r).steps[0]!.choices.map((c) => c.next)).toEqual(['b']);
    expect(r.notes.filter((n) => n.severity !== 'info').map((n) => [n.severity, n.code])).toEqual([
      ['error', 'twee.missing-link'], ['warning', 'twee.external-link'], ['warning', 'twee.feedback-placeholder'],
    ]);
  });

  it('keeps 9 links of a passage that has more, with an error', () => {
    const links = Array.from({ length: 12 }, (_, i) => `[[Choix ${i}->B]]`).join(' ');
    const r = importTwee(`:: A\n${links}\n:: B [fin-passive]\nx`, { lang: 'en' });
    expect(loaded(r).steps[0]!.choices.map((c) => c.text.en)).toEqual(Array.from({ length: 9 }, (_, i) => `Choix ${i}`));
    expect(noteOf(r, 'twee.too-many-links')).toMatchObject({ severity: 'error', passage: 'A' });
    expect(r.mapped.links).toBe(9);
  });

  it('reports duplicate passage names as errors and keeps the first', () => {
    const r = importTwee(':: A\n[[B]]\n:: B [fin-passive]\nfirst\n:: B [fin-perdu]\nsecond', { lang: 'fr' });
    const s = loaded(r);
    expect(s.steps.map((st) => [st.id, st.customer.line.fr])).toEqual([['a', 'Réplique du client à écrire.'], ['b', 'first']]);
    expect(noteOf(r, 'twee.duplicate-passage')).toMatchObject({ severity: 'error', passage: 'B' });
  });

  it('writes a placeholder line for a passage left without text, and cuts a text over 4,000 characters', () => {
    const r = importTwee(`:: A\n<<set $a to 1>>\n[[B]]\n:: B [fin-passive]\n${'mot '.repeat(1500)}`, { lang: 'fr' });
    const s = loaded(r);
    expect(s.steps[0]!.customer.line).toEqual({ fr: 'Réplique du client à écrire.' });
    expect(s.steps[1]!.customer.line.fr!.length).toBeLessThanOrEqual(4000);
    expect(codes(r)).toEqual(expect.arrayContaining(['twee.empty-text', 'twee.text-truncated']));
  });

  it('uses a valid id option as is, slugs an invalid one with a warning, else the title', () => {
    const story = ':: StoryTitle\nMon Histoire\n:: A [fin-passive]\nx';
    expect(loaded(importTwee(story, { lang: 'fr', id: 'import.1' })).id).toBe('import.1');
    const bad = importTwee(story, { lang: 'fr', id: 'Mon import !' });
    expect(loaded(bad).id).toBe('mon-import');
    expect(noteOf(bad, 'twee.bad-id')?.severity).toBe('warning');
    expect(loaded(importTwee(story, { lang: 'fr' })).id).toBe('mon-histoire');
    const untitled = importTwee(':: A [fin-passive]\nx', { lang: 'en' });
    expect(loaded(untitled).title).toEqual({ en: 'Imported Twee story' });
    expect(codes(untitled)).toContain('twee.title-default');
  });

  it('gives unique, valid step ids to passages whose names slug alike or to nothing', () => {
    const r = importTwee(':: Café\n[[café!]] [[日本]]\n:: café! [fin-passive]\nx\n:: 日本 [fin-passive]\ny', { lang: 'fr' });
    expect(loaded(r).steps.map((st) => st.id)).toEqual(['cafe', 'cafe-2', 'passage-3']);
  });

  it('caps notes of one kind at 20 and says how many more there were', () => {
    const links = Array.from({ length: 30 }, (_, i) => `:: P${i}\nTexte ${i} [[Manque ${i}]]`).join('\n');
    const r = importTwee(links, { lang: 'fr' });
    expect(r.notes.filter((n) => n.code === 'twee.missing-link')).toHaveLength(20);
    expect(noteOf(r, 'twee.more')?.message).toBe('… et 10 autre(s) note(s) du même type (twee.missing-link).');
  });
});

describe('importTwee: refusals', () => {
  it('refuses an empty file and a text with no passage header, in the requested language', () => {
    for (const text of ['', '   \n\t']) expect(importTwee(text, { lang: 'fr' })).toEqual({ scenario: undefined, notes: [{ severity: 'error', code: 'twee.empty', message: 'Le fichier Twee est vide.' }], mapped: { passages: 0, links: 0 } });
    const json = importTwee('{"formatVersion": 1}', { lang: 'en' });
    expect(json.scenario).toBeUndefined();
    expect(json.notes).toEqual([{ severity: 'error', code: 'twee.not-twee', message: 'This is not a Twee 3 file: no line starts with "::", the header of a passage.' }]);
    expect(importTwee(' :: indented', { lang: 'fr' }).notes[0]?.code).toBe('twee.not-twee');
  });

  it('refuses a story of only special passages', () => {
    const r = importTwee(':: StoryTitle\nX\n:: Script [script]\nvar a;', { lang: 'en' });
    expect(r.scenario).toBeUndefined();
    expect(codes(r)).toContain('twee.no-passages');
  });

  it(`refuses more than ${MAX_TWEE_PASSAGES} passages`, () => {
    const text = Array.from({ length: MAX_TWEE_PASSAGES + 1 }, (_, i) => `:: p${i}`).join('\n');
    const r = importTwee(text, { lang: 'en' });
    expect(r.scenario).toBeUndefined();
    expect(r.notes.at(-1)?.message).toBe(`The story has ${MAX_TWEE_PASSAGES + 1} passages; a scenario has at most ${MAX_TWEE_PASSAGES} steps.`);
  });

  it('refuses a text over the scenario size limit', () => {
    const r = importTwee(`:: A\n${'x'.repeat(25 * 1024 * 1024)}`, { lang: 'fr' });
    expect(r.scenario).toBeUndefined();
    expect(r.notes[0]?.code).toBe('twee.too-large');
  });
});

describe('importTwee: any input', () => {
  const names = fc.constantFrom('A', 'B', 'Accueil', 'Fin', 'Start', 'StoryData', 'StoryTitle', 'StoryInit', 'é', '', ' ', '\\[x\\]', 'a{b}', '日本', 'x'.repeat(90));
  const tags = fc.constantFrom('seduction', 'Séduction', 'influence', 'prestation', 'ancrage', 'proactif', 'passive', 'ending-lost', 'fin-passive', 'happy', 'script', 'angry', 'colère', '[', ']');
  const meta = fc.constantFrom('', ' {"position":"1,2"}', ' {bad', ' {"position":5}', ' <3,4>', ' {"position":"1e999,2"}', ' {}', ' null');
  const header = fc.tuple(names, fc.array(tags, { maxLength: 4 }), meta).map(([n, t, m]) => `::${n}${t.length > 0 ? ` [${t.join(' ')}]` : ''}${m}`);
  const link = fc.tuple(fc.string({ maxLength: 6 }), names, fc.constantFrom('|', '->', '<-', '')).map(([text, target, sep]) =>
    sep === '' ? `[[${target}]]` : sep === '<-' ? `[[${target}<-${text}]]` : `[[${text}${sep}${target}]]`);
  const chunk = fc.oneof(fc.string({ maxLength: 20 }), link, fc.constantFrom('<<set $a to 1>>', '(if: $a)[b]', '<em>x</em>', '/* c */', '$var', '[[', ']]', '\\::', '(', ')', '"', ' '.repeat(5)));
  const body = fc.array(fc.tuple(chunk, fc.constantFrom(' ', '\n')), { maxLength: 6 }).map((parts) => parts.map(([c, sep]) => c + sep).join(''));
  const passage = fc.tuple(header, body).map(([h, b]) => `${h}\n${b}`);
  const story = fc.tuple(fc.array(passage, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([ps, eol]) => ps.join('\n').replace(/\n/g, eol));

  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('fr' as const, 'en' as const), (text, lang) => {
      const r = importTwee(text, { lang });
      if (r.scenario) loaded(r);
      else expect(r.notes.some((n) => n.severity === 'error')).toBe(true);
    }), { numRuns: 300 });
  });

  it('never throws on Twee-like stories, and whatever scenario it makes passes loadScenario', () => {
    fc.assert(fc.property(story, fc.constantFrom('fr' as const, 'en' as const), (text, lang) => {
      const r = importTwee(text, { lang });
      if (r.scenario) {
        const s = loaded(r);
        expect(r.mapped.passages).toBe(s.steps.length);
        expect(r.mapped.links).toBe(s.steps.reduce((n, st) => n + st.choices.length, 0));
      } else {
        expect(r.notes.some((n) => n.severity === 'error')).toBe(true);
      }
      for (const n of r.notes) expect(n.message.length).toBeGreaterThan(0);
    }), { numRuns: 400 });
  });
});
