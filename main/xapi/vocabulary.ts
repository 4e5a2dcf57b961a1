// The xAPI vocabulary Comptoir speaks: ADL verbs and activity types, and its own activity ids and
// extension keys as IRIs under one configurable base (every one is listed in docs/XAPI.md).
import { z } from 'zod';

/** Where Comptoir's own IRIs live unless HR configures another base. */
export const DEFAULT_ACTIVITY_BASE = 'https://comptoir.app/xapi';
/** The account namespace of employee ids unless HR configures its own (its HR system's address). */
export const DEFAULT_EMPLOYEE_HOME_PAGE = 'https://comptoir.example/employees';

/** A base under which ids are made: an absolute http(s) IRI, without query, fragment or trailing slash. */
export const IriBaseSchema = z
  .string()
  .trim()
  .max(200)
  .refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'an absolute http(s) address without query, fragment or credentials / une adresse http(s) absolue, sans paramètres, fragment ni identifiants')
  .transform((s) => s.replace(/\/+$/, ''));

export const StatementSettingsSchema = z.strictObject({
  /** Base of Comptoir's activity ids and extension keys. */
  activityBase: IriBaseSchema.default(DEFAULT_ACTIVITY_BASE),
  /** account.homePage of actors identified by their employee id. */
  employeeHomePage: IriBaseSchema.default(DEFAULT_EMPLOYEE_HOME_PAGE),
});
export type StatementSettings = z.infer<typeof StatementSettingsSchema>;
export const DEFAULT_STATEMENT_SETTINGS: StatementSettings = StatementSettingsSchema.parse({});

// ADL's registered identifiers are http: IRIs: names to compare, never addresses to fetch.
/* eslint-disable @microsoft/sdl/no-insecure-url */

/** ADL verbs (the ADL vocabulary, http://adlnet.gov/expapi/verbs/) and the ADL "abandoned" verb of cmi5. */
export const VERBS = {
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { en: 'attempted', fr: 'a commencé' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { en: 'answered', fr: 'a répondu' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { en: 'completed', fr: 'a terminé' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { en: 'passed', fr: 'a réussi' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { en: 'failed', fr: 'a échoué' } },
  abandoned: { id: 'https://w3id.org/xapi/adl/verbs/abandoned', display: { en: 'abandoned', fr: 'a abandonné' } },
} as const;
export type StatementKind = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  /** A scenario: a simulated customer encounter. */
  scenario: 'http://adlnet.gov/expapi/activities/simulation',
  /** One step of a scenario, answered by picking a choice. */
  step: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

/* eslint-enable @microsoft/sdl/no-insecure-url */

/** Extension keys, each an IRI under `<activityBase>/extensions/`. */
export const EXTENSIONS = [
  // result, per attempt
  'empathy', 'proactivity', 'reliability', 'outcome', 'customer-value', 'walk-out', 'phases',
  // result, per decision
  'phase', 'behaviour', 'choice-text', 'timed-out', 'decision-empathy', 'decision-proactivity', 'cold-influence', 'customer-reaction', 'theory',
  // context
  'attempt-kind', 'timer-mode', 'pass-mark', 'content-hash', 'decision-index',
] as const;
export type ExtensionName = (typeof EXTENSIONS)[number];

export interface Vocabulary {
  readonly scenario: (scenarioId: string) => string;
  readonly step: (scenarioId: string, stepId: string) => string;
  readonly extension: (name: ExtensionName) => string;
  /** account.homePage for profiles without an employee id (their id is Comptoir's own). */
  readonly profileHomePage: string;
  readonly employeeHomePage: string;
}

/** The IRIs for one configured base (scenario and step ids are [A-Za-z0-9._-], safe in a path). */
export function vocabulary(settings: StatementSettings = DEFAULT_STATEMENT_SETTINGS): Vocabulary {
  const base = settings.activityBase;
  return {
    scenario: (scenarioId) => `${base}/scenarios/${encodeURIComponent(scenarioId)}`,
    step: (scenarioId, stepId) => `${base}/scenarios/${encodeURIComponent(scenarioId)}/steps/${encodeURIComponent(stepId)}`,
    extension: (name) => `${base}/extensions/${name}`,
    profileHomePage: `${base}/profiles`,
    employeeHomePage: settings.employeeHomePage,
  };
}
