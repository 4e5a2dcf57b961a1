// The scenario CLI end to end, as a trainer or a tool would call it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioJsonSchemaText } from '../../scenarios/format/jsonSchema';

const root = new URL('../../', import.meta.url).pathname;
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scenarios/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const bank = 'scenarios/library/exemple-guichet-banque.json';
const tmp = mkdtempSync(join(tmpdir(), 'comptoir-cli-'));

describe('npm run scenario', () => {
  it('lint: prints nothing and exits 0 on a clean file', () => {
    expect(cli('lint', bank)).toMatchObject({ code: 0, out: '' });
  });

  it('lint: prints file:line:col: severity: message and exits 1 on an error, in French or English', () => {
    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, readFileSync(join(root, bank), 'utf8').replace('"next": "besoin"', '"next": "nulle-part"'));
    const fr = cli('lint', broken);
    expect(fr.code).toBe(1);
    expect(fr.out).toMatch(new RegExp(`^${broken}:\\d+:\\d+: error: Étape inconnue : « nulle-part ».$`, 'm'));
    expect(cli('lint', broken, '--lang', 'en').out).toContain('error: Unknown step: "nulle-part".');
    const json = JSON.parse(cli('lint', broken, '--json').out) as { file: string; diagnostics: { code: string; line: number }[] }[];
    expect(json[0]?.diagnostics.find((d) => d.code === 'ref.unknown-step')?.line).toBeGreaterThan(1);
  });

  it('lint: a missing file is a usage error (exit 2)', () => {
    const r = cli('lint', join(tmp, 'absent.json'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read');
  });

  it('play --choices by id or index prints the report as JSON', () => {
    const r = cli('play', bank, '--choices', 'accueil-chaleureux,1,1,1,1,1,1', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { outcome: { outcome: string }; scores: { overall: number } };
    expect(report.outcome.outcome).toBe('prescriber');
    expect(report.scores.overall).toBe(100);
  });

  it('play --timeout-at lets a timed step expire as a passive decision', () => {
    const report = JSON.parse(cli('play', bank, '--choices', '1', '--timeout-at', 'accueil', '--json').out) as { decisions: { choiceId: string; behaviour: string; timedOut: boolean }[] };
    expect(report.decisions[0]).toMatchObject({ choiceId: 'accueil-silence', behaviour: 'passive', timedOut: true });
  });

  it('play --log re-scores a stored decision log to the same report', () => {
    const played = JSON.parse(cli('play', bank, '--choices', '2,1,1,1,2', '--timer-mode', 'relaxed', '--json').out) as { decisions: { stepId: string; choiceId: string; timedOut: boolean; phase: string; behaviour: string; hesitationMs: number }[] };
    const log = { timerMode: 'relaxed', decisions: played.decisions.map((d) => ({ stepId: d.stepId, choiceId: d.choiceId, timedOut: d.timedOut, phase: d.phase, behaviour: d.behaviour, hesitationMs: d.hesitationMs, at: 0 })) };
    const file = join(tmp, 'decisions.json');
    writeFileSync(file, JSON.stringify(log));
    const again = JSON.parse(cli('play', bank, '--log', file, '--json').out) as { scores: unknown; timerMode: string };
    expect(again.timerMode).toBe('relaxed');
    expect(again.scores).toEqual((played as unknown as { scores: unknown }).scores);
  });

  it('play --log reads an attempt file exactly as the store keeps it', () => {
    const played = JSON.parse(cli('play', bank, '--choices', '1,1,1', '--json').out) as { decisions: { stepId: string; choiceId: string; timedOut: boolean; phase: string; behaviour: string; hesitationMs: number }[]; scores: unknown };
    const log = { timerMode: 'normal', decisions: played.decisions.map((d) => ({ stepId: d.stepId, choiceId: d.choiceId, timedOut: d.timedOut, phase: d.phase, behaviour: d.behaviour, hesitationMs: d.hesitationMs, at: 0 })) };
    const file = join(tmp, 'attempt.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, data: { attempt: { id: 'x', log } } }));
    expect((JSON.parse(cli('play', bank, '--log', file, '--json').out) as { scores: unknown }).scores).toEqual(played.scores);
  });

  it('--help prints the usage', () => {
    expect(cli('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage:') as unknown });
  });

  it('play: a choice that is not offered is refused with the offered ones listed', () => {
    const r = cli('play', bank, '--choices', '9');
    expect(r.code).toBe(2);
    expect(r.err).toContain('offered: 1=accueil-chaleureux');
  });

  it('play --log: a malformed log is refused, an inconsistent one reported as invalid', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"timerMode":"fast","decisions":[]}');
    expect(cli('play', bank, '--log', bad).code).toBe(2);
    const wrong = join(tmp, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ timerMode: 'normal', decisions: [{ stepId: 'offre', choiceId: 'offre-catalogue', timedOut: false, phase: 'influence', behaviour: 'reactive', hesitationMs: 0, at: 0 }] }));
    const r = cli('play', bank, '--log', wrong, '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { status: string }).status).toBe('invalid-log');
  });

  it('analyze prints the range of every score and the optimal and worst paths', () => {
    const r = cli('analyze', bank, '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Raw empathy: -?\d+ … \d+/);
    expect(r.out).toMatch(/^Overall: \d+(\.\d)? … 100 · reliability: 0 … 100$/m);
    expect(r.out).toContain('Service, raw points: reliability -3 … 5 · responsiveness 0 … 2 · assurance -1 … 2 · empathy 0 … 4 · tangibles 0 … 1');
    expect(r.out).toMatch(/Optimal path \(prescriber, overall 100\): accueil-chaleureux → /);
    expect(r.out).toMatch(/Worst path \(lost/);
  });

  it('schema prints the checked-in JSON Schema', () => {
    expect(cli('schema').out).toBe(scenarioJsonSchemaText());
  });

  it('an unknown command is a usage error', () => {
    const r = cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage:');
  });
});
