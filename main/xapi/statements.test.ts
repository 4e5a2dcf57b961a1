import { describe, expect, it } from 'vitest';
import { attemptStatements, isoDuration, StatementInputError, type XapiStatement } from './statements';
import { STATEMENT_ID_NAMESPACE, uuidV5 } from './uuid';
import { DEFAULT_STATEMENT_SETTINGS, EXTENSIONS, StatementSettingsSchema, VERBS } from './vocabulary';
import { isUuid, validateStatements } from './validate';
import { allPlayedAttempts, loadScenario, playedAttempt, profile } from '../../tests/lrs/attempt';

const scenario = loadScenario();
const ext = (name: string) => `${DEFAULT_STATEMENT_SETTINGS.activityBase}/extensions/${name}`;
const verbs = (statements: readonly XapiStatement[]) => statements.map((s) => s.verb.display.en ?? '');

describe('uuidV5', () => {
  it('gives the RFC 4122 version-5 UUID (the DNS namespace vector for www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is the same for the same name and different for another name', () => {
    expect(uuidV5('a/attempted/0', STATEMENT_ID_NAMESPACE)).toBe(uuidV5('a/attempted/0', STATEMENT_ID_NAMESPACE));
    expect(uuidV5('a/attempted/0', STATEMENT_ID_NAMESPACE)).not.toBe(uuidV5('a/attempted/1', STATEMENT_ID_NAMESPACE));
  });
});

describe('isoDuration', () => {
  it('writes milliseconds as an ISO 8601 duration at 0.01 s', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(4_256)).toBe('PT4.26S');
    expect(isoDuration(160_000)).toBe('PT2M40S');
    expect(isoDuration(3_600_000)).toBe('PT1H');
    expect(isoDuration(3_723_500)).toBe('PT1H2M3.5S');
    expect(isoDuration(-5)).toBe('PT0S');
  });
});

describe('attemptStatements', () => {
  const attempt = playedAttempt(scenario);
  const statements = attemptStatements({ profile: profile(), attempt, scenario });

  it('makes attempted, one answered per decision, completed, then passed or failed for an assessed, finished attempt', () => {
    expect(verbs(statements)).toEqual(['attempted', ...attempt.log.decisions.map(() => 'answered'), 'completed', attempt.result?.passed ? 'passed' : 'failed']);
    expect(statements[0]!.timestamp).toBe(attempt.startedAt);
    expect(statements.at(-1)!.timestamp).toBe(attempt.finishedAt);
    expect(statements.slice(1, -2).map((s) => s.timestamp)).toEqual(attempt.log.decisions.map((d) => new Date(d.at).toISOString()));
  });

  it('gives each statement a deterministic UUID v5 of attempt id, kind and index, and the same statements twice', () => {
    const ids = statements.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isUuid)).toBe(true);
    expect(ids[0]).toBe(uuidV5(`${attempt.id}/attempted/0`, STATEMENT_ID_NAMESPACE));
    expect(ids[2]).toBe(uuidV5(`${attempt.id}/answered/1`, STATEMENT_ID_NAMESPACE));
    expect(attemptStatements({ profile: profile(), attempt, scenario })).toEqual(statements);
  });

  it('sets context.registration to the attempt id on every statement', () => {
    expect(statements.every((s) => s.context.registration === attempt.id)).toBe(true);
  });

  it('names the actor by an account: the employee id under the configured home page, else the profile uuid under Comptoir\'s', () => {
    expect(statements[0]!.actor).toEqual({ objectType: 'Agent', name: 'Camille Durand', account: { homePage: 'https://comptoir.example/employees', name: 'E-1042' } });
    const { employeeId: _none, ...withoutId } = profile();
    const anonymous = attemptStatements({ profile: withoutId, attempt, scenario });
    expect(anonymous[0]!.actor.account).toEqual({ homePage: 'https://comptoir.app/xapi/profiles', name: profile().id });
    const settings = StatementSettingsSchema.parse({ employeeHomePage: 'https://rh.banque.example/agents/', activityBase: 'https://lms.banque.example/comptoir' });
    const custom = attemptStatements({ profile: profile(), attempt, scenario }, settings);
    expect(custom[0]!.actor.account.homePage).toBe('https://rh.banque.example/agents');
    expect(custom[0]!.object.id).toBe('https://lms.banque.example/comptoir/scenarios/exemple-guichet-banque');
  });

  it('reports the score on the attempt\'s end statements: scaled = overall / 100, raw in 0–100, success, completion, duration', () => {
    const result = attempt.result!;
    for (const end of statements.slice(-2)) {
      expect(end.result?.score).toMatchObject({ raw: result.overall, min: 0, max: 100 });
      expect(end.result?.score?.scaled).toBeCloseTo(result.overall / 100, 12);
      expect(end.result?.success).toBe(result.passed);
      expect(end.result?.completion).toBe(true);
      expect(end.result?.duration).toBe(isoDuration(Date.parse(attempt.finishedAt!) - Date.parse(attempt.startedAt)));
      expect(end.result?.extensions).toMatchObject({
        [ext('empathy')]: result.empathy,
        [ext('proactivity')]: result.proactivity,
        [ext('reliability')]: result.reliability,
        [ext('outcome')]: result.outcome,
        [ext('customer-value')]: result.customerValue,
        [ext('walk-out')]: result.walkOut,
      });
    }
  });

  it('says passed or failed as the stored result does against the scenario\'s pass mark, for passing and failing attempts alike', () => {
    const attempts = allPlayedAttempts(scenario);
    const seen = new Set<string>();
    for (const a of attempts) {
      const last = attemptStatements({ profile: profile(), attempt: a, scenario }).at(-1)!;
      expect(last.verb.id).toBe(a.result!.passed ? VERBS.passed.id : VERBS.failed.id);
      expect(last.context.extensions[ext('pass-mark')]).toBe(scenario.rules.passMark);
      // Scaled is overall / 100 without float noise (73.4 → 0.734, not 0.7340000000000001).
      expect(last.result?.score?.scaled).toBe(Number((a.result!.overall / 100).toFixed(4)));
      expect(a.result!.passed).toBe(a.result!.overall >= scenario.rules.passMark && a.result!.outcome !== 'lost');
      seen.add(last.verb.display.en ?? '');
    }
    expect(seen).toEqual(new Set(['passed', 'failed']));
  });

  it('records each decision: the step as a choice interaction, the choice id and text, its phase and behaviour', () => {
    const decision = attempt.log.decisions[0]!;
    const step = scenario.steps.find((s) => s.id === decision.stepId)!;
    const answered = statements[1]!;
    expect(answered.verb).toEqual(VERBS.answered);
    expect(answered.object.id).toBe(`https://comptoir.app/xapi/scenarios/${scenario.id}/steps/${step.id}`);
    expect(answered.object.definition?.interactionType).toBe('choice');
    expect(answered.object.definition?.choices?.map((c) => c.id)).toEqual([...step.choices.map((c) => c.id), ...(step.timer ? [step.timer.timeout.id] : [])]);
    expect(answered.result?.response).toBe(decision.choiceId);
    expect(answered.result?.duration).toBe(isoDuration(decision.hesitationMs));
    expect(answered.result?.extensions).toMatchObject({
      [ext('phase')]: decision.phase,
      [ext('behaviour')]: decision.behaviour,
      [ext('choice-text')]: step.choices.find((c) => c.id === decision.choiceId)!.text,
      [ext('timed-out')]: false,
    });
    expect(answered.context.contextActivities?.parent[0]?.id).toBe(`https://comptoir.app/xapi/scenarios/${scenario.id}`);
    expect(answered.context.extensions[ext('decision-index')]).toBe(0);
  });

  it('uses only the documented extension keys, each an IRI under the base', () => {
    const keys = new Set(statements.flatMap((s) => [...Object.keys(s.result?.extensions ?? {}), ...Object.keys(s.context.extensions)]));
    expect([...keys].every((k) => EXTENSIONS.some((name) => k === ext(name)))).toBe(true);
    expect(keys.size).toBeGreaterThan(15);
  });

  it('gives a practice attempt no verdict: completed with its score, no success, no passed or failed', () => {
    const practice = playedAttempt(scenario, { kind: 'practice' });
    const out = attemptStatements({ profile: profile(), attempt: practice, scenario });
    expect(verbs(out).at(-1)).toBe('completed');
    expect(out.at(-1)!.result?.success).toBeUndefined();
    expect(out.every((s) => s.context.extensions[ext('attempt-kind')] === 'practice')).toBe(true);
  });

  it('ends an abandoned attempt with abandoned (completion false); an attempt in progress has no end statement', () => {
    const abandoned = attemptStatements({ profile: profile(), attempt: playedAttempt(scenario, { decisions: 2, status: 'abandoned' }), scenario });
    expect(verbs(abandoned)).toEqual(['attempted', 'answered', 'answered', 'abandoned']);
    expect(abandoned.at(-1)!.result).toEqual({ completion: false, duration: 'PT1M' });
    const open = attemptStatements({ profile: profile(), attempt: playedAttempt(scenario, { decisions: 2 }), scenario });
    expect(verbs(open)).toEqual(['attempted', 'answered', 'answered']);
    // Queuing the same attempt later only adds statements: the first ones are identical.
    expect(statements.slice(0, 3)).toEqual(open);
  });

  it('makes only valid xAPI 1.0.3 statements, for every path through the scenario', () => {
    for (const a of allPlayedAttempts(scenario, 60)) expect(validateStatements(attemptStatements({ profile: profile(), attempt: a, scenario }))).toEqual({ ok: true });
  });

  it('refuses an attempt on another scenario version, another profile\'s attempt and a log that does not replay', () => {
    expect(() => attemptStatements({ profile: profile(), attempt: { ...attempt, scenarioVersion: 99 }, scenario })).toThrow(StatementInputError);
    expect(() => attemptStatements({ profile: profile({ id: '0f8e6c4a-2b1d-4e3f-9a8b-7c6d5e4f3a2b' }), attempt, scenario })).toThrow(/belongs to profile/);
    const broken = { ...attempt, log: { ...attempt.log, decisions: [{ ...attempt.log.decisions[0]!, stepId: 'nowhere' }] } };
    expect(() => attemptStatements({ profile: profile(), attempt: broken, scenario })).toThrow(/does not replay/);
  });
});
