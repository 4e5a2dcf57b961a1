// The columns of every HR export (attempts, per-phase scores, decisions): key, cell type and
// French / English headers, plus the labels of coded values. One list, read by every writer.
import type { Lang } from '../../scenarios/format/text';
import type { AttemptRow, DecisionRow, PhaseRow } from './rows';

/** How a column's values are typed and written (docs/EXPORTS.md, "Formats"). */
export type ColumnType = 'text' | 'code' | 'integer' | 'decimal' | 'date' | 'boolean';

export type Bilingual = Readonly<Record<Lang, string>>;

export interface Column<R> {
  readonly key: keyof R & string;
  readonly type: ColumnType;
  readonly header: Bilingual;
  /** XLSX column width, in characters. */
  readonly width: number;
  /** For 'code' columns: the label written for each code. */
  readonly labels?: Readonly<Record<string, Bilingual>>;
}

export type TableName = 'attempts' | 'phases' | 'decisions';

export interface Table<R> {
  readonly name: TableName;
  /** XLSX sheet name (at most 31 characters, none of : \ / ? * [ ]). */
  readonly sheet: Bilingual;
  readonly columns: readonly Column<R>[];
}

export const BOOLEAN_LABELS: Readonly<Record<'true' | 'false', Bilingual>> = {
  true: { fr: 'oui', en: 'yes' },
  false: { fr: 'non', en: 'no' },
};

export const KIND_LABELS = { assessed: { fr: 'évaluée', en: 'assessed' }, practice: { fr: 'entraînement', en: 'practice' } } as const;
export const STATUS_LABELS = {
  'in-progress': { fr: 'en cours', en: 'in progress' },
  finished: { fr: 'terminée', en: 'finished' },
  abandoned: { fr: 'abandonnée', en: 'abandoned' },
} as const;
export const TIMER_LABELS = { normal: { fr: 'normal', en: 'normal' }, relaxed: { fr: 'détendu', en: 'relaxed' }, off: { fr: 'sans minutage', en: 'off' } } as const;
export const OUTCOME_LABELS = {
  prescriber: { fr: 'prescripteur', en: 'prescriber' },
  passive: { fr: 'passif', en: 'passive' },
  lost: { fr: 'perdu', en: 'lost' },
} as const;
export const PHASE_LABELS = {
  seduction: { fr: 'séduction', en: 'rapport' },
  influence: { fr: 'influence', en: 'influence' },
  prestation: { fr: 'prestation', en: 'delivery' },
  ancrage: { fr: 'ancrage', en: 'anchoring' },
} as const;
export const BEHAVIOUR_LABELS = { proactive: { fr: 'proactif', en: 'proactive' }, reactive: { fr: 'réactif', en: 'reactive' }, passive: { fr: 'passif', en: 'passive' } } as const;

const h = (fr: string, en: string): Bilingual => ({ fr, en });

export const ATTEMPTS_TABLE: Table<AttemptRow> = {
  name: 'attempts',
  sheet: h('Rencontres', 'Attempts'),
  columns: [
    { key: 'attemptId', type: 'text', header: h('Identifiant de la rencontre', 'Attempt id'), width: 38 },
    { key: 'traineeId', type: 'text', header: h('Identifiant du stagiaire', 'Trainee id'), width: 38 },
    { key: 'traineeName', type: 'text', header: h('Stagiaire', 'Trainee'), width: 24 },
    { key: 'employeeId', type: 'text', header: h('Matricule', 'Employee id'), width: 14 },
    { key: 'cohort', type: 'text', header: h('Promotion', 'Cohort'), width: 16 },
    { key: 'site', type: 'text', header: h('Site', 'Site'), width: 16 },
    { key: 'scenarioId', type: 'text', header: h('Identifiant du scénario', 'Scenario id'), width: 28 },
    { key: 'scenarioTitle', type: 'text', header: h('Scénario', 'Scenario'), width: 36 },
    { key: 'scenarioVersion', type: 'integer', header: h('Version du scénario', 'Scenario version'), width: 10 },
    { key: 'kind', type: 'code', header: h('Type', 'Kind'), width: 14, labels: KIND_LABELS },
    { key: 'status', type: 'code', header: h('État', 'Status'), width: 12, labels: STATUS_LABELS },
    { key: 'timerMode', type: 'code', header: h('Minutage', 'Timer mode'), width: 14, labels: TIMER_LABELS },
    { key: 'startedAt', type: 'date', header: h('Début', 'Started'), width: 17 },
    { key: 'finishedAt', type: 'date', header: h('Fin', 'Finished'), width: 17 },
    { key: 'durationSeconds', type: 'integer', header: h('Durée (s)', 'Duration (s)'), width: 10 },
    { key: 'decisions', type: 'integer', header: h('Décisions', 'Decisions'), width: 10 },
    { key: 'overall', type: 'decimal', header: h('Score global', 'Overall score'), width: 10 },
    { key: 'empathy', type: 'decimal', header: h('Empathie', 'Empathy'), width: 10 },
    { key: 'proactivity', type: 'decimal', header: h('Proactivité', 'Proactivity'), width: 10 },
    { key: 'reliability', type: 'decimal', header: h('Fiabilité', 'Reliability'), width: 10 },
    { key: 'outcome', type: 'code', header: h('Issue', 'Outcome'), width: 13, labels: OUTCOME_LABELS },
    { key: 'walkOut', type: 'boolean', header: h('Client parti', 'Walked out'), width: 8 },
    { key: 'customerValue', type: 'decimal', header: h('Valeur client', 'Customer value'), width: 10 },
    { key: 'passed', type: 'boolean', header: h('Réussie', 'Passed'), width: 8 },
  ],
};

export const PHASES_TABLE: Table<PhaseRow> = {
  name: 'phases',
  sheet: h('Scores par phase', 'Phase scores'),
  columns: [
    { key: 'attemptId', type: 'text', header: h('Identifiant de la rencontre', 'Attempt id'), width: 38 },
    { key: 'traineeName', type: 'text', header: h('Stagiaire', 'Trainee'), width: 24 },
    { key: 'scenarioId', type: 'text', header: h('Identifiant du scénario', 'Scenario id'), width: 28 },
    { key: 'phase', type: 'code', header: h('Phase', 'Phase'), width: 12, labels: PHASE_LABELS },
    { key: 'decisions', type: 'integer', header: h('Décisions', 'Decisions'), width: 10 },
    { key: 'empathy', type: 'decimal', header: h('Empathie', 'Empathy'), width: 10 },
    { key: 'proactivity', type: 'decimal', header: h('Proactivité', 'Proactivity'), width: 10 },
    { key: 'empathyLost', type: 'decimal', header: h('Points d’empathie perdus', 'Empathy points lost'), width: 12 },
    { key: 'proactivityLost', type: 'decimal', header: h('Points de proactivité perdus', 'Proactivity points lost'), width: 12 },
    { key: 'pointsLost', type: 'decimal', header: h('Points perdus', 'Points lost'), width: 10 },
  ],
};

export const DECISIONS_TABLE: Table<DecisionRow> = {
  name: 'decisions',
  sheet: h('Décisions', 'Decisions'),
  columns: [
    { key: 'attemptId', type: 'text', header: h('Identifiant de la rencontre', 'Attempt id'), width: 38 },
    { key: 'traineeName', type: 'text', header: h('Stagiaire', 'Trainee'), width: 24 },
    { key: 'employeeId', type: 'text', header: h('Matricule', 'Employee id'), width: 14 },
    { key: 'scenarioId', type: 'text', header: h('Identifiant du scénario', 'Scenario id'), width: 28 },
    { key: 'scenarioVersion', type: 'integer', header: h('Version du scénario', 'Scenario version'), width: 10 },
    { key: 'index', type: 'integer', header: h('N° de décision', 'Decision no.'), width: 8 },
    { key: 'stepId', type: 'text', header: h('Étape', 'Step'), width: 20 },
    { key: 'choiceId', type: 'text', header: h('Identifiant du choix', 'Choice id'), width: 20 },
    { key: 'choiceText', type: 'text', header: h('Choix', 'Choice'), width: 50 },
    { key: 'phase', type: 'code', header: h('Phase', 'Phase'), width: 12, labels: PHASE_LABELS },
    { key: 'behaviour', type: 'code', header: h('Comportement', 'Behaviour'), width: 12, labels: BEHAVIOUR_LABELS },
    { key: 'timedOut', type: 'boolean', header: h('Temps écoulé', 'Timed out'), width: 8 },
    { key: 'hesitationMs', type: 'integer', header: h('Hésitation (ms)', 'Hesitation (ms)'), width: 10 },
    { key: 'at', type: 'date', header: h('Date', 'Date'), width: 17 },
  ],
};

export const TABLES = { attempts: ATTEMPTS_TABLE, phases: PHASES_TABLE, decisions: DECISIONS_TABLE } as const;

export const headersOf = <R>(table: Table<R>, lang: Lang): string[] => table.columns.map((c) => c.header[lang]);
