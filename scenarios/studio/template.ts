// The scenario a trainer starts from in the studio: the four phases in order, contrasted
// choices grounded in the seeds, FR and EN filled in, and a lint with no error and no warning.
import { IdSchema, type ScenarioInput } from '../format/schema';
import type { Lang, LocalizedText } from '../format/text';
import { fixFrenchTypography } from '../format/typography';
import type { TheoryId } from '../format/glossary';

/** Letters a plain NFD decomposition leaves as they are. */
const LIGATURES: Readonly<Record<string, string>> = { 'œ': 'oe', 'Œ': 'oe', 'æ': 'ae', 'Æ': 'ae', 'ß': 'ss', 'ø': 'o', 'Ø': 'o', 'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd' };
const MAX_ID_LENGTH = 80;

/**
 * `base` as an id (IdSchema): lower-case ASCII letters and digits without accents, other runs
 * of characters turned into one `-`, no leading or trailing `-`, at most 80 characters; "" when
 * nothing is left.
 */
export function slugId(base: string): string {
  return base
    .replace(/[œŒæÆßøØłŁđĐ]/gu, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/, '');
}

/**
 * A new id from `base` that is not in `taken`: its slug ("Accueil client" → `accueil-client`,
 * `id` when nothing of it is left), else the slug with -2, -3, … (shortened to stay within 80
 * characters). Always valid per IdSchema.
 */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const slug = slugId(base) || 'id';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${slug.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A text in both languages; the French one gets its non-breaking spaces and « » here. */
const t = (fr: string, en: string): LocalizedText => ({ fr: fixFrenchTypography(fr), en });

const DEFAULT_TITLE: Readonly<Record<Lang, string>> = { fr: 'Nouveau scénario en quatre phases', en: 'New four-phase scenario' };
const MAX_TITLE_LENGTH = 4000;

type ChoiceInput = NonNullable<ScenarioInput['steps'][number]['choices']>[number];

/** A choice of the template: every one moves the customer and names the idea it applies. */
function choice(id: string, behaviour: ChoiceInput['behaviour'], empathy: number, effects: NonNullable<ChoiceInput['effects']>, theory: TheoryId, text: LocalizedText, feedback: LocalizedText, next: string, extra: Partial<ChoiceInput> = {}): ChoiceInput {
  return { id, text, behaviour, empathy, effects, feedback, theory, next, ...extra };
}

/** The trainer-only notes that say what each step is for, in the studio's language. */
const NOTES = {
  accueil: {
    fr: 'Séduction (seed 000, 002) : l’accueil. Remplacez la réplique par l’arrivée de votre client ; gardez un choix qui accueille comme à la maison, un qui attend, un qui ignore. La minuterie rappelle qu’hésiter, c’est laisser le client agir le premier.',
    en: 'Seduction (seeds 000, 002): the welcome. Replace the line with your customer’s arrival; keep one choice that welcomes them as at home, one that waits, one that ignores them. The timer is a reminder that hesitating lets the customer act first.',
  },
  contact: {
    fr: 'Séduction : créer le lien (fidélité émotionnelle, seed 003 : reconnaître le client, l’appeler par son nom).',
    en: 'Seduction: build rapport (emotional loyalty, seed 003: recognise the customer, call them by name).',
  },
  besoin: {
    fr: 'Influence (seed 001) : découvrir le véritable problème du client avant de proposer. Écrivez ce que votre client dit de son besoin.',
    en: 'Influence (seed 001): find the customer’s real problem before proposing. Write what your customer says about their need.',
  },
  proposition: {
    fr: 'Influence : proposer ce qui répond au besoin découvert (un client séduit est réceptif, seed 000).',
    en: 'Influence: propose what meets the need you found (a customer won over is receptive, seed 000).',
  },
  engagement: {
    fr: 'Prestation (seed 001) : un engagement explicite dit qui, quoi, quand et comment. Il doit être tenu avant la fin de la prestation.',
    en: 'Prestation (seed 001): an explicit commitment says who, what, when and how. It must be kept before prestation ends.',
  },
  verification: {
    fr: 'Prestation : vérifier et revérifier (seed 002), et tenir l’engagement implicite que la norme crée (seed 001). Adaptez l’engagement implicite à votre métier.',
    en: 'Prestation: check and double-check (seed 002), and keep the implicit commitment the norm creates (seed 001). Adapt the implicit commitment to your trade.',
  },
  remise: {
    fr: 'Prestation : tenir la promesse faite plus tôt (fiabilité, seed 002).',
    en: 'Prestation: keep the promise made earlier (reliability, seed 002).',
  },
  satisfaction: {
    fr: 'Ancrage (seed 004) : beaucoup de clients insatisfaits ne le disent pas ; il faut le leur demander.',
    en: 'Ancrage (seed 004): many dissatisfied customers never say so; ask them.',
  },
  fidelisation: {
    fr: 'Ancrage (seed 002, 003) : remercier, laisser la porte ouverte. Chaque choix mène à une des trois fins de seed 003.',
    en: 'Ancrage (seeds 002, 003): thank, leave the door open. Each choice leads to one of the three endings of seed 003.',
  },
  fins: {
    fr: 'Les trois fins de seed 003 : prescripteur (environ 500 $), passif (300 $), perdu (0 $). « fin-perdu » sert aussi quand le client part (rules.walkOut.step).',
    en: 'The three endings of seed 003: prescriber (about $500), passive ($300), lost ($0). “fin-perdu” is also where the customer walks out to (rules.walkOut.step).',
  },
} as const satisfies Record<string, Record<Lang, string>>;

/**
 * A new scenario to start from: a briefing, two or three steps per phase (séduction →
 * influence → prestation → ancrage) with proactive, reactive and passive choices, an explicit and
 * an implicit commitment (seed 001), a timer, and the three endings (seed 003). Every text exists
 * in French and English; `lang` is the main language (and the language of the trainer notes).
 * Throws on an id that is not valid per IdSchema (use freshId) or a title over 4,000 characters.
 */
export function templateScenario(options: { id: string; lang: 'fr' | 'en'; title?: string }): ScenarioInput {
  const { id, lang } = options;
  if (!IdSchema.safeParse(id).success) {
    throw new RangeError(`templateScenario: invalid id ${JSON.stringify(id)}: letters, digits, . _ - (up to 80), starting with a letter or digit / identifiant invalide : lettres, chiffres, . _ - (80 au plus), commençant par une lettre ou un chiffre`);
  }
  const given = options.title?.trim() ?? '';
  if (given.length > MAX_TITLE_LENGTH) {
    throw new RangeError(`templateScenario: the title has ${given.length} characters, at most ${MAX_TITLE_LENGTH} / le titre a ${given.length} caractères, ${MAX_TITLE_LENGTH} au plus`);
  }
  // A trainer's title is used in both languages until it is translated (a name often is the same).
  const title = given === '' ? t(DEFAULT_TITLE.fr, DEFAULT_TITLE.en) : t(given, given);
  const note = (key: keyof typeof NOTES) => NOTES[key][lang];

  return {
    formatVersion: 1,
    id,
    version: 1,
    mainLanguage: lang,
    title,
    summary: t(
      'Modèle : une cliente hésitante à un comptoir de service, en quatre phases. Remplacez les textes par votre propre situation.',
      'Template: a hesitant customer at a service counter, in four phases. Replace the texts with your own situation.',
    ),
    briefing: {
      setting: t(
        'Le comptoir d\'accueil de votre établissement, un matin de semaine. Vous êtes seul au poste.',
        'The front counter of your business on a weekday morning. You are alone at the desk.',
      ),
      customer: {
        name: 'Claire Dubois',
        portrait: t(
          'Cliente venue une fois, il y a quelques mois. Elle compare avec un concurrent et hésite à revenir.',
          'A customer who came once, a few months ago. She is comparing with a competitor and is not sure she will come back.',
        ),
        loyalty: { pattern: 'mixed', basis: 'functional' },
        explicitNeeds: [t('Un renseignement, et repartir avec une solution', 'Some information, and leaving with a solution')],
        implicitNeeds: [t('Être rassurée : elle ne sait pas encore ce qui lui convient', 'Reassurance: she does not know yet what suits her')],
      },
      objectives: [
        t('Séduire : accueillir avant de parler d\'offre', 'Seduction: welcome her before talking offers'),
        t('Influencer : découvrir le véritable problème, puis proposer', 'Influence: find the real problem, then propose'),
        t('Prestation : tenir ses engagements, explicites et implicites', 'Prestation: keep your commitments, explicit and implicit'),
        t('Ancrage : vérifier sa satisfaction et laisser la porte ouverte', 'Ancrage: check she is satisfied and leave the door open'),
      ],
      difficulty: 'beginner',
      estimatedMinutes: 5,
    },
    meters: { mood: 50, trust: 40, patience: 70 },
    rules: { walkOut: { step: 'fin-perdu' } },
    implicitCommitments: [
      {
        id: 'recapitulatif',
        label: t(
          'Remettre un récapitulatif écrit de ce qui a été convenu (la norme au comptoir)',
          'Hand over a written summary of what was agreed (the counter norm)',
        ),
      },
    ],
    steps: [
      // --- Séduction ---------------------------------------------------------------------------
      {
        id: 'accueil',
        phase: 'seduction',
        narration: t('Une cliente s\'approche du comptoir et attend que vous leviez les yeux.', 'A customer walks up to the counter and waits for you to look up.'),
        customer: { line: t('Bonjour… Je peux vous demander un renseignement ?', 'Hello… Could I ask you something?'), emotion: 'worried' },
        timer: {
          seconds: 20,
          timeout: {
            id: 'accueil-silence',
            empathy: -1,
            effects: { mood: -5, patience: -10 },
            feedback: t(
              'Vous l\'avez laissée attendre : c\'est elle qui a dû faire le premier pas. La passivité commerciale commence par ce silence.',
              'You left her waiting: she had to make the first move. Commercial passivity starts with that silence.',
            ),
            theory: 'commercial-passivity',
            next: 'contact',
          },
        },
        choices: [
          choice('accueil-chaleureux', 'proactive', 3, { mood: 10, trust: 15 }, 'welcome-home',
            t('"Bonjour et bienvenue ! Bien sûr, installez-vous. Je m\'appelle Paul, je vous écoute."', '“Hello and welcome! Of course, have a seat. I’m Paul, I’m listening.”'),
            t('Vous l\'accueillez comme chez elle : première étape du service fantastique, la séduction est lancée.', 'You welcome her as if at home: the first step of fantastic service, and rapport is under way.'),
            'contact'),
          choice('accueil-attente', 'reactive', 0, { patience: -5 }, 'commercial-passivity',
            t('"Oui ?"', '“Yes?”'),
            t('Vous répondez, sans plus : un comportement réactif plutôt que dynamique.', 'You answer, nothing more: reactive rather than dynamic behaviour.'),
            'contact'),
          choice('accueil-ecran', 'passive', -2, { mood: -10, trust: -5 }, 'first-impressions',
            t('Finir ce que vous faisiez à l\'écran avant de la regarder.', 'Finish what you were doing on screen before looking at her.'),
            t('Elle attend devant un employé occupé : ces premières impressions colorent tout le reste.', 'She waits in front of a busy employee: those first impressions colour everything that follows.'),
            'contact'),
        ],
        note: note('accueil'),
      },
      {
        id: 'contact',
        phase: 'seduction',
        customer: { line: t('Je suis déjà venue une fois, il y a quelques mois. Claire Dubois.', 'I came here once, a few months ago. Claire Dubois.'), emotion: 'neutral' },
        choices: [
          choice('contact-nom', 'proactive', 2, { mood: 5, trust: 10 }, 'emotional-loyalty',
            t('"Ravi de vous revoir, madame Dubois. Qu\'est-ce qui vous amène aujourd\'hui ?"', '“Nice to see you again, Ms Dubois. What brings you here today?”'),
            t('Vous la reconnaissez et l\'appelez par son nom : c\'est ce qui fonde la fidélité émotionnelle.', 'You recognise her and call her by name: that is what emotional loyalty is built on.'),
            'besoin'),
          choice('contact-formulaire', 'reactive', 0, { patience: -5 }, 'empathic-image',
            t('"D\'accord. Votre numéro de dossier ?"', '“Right. Your file number?”'),
            t('Correct mais impersonnel : l\'image d\'un employé pressé plutôt qu\'intéressé.', 'Correct but impersonal: the image of a hurried rather than interested employee.'),
            'besoin'),
          choice('contact-silence', 'passive', -2, { mood: -10 }, 'empathic-image',
            t('Hocher la tête et attendre qu\'elle continue.', 'Nod and wait for her to go on.'),
            t('Sans un mot, vous projetez l\'image d\'un employé désintéressé.', 'Without a word, you come across as indifferent.'),
            'besoin'),
        ],
        note: note('contact'),
      },
      // --- Influence ---------------------------------------------------------------------------
      {
        id: 'besoin',
        phase: 'influence',
        customer: { line: t('En fait, je ne sais pas trop ce qu\'il me faudrait. J\'ai vu une offre chez un concurrent.', 'Actually, I’m not sure what I need. I saw an offer at a competitor’s.'), emotion: 'confused' },
        choices: [
          choice('besoin-questions', 'proactive', 2, { mood: 5, trust: 10 }, 'real-problem',
            t('"Dites-moi ce que vous cherchez à régler, et ce qui compte le plus pour vous."', '“Tell me what you want to solve, and what matters most to you.”'),
            t('Vous cherchez le véritable problème du client, ses critères et ses sources d\'information, avant de proposer.', 'You look for the customer’s real problem, criteria and sources of information before proposing.'),
            'proposition'),
          choice('besoin-catalogue', 'reactive', 0, { patience: -10 }, 'commercial-passivity',
            t('"Nous avons plusieurs formules, je vous les liste."', '“We have several plans, I’ll list them for you.”'),
            t('Vous traitez la demande sans découvrir le besoin : une occasion perdue à coût minime.', 'You handle the request without finding the need: an opportunity lost at minimal cost.'),
            'proposition'),
          choice('besoin-brochure', 'passive', -2, { mood: -10, patience: -10 }, 'commercial-passivity',
            t('Lui tendre une brochure sans rien demander.', 'Hand her a brochure without asking anything.'),
            t('La cliente reste seule face à son choix : c\'est la passivité commerciale.', 'The customer is left alone with her choice: that is commercial passivity.'),
            'proposition'),
        ],
        note: note('besoin'),
      },
      {
        id: 'proposition',
        phase: 'influence',
        customer: { line: t('Et vous, vous me conseilleriez quoi ?', 'So what would you recommend?'), emotion: 'neutral' },
        choices: [
          choice('proposition-adaptee', 'proactive', 2, { mood: 10, trust: 10 }, 'seduction-first',
            t('"Pour ce que vous m\'avez décrit, cette formule-ci vous conviendrait. Je vous montre ?"', '“For what you described, this plan would suit you. Shall I show you?”'),
            t('Une proposition qui répond au besoin exprimé : cliente séduite, cliente réceptive.', 'A proposal that meets the stated need: a customer won over is a receptive customer.'),
            'engagement'),
          choice('proposition-liste', 'reactive', 0, { patience: -5 }, 'needs-first',
            t('"Tout dépend de vous, elles se valent toutes."', '“It’s up to you, they’re all much the same.”'),
            t('Vous avez les éléments mais ne proposez rien : le besoin découvert reste sans réponse.', 'You have what you need but propose nothing: the need you found goes unanswered.'),
            'engagement'),
          choice('proposition-plus-chere', 'passive', -1, { mood: -5, trust: -5 }, 'cold-influence',
            t('"Prenez la plus complète, c\'est la plus vendue."', '“Take the full one, it’s our best seller.”'),
            t('Pousser l\'offre la plus chère sans lien avec son besoin agresse plus qu\'il n\'influence.', 'Pushing the most expensive offer with no link to her need attacks more than it influences.'),
            'engagement'),
        ],
        note: note('proposition'),
      },
      // --- Prestation --------------------------------------------------------------------------
      {
        id: 'engagement',
        phase: 'prestation',
        customer: { line: t('D\'accord, on fait comme ça. Et maintenant, ça se passe comment ?', 'All right, let’s do that. So what happens now?'), emotion: 'pleased' },
        choices: [
          choice('engagement-precis', 'proactive', 2, { trust: 10 }, 'explicit-commitments',
            t('"Je prépare votre dossier tout de suite, devant vous, et je vous le remets avant que vous partiez."', '“I’ll prepare your file right now, in front of you, and hand it to you before you leave.”'),
            t('Un engagement explicite : qui, quoi, quand, comment.', 'An explicit commitment: who, what, when, how.'),
            'verification',
            { commitment: { action: 'make', id: 'dossier-pret', label: t('Préparer le dossier devant la cliente et le lui remettre avant son départ', 'Prepare the file in front of the customer and hand it over before she leaves') } }),
          choice('engagement-vague', 'reactive', 0, { trust: -5 }, 'service-assurance',
            t('"On s\'en occupe, ne vous inquiétez pas."', '“We’ll take care of it, don’t worry.”'),
            t('Une réponse vague n\'engage à rien et ne rassure pas : le client doit être assuré de la cohérence du service.', 'A vague answer commits to nothing and does not reassure: the customer must be assured the service is consistent.'),
            'verification'),
          choice('engagement-plus-tard', 'passive', -2, { mood: -10, patience: -10 }, 'service-responsiveness',
            t('"Repassez la semaine prochaine, on verra."', '“Come back next week, we’ll see.”'),
            t('Vous renvoyez la cliente à plus tard : le service doit être réactif à ses besoins.', 'You send the customer away until later: service must respond to her needs.'),
            'verification'),
        ],
        note: note('engagement'),
      },
      {
        id: 'verification',
        phase: 'prestation',
        customer: { line: t('Et… c\'est tout ? Je n\'ai rien à garder ?', 'And… is that all? Don’t I get anything to keep?'), emotion: 'confused' },
        choices: [
          choice('verification-recapitulatif', 'proactive', 2, { mood: 10, trust: 5 }, 'check-double-check',
            t('"Reprenons ensemble point par point. Voici le récapitulatif écrit de ce que nous avons convenu."', '“Let’s go over it point by point. Here is a written summary of what we agreed.”'),
            t('Vous vérifiez et revérifiez que rien n\'est oublié, et tenez l\'engagement implicite du récapitulatif.', 'You check and double-check that nothing is left out, and keep the implicit commitment of the written summary.'),
            'remise',
            { commitment: { action: 'keep', id: 'recapitulatif' } }),
          choice('verification-oui', 'reactive', 0, { patience: -5 }, 'implicit-commitments',
            t('"Oui, c\'est tout."', '“Yes, that’s all.”'),
            t('Elle s\'attendait à un récapitulatif : la norme du métier crée des engagements implicites, même sans un mot.', 'She expected a summary: the trade’s norm creates implicit commitments, even without a word.'),
            'remise'),
          choice('verification-sans-papier', 'passive', -2, { mood: -10 }, 'implicit-commitments',
            t('"On ne donne pas de papier, désolé."', '“We don’t hand out paper, sorry.”'),
            t('Vous refusez ce que la norme promet : un engagement implicite rompu.', 'You refuse what the norm promises: an implicit commitment broken.'),
            'remise',
            { commitment: { action: 'break', id: 'recapitulatif' } }),
        ],
        note: note('verification'),
      },
      {
        id: 'remise',
        phase: 'prestation',
        customer: { line: t('Donc je repars avec mon dossier aujourd\'hui ?', 'So I leave with my file today?'), emotion: 'neutral' },
        choices: [
          choice('remise-ensemble', 'proactive', 2, { mood: 10, trust: 5 }, 'service-reliability',
            t('"Le voici, complet. Regardons-le ensemble une dernière fois."', '“Here it is, complete. Let’s look at it together one last time.”'),
            t('Promesse tenue, dans le délai annoncé : c\'est la fiabilité du service.', 'A promise kept, on time: that is reliable service.'),
            'satisfaction',
            { commitment: { action: 'keep', id: 'dossier-pret' } }),
          choice('remise-courrier', 'reactive', -1, { mood: -5, trust: -10 }, 'explicit-commitments',
            t('"Finalement, on vous l\'enverra par courrier."', '“In the end, we’ll post it to you.”'),
            t('Vous changez ce que vous aviez promis : un engagement explicite rompu.', 'You change what you promised: an explicit commitment broken.'),
            'satisfaction',
            { commitment: { action: 'break', id: 'dossier-pret' } }),
        ],
        note: note('remise'),
      },
      // --- Ancrage -----------------------------------------------------------------------------
      {
        id: 'satisfaction',
        phase: 'ancrage',
        customer: { line: t('Bon. Merci.', 'Well. Thank you.'), emotion: 'neutral' },
        choices: [
          choice('satisfaction-question', 'proactive', 2, { mood: 5, trust: 10 }, 'silent-dissatisfaction',
            t('"Avant que vous partiez : tout s\'est bien passé pour vous ? Y a-t-il quelque chose qu\'on pourrait faire mieux ?"', '“Before you go: did everything go well for you? Is there anything we could do better?”'),
            t('Beaucoup de clients insatisfaits ne le disent pas : vous le lui demandez.', 'Many dissatisfied customers never say so: you ask her.'),
            'fidelisation'),
          choice('satisfaction-au-revoir', 'reactive', 0, { patience: -5 }, 'silent-dissatisfaction',
            t('"Je vous en prie."', '“You’re welcome.”'),
            t('Si quelque chose l\'a déçue, vous ne le saurez pas : l\'insatisfaction reste silencieuse.', 'If something disappointed her, you will never know: dissatisfaction stays silent.'),
            'fidelisation'),
        ],
        note: note('satisfaction'),
      },
      {
        id: 'fidelisation',
        phase: 'ancrage',
        customer: { line: t('C\'était plus simple que ce que je pensais.', 'That was easier than I thought.'), emotion: 'pleased' },
        choices: [
          choice('fidelisation-porte-ouverte', 'proactive', 3, { mood: 15, trust: 10 }, 'leave-door-open',
            t('"Merci d\'être revenue, madame Dubois. Voici ma carte : appelez-moi directement pour la suite."', '“Thank you for coming back, Ms Dubois. Here’s my card: call me directly for what comes next.”'),
            t('Vous remerciez et laissez la porte ouverte : elle a toutes les raisons de revenir, et d\'en parler.', 'You thank her and leave the door open: she has every reason to come back, and to talk about it.'),
            'fin-prescripteur'),
          choice('fidelisation-merci', 'reactive', 1, { mood: 5 }, 'anchoring',
            t('"Merci, bonne journée."', '“Thank you, have a nice day.”'),
            t('Poli, mais la relation s\'arrête au comptoir : l\'ancrage demande une action de fidélisation.', 'Polite, but the relationship ends at the counter: anchoring needs a loyalty action.'),
            'fin-passif'),
          choice('fidelisation-suivant', 'passive', -3, { mood: -20 }, 'emotions-remembered',
            t('"Au suivant !"', '“Next!”'),
            t('Elle oubliera ce que vous avez dit, mais pas comment elle s\'est sentie en partant.', 'She will forget what you said, but not how she felt as she left.'),
            'fin-perdu'),
        ],
        note: note('fidelisation'),
      },
      // --- Endings (seed 003) ------------------------------------------------------------------
      {
        id: 'fin-prescripteur',
        phase: 'ancrage',
        customer: { line: t('Merci à vous ! J\'en parlerai à ma sœur, elle cherche justement.', 'Thank you! I’ll tell my sister, she’s looking too.'), emotion: 'delighted' },
        ending: {
          outcome: 'prescriber',
          epilogue: t('Claire devient prescriptrice : environ 500 $ sur plusieurs années, et un bouche-à-oreille très positif.', 'Claire becomes a prescriber: about $500 over the years, and strong positive word of mouth.'),
        },
        note: note('fins'),
      },
      {
        id: 'fin-passif',
        phase: 'ancrage',
        customer: { line: t('Au revoir.', 'Goodbye.'), emotion: 'neutral' },
        ending: {
          outcome: 'passive',
          epilogue: t('Claire reviendra peut-être, comme ailleurs : une cliente fidèle mixte, passive, environ 300 $.', 'Claire may come back, as she goes elsewhere: a passive, mixed-loyal customer, about $300.'),
        },
        note: note('fins'),
      },
      {
        id: 'fin-perdu',
        phase: 'ancrage',
        customer: { line: t('Je vais voir ailleurs.', 'I’ll go elsewhere.'), emotion: 'annoyed' },
        ending: {
          outcome: 'lost',
          walkOut: true,
          epilogue: t('Claire est partie frustrée : 0 $ et un bouche-à-oreille négatif.', 'Claire left frustrated: $0 and negative word of mouth.'),
        },
        note: note('fins'),
      },
    ],
  };
}
