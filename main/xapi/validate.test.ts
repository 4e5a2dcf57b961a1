import { describe, expect, it } from 'vitest';
import { isIsoDuration, isIsoTimestamp, isLanguageTag, validateStatement, validateStatements, type Validation } from './validate';
import { attemptStatements } from './statements';
import { loadScenario, playedAttempt, profile } from '../../tests/lrs/attempt';

const good = () => ({
  id: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  actor: { objectType: 'Agent', account: { homePage: 'https://comptoir.example/employees', name: 'E-1042' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { en: 'completed', fr: 'a terminé' } },
  object: { objectType: 'Activity', id: 'https://comptoir.app/xapi/scenarios/x', definition: { name: { fr: 'X' } } },
  result: { score: { scaled: 0.5, raw: 50, min: 0, max: 100 }, success: true, completion: true, duration: 'PT2M40S', extensions: { 'https://comptoir.app/xapi/extensions/empathy': 80 } },
  context: { registration: 'a1c3e5f7-0b2d-4e6f-8a1c-3e5f70b2d4e6', revision: '2', platform: 'Comptoir', language: 'fr', extensions: { 'https://comptoir.app/xapi/extensions/attempt-kind': 'assessed' } },
  timestamp: '2025-03-03T09:02:40.000Z',
});
type Statement = ReturnType<typeof good>;

const issuesOf = (v: Validation) => (v.ok ? [] : v.issues);

/** The statement broken by `breakIt` is refused, with an issue at `path` whose reason matches `reason`. */
function expectRefused(breakIt: (s: Statement) => unknown, path: string, reason: RegExp) {
  const result = validateStatement(breakIt(good()));
  expect(result.ok).toBe(false);
  expect(issuesOf(result)).toContainEqual({ path, reason: expect.stringMatching(reason) });
}

describe('validateStatement (xAPI 1.0.3)', () => {
  it('accepts a well-formed statement, and every statement Comptoir makes for a played attempt', () => {
    expect(validateStatement(good())).toEqual({ ok: true });
    const scenario = loadScenario();
    for (const status of ['finished', 'abandoned', 'in-progress'] as const) {
      const attempt = playedAttempt(scenario, status === 'finished' ? {} : { decisions: 3, status });
      expect(validateStatements(attemptStatements({ profile: profile(), attempt, scenario }))).toEqual({ ok: true });
    }
  });

  it('refuses an agent without an identifier, with two identifiers, or with a broken one', () => {
    expectRefused((s) => ({ ...s, actor: { objectType: 'Agent', name: 'Camille' } }), 'actor', /exactly one identifier.*none/);
    expectRefused((s) => ({ ...s, actor: { ...s.actor, mbox: 'mailto:camille@example.org' } }), 'actor', /exactly one identifier.*mbox, account/);
    expectRefused((s) => ({ ...s, actor: { mbox: 'camille@example.org' } }), 'actor.mbox', /mailto:/);
    expectRefused((s) => ({ ...s, actor: { mbox_sha1sum: 'xyz' } }), 'actor.mbox_sha1sum', /40 hex/);
    expectRefused((s) => ({ ...s, actor: { account: { homePage: 'not a page', name: 'E-1' } } }), 'actor.account.homePage', /IRL/);
    expectRefused((s) => ({ ...s, actor: { account: { homePage: 'https://comptoir.example/employees' } } }), 'actor.account.name', /.+/);
  });

  it('refuses a group with two identifiers or an anonymous group without members', () => {
    expectRefused((s) => ({ ...s, actor: { objectType: 'Group', name: 'Cohorte' } }), 'actor.member', /anonymous Group/);
    expectRefused((s) => ({ ...s, actor: { objectType: 'Group', mbox: 'mailto:a@example.org', openid: 'https://id.example.org/a' } }), 'actor', /at most one identifier/);
  });

  it('refuses a verb whose id is not an absolute IRI or whose display is not a language map', () => {
    expectRefused((s) => ({ ...s, verb: { id: 'completed', display: s.verb.display } }), 'verb.id', /absolute IRI/);
    expectRefused((s) => ({ ...s, verb: { id: 'https:completed' } }), 'verb.id', /absolute IRI/);
    expectRefused((s) => ({ ...s, verb: { ...s.verb, display: { 'en_US': 'completed' } } }), 'verb.display.en_US', /RFC 5646/);
    expectRefused((s) => ({ ...s, verb: { ...s.verb, display: { en: 42 } } }), 'verb.display.en', /string/i);
  });

  it('refuses an object without an IRI id, of an unknown type, or with interaction components its type does not allow', () => {
    expectRefused((s) => ({ ...s, object: { objectType: 'Activity' } }), 'object.id', /.+/);
    expectRefused((s) => ({ ...s, object: { id: 'scenario x' } }), 'object.id', /absolute IRI/);
    expectRefused((s) => ({ ...s, object: { objectType: 'Lesson', id: 'https://comptoir.app/x' } }), 'object', /unknown object.objectType "Lesson"/);
    expectRefused((s) => ({ ...s, object: { id: 'https://comptoir.app/x', definition: { interactionType: 'true-false', choices: [{ id: 'a' }] } } }), 'object.definition.choices', /only allowed with interactionType choice or sequencing/);
    expectRefused((s) => ({ ...s, object: { id: 'https://comptoir.app/x', definition: { interactionType: 'choice', choices: [{ id: 'a' }, { id: 'a' }] } } }), 'object.definition.choices.1.id', /used twice/);
    expectRefused((s) => ({ ...s, object: { objectType: 'StatementRef', id: 'nope' } }), 'object.id', /UUID/);
  });

  it('refuses a scaled score outside [-1, 1], a raw score outside min…max and min not below max', () => {
    expectRefused((s) => ({ ...s, result: { ...s.result, score: { scaled: 1.2 } } }), 'result.score.scaled', /between -1 and 1/);
    expectRefused((s) => ({ ...s, result: { ...s.result, score: { scaled: -1.01 } } }), 'result.score.scaled', /between -1 and 1/);
    expectRefused((s) => ({ ...s, result: { ...s.result, score: { raw: 120, min: 0, max: 100 } } }), 'result.score.raw', /above score.max/);
    expectRefused((s) => ({ ...s, result: { ...s.result, score: { raw: -1, min: 0, max: 100 } } }), 'result.score.raw', /below score.min/);
    expectRefused((s) => ({ ...s, result: { ...s.result, score: { min: 100, max: 100 } } }), 'result.score.min', /less than score.max/);
  });

  it('refuses a duration that is not ISO 8601', () => {
    expectRefused((s) => ({ ...s, result: { ...s.result, duration: '160 s' } }), 'result.duration', /ISO 8601 duration/);
    expectRefused((s) => ({ ...s, result: { ...s.result, duration: 'PT' } }), 'result.duration', /ISO 8601 duration/);
  });

  it('refuses a timestamp that is not an ISO 8601 date-time with a time zone', () => {
    expectRefused((s) => ({ ...s, timestamp: '03/03/2025 09:02' }), 'timestamp', /ISO 8601 date-time/);
    expectRefused((s) => ({ ...s, timestamp: '2025-03-03T09:02:40' }), 'timestamp', /time zone/);
    expectRefused((s) => ({ ...s, timestamp: '2025-02-30T09:02:40Z' }), 'timestamp', /ISO 8601/);
    expectRefused((s) => ({ ...s, timestamp: '2025-03-03T09:02:40-00:00' }), 'timestamp', /ISO 8601/);
  });

  it('refuses a statement id or a registration that is not a UUID', () => {
    expectRefused((s) => ({ ...s, id: 'attempt-1/completed' }), 'id', /UUID/);
    expectRefused((s) => ({ ...s, id: '2ed6657d-e927-568b-75e1-2665a8aea6a2' }), 'id', /UUID/); // variant bits 01
    expectRefused((s) => ({ ...s, context: { ...s.context, registration: '12345' } }), 'context.registration', /UUID/);
  });

  it('refuses extension keys that are not absolute IRIs, wherever the extensions are', () => {
    expectRefused((s) => ({ ...s, result: { ...s.result, extensions: { empathy: 80 } } }), 'result.extensions.empathy', /not an absolute IRI/);
    expectRefused((s) => ({ ...s, context: { ...s.context, extensions: { 'attempt kind': 'x' } } }), 'context.extensions.attempt kind', /not an absolute IRI/);
    expectRefused((s) => ({ ...s, object: { ...s.object, definition: { extensions: { 'x y': 1 } } } }), 'object.definition.extensions.x y', /not an absolute IRI/);
  });

  it('refuses language map keys and a context language that are not RFC 5646 tags', () => {
    expectRefused((s) => ({ ...s, object: { ...s.object, definition: { name: { 'fr FR': 'X' } } } }), 'object.definition.name.fr FR', /RFC 5646/);
    expectRefused((s) => ({ ...s, context: { ...s.context, language: 'fr_FR' } }), 'context.language', /RFC 5646/);
  });

  it('refuses unknown properties, nulls, revision or platform on a non-activity object, and a voiding statement without a StatementRef', () => {
    expectRefused((s) => ({ ...s, score: 50 }), '', /Unrecognized key.*score/);
    expectRefused((s) => ({ ...s, result: { ...s.result, success: null } }), 'result.success', /boolean/i);
    expectRefused((s) => ({ ...s, object: { objectType: 'Agent', mbox: 'mailto:a@example.org' } }), 'context.revision', /only allowed when the object is an Activity/);
    expectRefused((s) => ({ ...s, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } }), 'object', /StatementRef/);
    expectRefused((s) => ({ ...s, version: '2.0.0' }), 'version', /1\.0/);
  });

  it('refuses a sub-statement that nests another', () => {
    expectRefused((s) => ({ ...s, context: undefined, object: { objectType: 'SubStatement', actor: s.actor, verb: s.verb, object: { objectType: 'SubStatement' } } }), 'object.object', /cannot contain another SubStatement/);
  });

  it('refuses a batch in which one id appears twice, naming the statement', () => {
    expect(issuesOf(validateStatements([good(), good()]))).toEqual([{ path: '1.id', reason: expect.stringMatching(/appears twice/) }]);
    expect(issuesOf(validateStatements([good(), { ...good(), id: 'x' }]))[0]?.path).toBe('1.id');
  });
});

describe('formats', () => {
  it('reads RFC 5646 tags: language, extlang, script, region, variants, extensions, private use', () => {
    for (const tag of ['fr', 'en', 'fr-FR', 'en-US', 'zh-Hant-TW', 'sl-rozaj-biske', 'de-CH-1901', 'es-419', 'zh-yue-HK', 'en-a-bbb-x-a-ccc', 'x-whatever', 'i-klingon']) expect(isLanguageTag(tag), tag).toBe(true);
    for (const tag of ['', 'f', 'fr_FR', 'fr-', 'français', 'en-US-', 'en-a', 'en-x', '123']) expect(isLanguageTag(tag), tag).toBe(false);
  });

  it('reads ISO 8601 durations in the order of their units, a fraction only on the last', () => {
    for (const d of ['PT0S', 'PT4.25S', 'PT2M40S', 'P1Y2M3DT4H5M6S', 'P3W', 'P1D', 'PT1H', 'PT0,5S']) expect(isIsoDuration(d), d).toBe(true);
    for (const d of ['P', 'PT', 'P1DT', 'PT1S2M', 'PT1.5M3S', 'T1S', 'P1H', 'PT-1S', 'pt1s']) expect(isIsoDuration(d), d).toBe(false);
  });

  it('reads ISO 8601 timestamps with a zone, at any precision', () => {
    for (const t of ['2025-03-03T09:02:40.000Z', '2025-03-03T09:02Z', '2025-03-03T09:02:40+01:00', '2024-02-29T23:59:59.123456-0500']) expect(isIsoTimestamp(t), t).toBe(true);
    for (const t of ['2025-03-03', '2025-03-03T09:02:40', '2025-13-01T00:00Z', '2023-02-29T00:00Z', '2025-03-03T24:00Z', '2025-03-03T09:02:60Z', '2025-03-03T09:02:40-00:00']) expect(isIsoTimestamp(t), t).toBe(false);
  });
});
