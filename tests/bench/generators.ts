// Generators of large scenario-shaped inputs for the benches and the tests that need them:
// deterministic (seeded), phases in order, three choices a step, timers, a few loops back.
// Also: the same scenario as an ink story (the engine bench's comparison), a seeded choice
// sequence, and stores of many attempts written straight in the store's on-disk format.
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioInput } from '../support/scenarios';
import { PHASES, type Scenario, type ScenarioInput } from '../../scenarios/format/schema';
import { PROACTIVITY_POINTS } from '../../scenarios/engine/graph';
import type { DecisionLogEntry } from '../../scenarios/engine/rules';
import { STORE_VERSION, type Attempt, type AttemptSummary, type Profile } from '../../main/store/schema';

/** A small deterministic pseudo-random sequence (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const text = (s: string) => ({ fr: `${s} en français`, en: `${s} in English` });

/** A scenario of `steps` decision steps (plus four endings) shaped like an authored one. */
export function scenarioShaped(steps: number, seed = 1): ScenarioInput {
  const random = seeded(seed);
  const id = (i: number) => (i < steps ? `s${i}` : i === steps ? 'end-prescriber' : 'end-passive');
  const list: ScenarioInput['steps'] = [];
  for (let i = 0; i < steps; i++) {
    const phase = PHASES[Math.min(3, Math.floor((i * 4) / steps))]!;
    const back = i > 10 && random() < 0.02 ? id(i - 1 - Math.floor(random() * 5)) : undefined;
    const choices = [
      { id: `s${i}-a`, text: text(`Choix A ${i}`), behaviour: 'proactive' as const, empathy: 2, effects: { mood: 3, trust: 2 }, feedback: text('Bien'), theory: 'seduction-first' as const, next: id(i + 1) },
      { id: `s${i}-b`, text: text(`Choix B ${i}`), behaviour: 'reactive' as const, empathy: 0, effects: { patience: -2 }, feedback: text('Moyen'), theory: 'commercial-passivity' as const, next: id(Math.min(steps + 1, i + 2)) },
      { id: `s${i}-c`, text: text(`Choix C ${i}`), behaviour: 'passive' as const, empathy: -2, effects: { mood: -4 }, feedback: text('Mal'), theory: 'empathic-image' as const, next: back ?? id(i + 1) },
    ];
    const timer = random() < 0.1 ? { seconds: 20, timeout: { id: `s${i}-t`, feedback: text('Trop tard'), theory: 'commercial-passivity' as const, next: id(i + 1) } } : undefined;
    list.push({ id: `s${i}`, phase, customer: { line: text(`Réplique ${i}`), emotion: 'neutral' }, choices, ...(timer ? { timer } : {}) });
  }
  list.push(
    { id: 'end-prescriber', phase: 'ancrage', customer: { line: text('Merci'), emotion: 'delighted' }, ending: { outcome: 'prescriber' } },
    { id: 'end-passive', phase: 'ancrage', customer: { line: text('Au revoir'), emotion: 'neutral' }, ending: { outcome: 'passive' } },
    { id: 'end-lost', phase: 'ancrage', customer: { line: text('Adieu'), emotion: 'annoyed' }, ending: { outcome: 'lost' } },
    { id: 'end-walkout', phase: 'prestation', customer: { line: text('Je pars'), emotion: 'angry' }, ending: { outcome: 'lost', walkOut: true } },
  );
  // end-lost is reached from the first step's extra choice, so every ending is used.
  list[0]!.choices!.push({ id: 's0-d', text: text('Choix D'), behaviour: 'passive', empathy: -3, feedback: text('Très mal'), theory: 'empathic-image', next: 'end-lost' });
  return scenarioInput(list, {
    id: `generated-${steps}`,
    title: text('Scénario généré'),
    meters: { mood: 60, trust: 60, patience: 80 },
    rules: { walkOut: { step: 'end-walkout' } },
  });
}

// --- The same scenario as an ink story -------------------------------------------------------

/** An ink identifier for a step id (ink names allow letters, digits and underscores). */
const knot = (id: string) => `k_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** Ink markup characters in a text line, escaped. */
const inkText = (s: string) => s.replace(/[\\[\]{}|#~*+<>=-]/g, (c) => `\\${c}`).replace(/\/\//g, '/\\/');

/**
 * The scenario as an ink story with the same graph and the same arithmetic, written as an ink
 * author would (inline statements and ink's built-in MIN and MAX, no ink functions, which are
 * slow): each step is a knot that says the customer's line and offers the same choices in the
 * same order (sticky, so loops back offer them again); a choice applies its meter effects
 * (clamped to 0–100), adds its empathy and proactivity points and the offered best and worst to
 * running totals, pays the cold-influence cost when it enters influence under the trust
 * threshold, updates the live score and, when it lowers mood or patience, checks the walk-out
 * before its divert. Scenarios using conditions, flags, commitments, transitions or services are
 * refused (the generated ones use none). With `arithmetic: false` the story keeps only the
 * graph: lines, choices and diverts, no variables.
 */
export function inkStoryOf(scenario: Scenario, options: { readonly arithmetic?: boolean } = {}): string {
  const arithmetic = options.arithmetic ?? true;
  if (scenario.transitions.length > 0 || scenario.implicitCommitments.length > 0) throw new Error('inkStoryOf: transitions and implicit commitments are not translated');
  const steps = new Map(scenario.steps.map((s) => [s.id, s]));
  const lang = scenario.mainLanguage;
  const { walkOut, coldInfluence } = scenario.rules;
  const walkOutStep = arithmetic ? walkOut.step : undefined;
  const startsAtFloor = scenario.meters.patience <= walkOut.patienceAtOrBelow || scenario.meters.mood <= walkOut.moodAtOrBelow;
  const offeredAt = (step: Scenario['steps'][number]) => {
    // What the scoring counts as offered: every choice, and the timeout branch of a timed step.
    const offered = step.choices.map((c) => ({ empathy: c.empathy, points: PROACTIVITY_POINTS[c.behaviour] }));
    if (step.timer) offered.push({ empathy: step.timer.timeout.empathy, points: 0 });
    return {
      eb: Math.max(...offered.map((o) => o.empathy)),
      ew: Math.min(...offered.map((o) => o.empathy)),
      pb: Math.max(...offered.map((o) => o.points)),
      pw: Math.min(...offered.map((o) => o.points)),
    };
  };
  // Where every step offers a spread, the live score's denominators are never zero after a decision.
  const spreads = scenario.steps.filter((s) => !s.ending).map(offeredAt);
  const live = (v: string, lo: string, hi: string, name: string, alwaysSpread: boolean) =>
    alwaysSpread ? [`  ~ ${name} = (${v} - ${lo}) * 100.0 / (${hi} - ${lo})`] : [`  { ${hi} > ${lo}:`, `    ~ ${name} = (${v} - ${lo}) * 100.0 / (${hi} - ${lo})`, '  - else:', `    ~ ${name} = 100`, '  }'];
  const liveEmpathy = live('empathy', 'eWorst', 'eBest', 'liveEmpathy', spreads.every((o) => o.eb > o.ew));
  const liveProactivity = live('points', 'pWorst', 'pBest', 'liveProactivity', spreads.every((o) => o.pb > o.pw));
  const meter = (name: string, delta: number | undefined) =>
    !delta ? [] : delta > 0 ? [`  ~ ${name} = MIN(${name} + ${delta}, 100)`] : [`  ~ ${name} = MAX(${name} - ${-delta}, 0)`];
  const add = (name: string, value: number) => (value === 0 ? [] : [`  ~ ${name} = ${name} ${value > 0 ? '+' : '-'} ${Math.abs(value)}`]);

  const out: string[] = [];
  if (arithmetic) {
    out.push(`VAR mood = ${scenario.meters.mood}`, `VAR trust = ${scenario.meters.trust}`, `VAR patience = ${scenario.meters.patience}`);
    for (const v of ['empathy', 'eBest', 'eWorst', 'points', 'pBest', 'pWorst']) out.push(`VAR ${v} = 0`);
    out.push('VAR liveEmpathy = 100', 'VAR liveProactivity = 100');
  }
  out.push(`-> ${knot(scenario.start ?? scenario.steps[0]!.id)}`, '');
  for (const step of scenario.steps) {
    out.push(`=== ${knot(step.id)} ===`, inkText(step.customer.line[lang] ?? step.id));
    if (step.ending) {
      out.push('-> END', '');
      continue;
    }
    const { eb, ew, pb, pw } = offeredAt(step);
    for (const c of step.choices) {
      if (c.condition || c.commitment || c.setFlags || c.service) throw new Error(`inkStoryOf: choice ${c.id} uses a feature that is not translated`);
      const target = steps.get(c.next);
      if (!target) throw new Error(`inkStoryOf: unknown step ${c.next}`);
      out.push(`+ [${inkText(c.text[lang] ?? c.id)}]`);
      if (arithmetic) {
        const e = c.effects ?? {};
        out.push(...meter('mood', e.mood), ...meter('trust', e.trust), ...meter('patience', e.patience));
        out.push(...add('empathy', c.empathy), ...add('points', PROACTIVITY_POINTS[c.behaviour]));
        out.push(...add('eBest', eb), ...add('eWorst', ew), ...add('pBest', pb), ...add('pWorst', pw));
        if (step.phase !== 'influence' && target.phase === 'influence') {
          out.push(`  { trust < ${coldInfluence.trustBelow}:`, `    ~ trust = MAX(trust - ${coldInfluence.trustCost}, 0)`, ...add('empathy', -coldInfluence.empathyCost).map((l) => `  ${l}`), ...add('eWorst', -coldInfluence.empathyCost).map((l) => `  ${l}`), '  }');
        }
        out.push(...liveEmpathy, ...liveProactivity);
        const lowers = (e.mood ?? 0) < 0 || (e.patience ?? 0) < 0;
        if (walkOutStep !== undefined && !target.ending && (lowers || startsAtFloor)) {
          out.push(`  { patience <= ${walkOut.patienceAtOrBelow} or mood <= ${walkOut.moodAtOrBelow}: -> ${knot(walkOutStep)} }`);
        }
      }
      out.push(`  -> ${knot(target.id)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * A seeded sequence of choice positions (0-based) for long playthroughs of scenarioShaped():
 * mostly the first choice (mood up), the third a quarter of the time (mood down, sometimes a
 * loop back), the second rarely (it costs patience, and 40 of them make the customer walk out).
 */
export function choiceSequence(length: number, seed = 7): number[] {
  const random = seeded(seed);
  return Array.from({ length }, () => {
    const r = random();
    return r < 0.01 ? 1 : r < 0.26 ? 2 : 0;
  });
}

// --- Stores of many attempts, in the store's on-disk format ----------------------------------

/** A version-4 UUID from a seeded sequence (deterministic, valid for z.uuid()). */
export function seededUuid(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  const variant = '89ab'[Math.floor(random() * 4)]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `count` months ending with the month of `now`, oldest first, as yyyy-mm. */
export function monthsUpTo(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export interface AttemptsOptions {
  readonly seed?: number;
  /** Months the attempts are spread over, ending with the month of `now` (default 24). */
  readonly months?: number;
  /** Attempts still in progress, all started this month (default 20). */
  readonly inProgress?: number;
  readonly now?: Date;
  /** Trainee profiles (default: one per 200 attempts, at least one). */
  readonly profiles?: number;
}

export interface AttemptsShaped {
  readonly attempts: Attempt[];
  readonly profiles: Profile[];
  /** Ids of the attempts in progress (the last ones, this month). */
  readonly inProgress: string[];
  readonly months: string[];
  readonly now: Date;
}

const SCENARIO_IDS = ['exemple-guichet-banque', 'exemple-boulangerie-commande', 'hotel-client-mystere', 'sav-reparation-urgente', 'salle-sport-renouvellement'];

/**
 * `count` attempts shaped like a workstation's history: chronological over the months, 6–14
 * decisions each, mostly finished (with their result), some abandoned, the last few in progress.
 */
export function attemptsShaped(count: number, options: AttemptsOptions = {}): AttemptsShaped {
  const random = seeded(options.seed ?? 11);
  const now = options.now ?? new Date();
  const months = monthsUpTo(now, options.months ?? 24);
  const inProgress = Math.min(count, options.inProgress ?? 20);
  const profileCount = options.profiles ?? Math.max(1, Math.round(count / 200));
  const profiles: Profile[] = Array.from({ length: profileCount }, (_, i) => ({
    id: seededUuid(random),
    displayName: `Stagiaire ${i + 1}`,
    employeeId: `E${String(100000 + i)}`,
    cohort: `Promo ${2024 + (i % 3)}`,
    createdAt: new Date(Date.UTC(now.getUTCFullYear() - 2, 0, 1)).toISOString(),
  }));
  const hashes = SCENARIO_IDS.map((id) => createHash('sha256').update(id).digest('hex'));
  const attempts: Attempt[] = [];
  const currentMonthStart = Date.parse(`${months.at(-1)!}-01T00:00:00Z`);
  for (let i = 0; i < count; i++) {
    const live = i >= count - inProgress;
    const month = live ? months.at(-1)! : months[Math.min(months.length - 1, Math.floor((i * months.length) / count))]!;
    const monthStart = Date.parse(`${month}-01T00:00:00Z`);
    // Started within the month (this month: before `now`).
    const span = month === months.at(-1) ? Math.max(1, now.getTime() - currentMonthStart) : 27 * 86_400_000;
    let at = monthStart + Math.floor(random() * span * 0.9);
    const startedAt = new Date(at).toISOString();
    const s = Math.floor(random() * SCENARIO_IDS.length);
    const timerMode = random() < 0.8 ? 'normal' : 'off';
    const decisions: DecisionLogEntry[] = [];
    const n = 6 + Math.floor(random() * 9);
    for (let d = 0; d < n; d++) {
      const hesitationMs = 800 + Math.floor(random() * 9000);
      at += hesitationMs + 1500;
      const r = random();
      decisions.push({
        stepId: `etape-${d + 1}`,
        choiceId: `etape-${d + 1}-${r < 0.5 ? 'a' : r < 0.8 ? 'b' : 'c'}`,
        timedOut: r > 0.97,
        phase: PHASES[Math.min(3, Math.floor((d * 4) / n))]!,
        behaviour: r < 0.5 ? 'proactive' : r < 0.8 ? 'reactive' : 'passive',
        hesitationMs,
        at,
      });
    }
    const status = live ? 'in-progress' : random() < 0.9 ? 'finished' : 'abandoned';
    const updatedAt = new Date(at).toISOString();
    const overall = Math.round(random() * 1000) / 10;
    attempts.push({
      id: seededUuid(random),
      profileId: profiles[Math.floor(random() * profiles.length)]!.id,
      scenarioId: SCENARIO_IDS[s]!,
      scenarioVersion: 1,
      contentHash: hashes[s]!,
      timerMode,
      kind: random() < 0.7 ? 'assessed' : 'practice',
      status,
      startedAt,
      updatedAt,
      ...(status === 'finished' ? { finishedAt: updatedAt } : {}),
      log: { timerMode, decisions },
      ...(status === 'finished'
        ? { result: { outcome: overall >= 60 ? 'prescriber' : overall >= 40 ? 'passive' : 'lost', walkOut: false, customerValue: overall >= 60 ? 500 : overall >= 40 ? 300 : 0, overall, empathy: overall, proactivity: overall, reliability: 100, passed: overall >= 60 } as const }
        : {}),
    });
  }
  return { attempts, profiles, inProgress: attempts.slice(count - inProgress).map((a) => a.id), months, now };
}

const summaryOf = (a: Attempt): AttemptSummary => {
  const { log, ...rest } = a;
  return { ...rest, decisions: log.decisions.length };
};

/** A document in the store's envelope (main/store/document.ts: encodeDocument). */
const envelope = (data: unknown) => `${JSON.stringify({ schemaVersion: STORE_VERSION, data })}\n`;

/**
 * Writes attempts straight into a data folder in the store's on-disk format, as main/store
 * would have left it: profiles.json, attempts/<first two characters of the id>/<id>.json, a
 * summary index per month (index/yyyy-mm.json) and index/in-progress.json. The attempt files are
 * written 32 at a time (creating 100,000 files one after the other is the slow part).
 */
export async function writeStoreFixture(dataDir: string, shaped: AttemptsShaped): Promise<void> {
  mkdirSync(join(dataDir, 'index'), { recursive: true });
  writeFileSync(join(dataDir, 'profiles.json'), envelope({ profiles: shaped.profiles }));
  const byMonth = new Map<string, Record<string, AttemptSummary>>();
  const inProgress: Record<string, AttemptSummary> = {};
  const made = new Set<string>();
  for (const attempt of shaped.attempts) {
    const dir = join(dataDir, 'attempts', attempt.id.slice(0, 2));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const summary = summaryOf(attempt);
    const month = attempt.startedAt.slice(0, 7);
    let index = byMonth.get(month);
    if (!index) byMonth.set(month, (index = {}));
    index[attempt.id] = summary;
    if (attempt.status === 'in-progress') inProgress[attempt.id] = summary;
  }
  let next = 0;
  const writer = async () => {
    while (next < shaped.attempts.length) {
      const attempt = shaped.attempts[next++]!;
      await writeFile(join(dataDir, 'attempts', attempt.id.slice(0, 2), `${attempt.id}.json`), envelope({ attempt }));
    }
  };
  await Promise.all(Array.from({ length: 32 }, writer));
  for (const [month, attempts] of byMonth) writeFileSync(join(dataDir, 'index', `${month}.json`), envelope({ attempts }));
  writeFileSync(join(dataDir, 'index', 'in-progress.json'), envelope({ attempts: inProgress }));
}

/**
 * Copies a folder tree with hard links (a copy of each file where a link cannot be made, as
 * across file systems): 100,000 attempt files link in about a second where writing them takes
 * several. Safe for stores because main/store never writes a file in place: every write goes to a
 * temp file renamed over the old name, which leaves the linked original untouched.
 */
export function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

interface WrittenStore {
  readonly dir: string;
  readonly shaped: AttemptsShaped;
  readonly generateMs: number;
}

const writtenStores = new Map<number, WrittenStore>();
let writtenRoot: string | undefined;

/**
 * A store of `count` attempts for this process's benches, written by attemptsShaped() and
 * writeStoreFixture() the first time it is asked for (with that caller's `now`), and handed out
 * as a hard-linked copy in `dataDir` each time (see linkTree), so the store and start-up benches
 * share one 100,000-attempt store instead of writing it twice. The originals are removed when the
 * process exits. `generateMs` is the time the first writing took; `linked` whether this call
 * only linked.
 */
export async function storeFixtureIn(dataDir: string, count: number, now: Date): Promise<WrittenStore & { readonly linked: boolean }> {
  let written = writtenStores.get(count);
  const linked = written !== undefined;
  if (!written) {
    if (!writtenRoot) {
      const root = mkdtempSync(join(tmpdir(), 'comptoir-bench-stores-'));
      writtenRoot = root;
      process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    }
    const shaped = attemptsShaped(count, { now });
    const dir = join(writtenRoot, `store-${count}`);
    const start = performance.now();
    await writeStoreFixture(dir, shaped);
    written = { dir, shaped, generateMs: performance.now() - start };
    writtenStores.set(count, written);
  }
  linkTree(written.dir, dataDir);
  return { ...written, linked };
}
