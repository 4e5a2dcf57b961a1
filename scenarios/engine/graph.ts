// The step graph seen as the scoring sees it: every option of every step (conditions ignored)
// with the steps it can lead to, and on it the minimum and maximum achievable scores, the best
// and worst paths and the path count. Linear on acyclic scenarios; loops are searched exactly
// within their strongly connected component, up to a budget, then bounded soundly. Reliability
// and the overall score, which depend on the commitments at the end, are computed on the graph
// of (step, commitment ledger) pairs.
import type { Behaviour, CommitmentEffect, Outcome, ServiceCharacteristic, Step, TimerMode } from '../format/schema';
import { SERVICE_CHARACTERISTICS } from '../format/schema';
import type { CompiledScenario } from './compile';
import { currentStep, decide, initialState, isMeterDecrease, optionsAt, timeLimitMs, type DecisionInput, type DecisionLog } from './rules';

export const PROACTIVITY_POINTS: Record<Behaviour, number> = { proactive: 2, reactive: 1, passive: 0 };
/** On a timed step in normal timer mode, slow answers keep at least this share of their points. */
export const MIN_HESITATION_FACTOR = 0.5;
/** Weights of the overall score (docs/SCORING.md); the outcome counts too (seed 003: what the customer is worth). */
export const WEIGHTS = { empathy: 0.35, proactivity: 0.35, reliability: 0.15, outcome: 0.15 } as const;
/** The outcome as a score: a prescriber is the best this encounter can end, a lost customer the worst. */
export const OUTCOME_SCORES: Record<Outcome, number> = { prescriber: 100, passive: 50, lost: 0 };

export interface Edge {
  readonly from: string;
  readonly optionId: string;
  readonly timeout: boolean;
  readonly to: string;
  /** next: the option's own next step; rule: an automatic transition; walkout: the walk-out ending. */
  readonly kind: 'next' | 'rule' | 'walkout';
  readonly empathyMax: number;
  readonly empathyMin: number;
  readonly proactivityMax: number;
  readonly proactivityMin: number;
  /** The option's service characteristic tags (seed 002). */
  readonly service: Readonly<Partial<Record<ServiceCharacteristic, number | undefined>>>;
}

export interface Range { readonly min: number; readonly max: number }

export interface PathStep { readonly stepId: string; readonly optionId: string; readonly timeout: boolean; readonly to: string; readonly hesitationMs?: number }

export interface GraphFigures {
  /** Raw empathy and proactivity points (the report normalises against these). */
  readonly empathy: Range;
  readonly proactivity: Range;
  /** Raw points of each service characteristic (the report normalises against these); null where no option is tagged. */
  readonly service: Readonly<Record<ServiceCharacteristic, Range | null>>;
  /** The reliability score, 0–100 (commitments kept of all, at the end). */
  readonly reliability: Range;
  /** The overall score, 0–100, as the report computes it. */
  readonly overall: Range;
  /** False when some range is only sound, not tight (a loop too large to search, or one that changes commitments). */
  readonly exact: boolean;
  readonly approximateAround: readonly string[];
  /** Highest and lowest combined score (empathy and proactivity, each over its own range). */
  readonly optimalPath: readonly PathStep[];
  readonly worstPath: readonly PathStep[];
  readonly pathCount: number;
  readonly pathCountCapped: boolean;
  readonly reachable: ReadonlySet<string>;
  /** Steps from which no ending can be reached (loops without an exit, dead ends). */
  readonly stuck: ReadonlySet<string>;
}

export const PATH_COUNT_CAP = 1_000_000;
const SCC_SEARCH_BUDGET = 200_000;
const MAX_SEARCHED_LOOP = 2_000;

const NO_TAGS: Readonly<Partial<Record<ServiceCharacteristic, number | undefined>>> = {};
/** Above this many (step, ledger) pairs, reliability and overall fall back to sound bounds. */
const MAX_LEDGER_NODES = 100_000;

const coldCache = new WeakMap<CompiledScenario, boolean>();

/** Trust can be under the cold-influence threshold somewhere: it starts there, or something lowers it. */
function coldInfluencePossible(compiled: CompiledScenario): boolean {
  let possible = coldCache.get(compiled);
  if (possible === undefined) {
    const { scenario } = compiled;
    const lowersTrust = (e: { trust?: number | undefined } | undefined) => (e?.trust ?? 0) < 0;
    const { trustBelow } = scenario.rules.coldInfluence;
    possible =
      trustBelow > 0 &&
      (scenario.meters.trust < trustBelow || scenario.steps.some((s) => s.choices.some((c) => lowersTrust(c.effects)) || lowersTrust(s.timer?.timeout.effects)));
    coldCache.set(compiled, possible);
  }
  return possible;
}

/**
 * Every option edge leaving `step`, for the scoring graph in a timer mode: with timing off no
 * timeout can happen, and hesitation only costs points in normal mode.
 */
export function edgesOf(compiled: CompiledScenario, step: Step, timerMode: TimerMode = 'normal'): Edge[] {
  if (step.ending) return [];
  const { scenario, steps, walkOutStep } = compiled;
  const { walkOut, coldInfluence } = scenario.rules;
  const startsAtFloor = scenario.meters.patience <= walkOut.patienceAtOrBelow || scenario.meters.mood <= walkOut.moodAtOrBelow;
  const coldPossible = coldInfluencePossible(compiled);
  const ruleTargets = scenario.transitions.filter((t) => t.phases === undefined || t.phases.includes(step.phase)).map((t) => t.to);
  const options = step.choices.map((c) => ({ id: c.id, timeout: false, behaviour: c.behaviour, empathy: c.empathy, next: c.next, lowers: isMeterDecrease(c.effects), service: c.service ?? NO_TAGS }));
  if (step.timer && timerMode !== 'off') {
    const t = step.timer.timeout;
    options.push({ id: t.id, timeout: true, behaviour: 'passive', empathy: t.empathy, next: t.next, lowers: isMeterDecrease(t.effects), service: NO_TAGS });
  }
  const edges: Edge[] = [];
  const isInfluence = (id: string) => steps.get(id)?.phase === 'influence';
  for (const o of options) {
    const planned = [o.next, ...ruleTargets];
    const targets = new Set(planned);
    // A walk-out replaces the planned step after the cold-influence cost may have been paid.
    const coldBeforeWalkOut = step.phase !== 'influence' && planned.some(isInfluence);
    if (walkOutStep && (o.lowers || startsAtFloor || step.phase === 'prestation')) targets.add(walkOutStep.id);
    const points = PROACTIVITY_POINTS[o.behaviour];
    for (const to of targets) {
      const target = steps.get(to);
      if (!target) continue;
      const mayBeCold = coldPossible && step.phase !== 'influence' && (target.phase === 'influence' || (to === walkOutStep?.id && coldBeforeWalkOut));
      edges.push({
        from: step.id,
        optionId: o.id,
        timeout: o.timeout,
        to,
        kind: to === o.next ? 'next' : ruleTargets.includes(to) ? 'rule' : 'walkout',
        empathyMax: o.empathy,
        empathyMin: o.empathy - (mayBeCold ? coldInfluence.empathyCost : 0),
        proactivityMax: points,
        proactivityMin: step.timer && timerMode === 'normal' && !o.timeout ? points * MIN_HESITATION_FACTOR : points,
        service: o.service,
      });
    }
  }
  return edges;
}

/** Tarjan's algorithm without recursion (scenarios may have 20,000 steps). SCCs come sinks first. */
function stronglyConnected(nodes: readonly string[], succ: (n: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter); low.set(root, counter); counter++;
    stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = succ(frame.node);
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        if (!index.has(child)) {
          index.set(child, counter); low.set(child, counter); counter++;
          stack.push(child); onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}

type Objective = (e: Edge) => number;
/** A best total from a step; its path is kept as linked segments so nothing is copied per step. */
interface Best { value: number; segment: readonly PathStep[] | undefined; rest: Best | undefined }

function pathOf(best: Best | undefined): PathStep[] {
  const out: PathStep[] = [];
  for (let b = best; b?.segment; b = b.rest) out.push(...b.segment);
  return out;
}

interface Goal { readonly objective: Objective; readonly sense: 1 | -1; readonly keepPaths: boolean }

/**
 * Best (max or min) total of each goal's objective over simple paths from each step to an
 * ending, all goals in one pass (loops are searched once for all of them). Returns, per goal,
 * the value at each step that can reach an ending; paths are kept only for goals that ask.
 */
function optimise(
  order: readonly string[][],
  edges: ReadonlyMap<string, readonly Edge[]>,
  isEnding: (id: string) => boolean,
  goals: readonly Goal[],
  approximate: Set<string>,
  entries: ReadonlySet<string>,
): Map<string, Best>[] {
  const results = goals.map(() => new Map<string, Best>());
  const better = (g: Goal, a: number, b: number) => g.sense * a > g.sense * b;
  const edgeStep = (e: Edge): PathStep => ({ stepId: e.from, optionId: e.optionId, timeout: e.timeout, to: e.to });
  for (const component of order) {
    const members = new Set(component);
    if (component.length === 1) {
      const id = component[0]!;
      if (isEnding(id)) {
        for (const best of results) best.set(id, { value: 0, segment: undefined, rest: undefined });
        continue;
      }
      goals.forEach((g, k) => {
        const best = results[k]!;
        let chosen: { value: number; edge: Edge; rest: Best } | undefined;
        for (const e of edges.get(id) ?? []) {
          if (e.to === id) continue; // a self-loop is erased from the scored path
          const rest = best.get(e.to);
          if (!rest) continue;
          const value = g.objective(e) + rest.value;
          if (!chosen || better(g, value, chosen.value)) chosen = { value, edge: e, rest };
        }
        if (chosen) best.set(id, { value: chosen.value, segment: g.keepPaths ? [edgeStep(chosen.edge)] : undefined, rest: g.keepPaths ? chosen.rest : undefined });
      });
      continue;
    }
    // A loop: search simple paths inside the component, leaving it by an edge to a solved step.
    let budget = SCC_SEARCH_BUDGET;
    // Very large loops would also exhaust the call stack: bound them at once.
    let exhausted = component.length > MAX_SEARCHED_LOOP;
    // Only steps where play can enter the loop need their value; the search is exponential in the
    // loop's size, so everything it needs is precomputed per member: the best way out of the loop
    // from each member (it does not depend on the path inside), and the inside edges with their values.
    const local = new Map(component.map((id, i) => [id, i] as const));
    const G = goals.length;
    const exitValue = new Float64Array(component.length * G).fill(Number.NaN);
    const exitEdge: (Edge | undefined)[] = new Array(component.length * G);
    const inside: { to: number; values: Float64Array; edge: Edge }[][] = component.map(() => []);
    component.forEach((id, i) => {
      for (const e of edges.get(id) ?? []) {
        const j = local.get(e.to);
        if (j !== undefined) {
          if (j !== i) inside[i]!.push({ to: j, values: Float64Array.from(goals, (g) => g.objective(e)), edge: e });
          continue;
        }
        for (let k = 0; k < G; k++) {
          const rest = results[k]!.get(e.to);
          if (!rest) continue;
          const v = goals[k]!.objective(e) + rest.value;
          const at = i * G + k;
          if (Number.isNaN(exitValue[at]!) || better(goals[k]!, v, exitValue[at]!)) {
            exitValue[at] = v;
            exitEdge[at] = e;
          }
        }
      }
    });
    const keepAny = goals.some((g) => g.keepPaths);
    for (const startId of exhausted ? [] : component.filter((id) => entries.has(id))) {
      const start = local.get(startId)!;
      const found: ({ value: number; segment: PathStep[]; rest: Best | undefined } | undefined)[] = goals.map(() => undefined);
      const visited = new Uint8Array(component.length);
      visited[start] = 1;
      const trail: PathStep[] = [];
      const sums = new Float64Array(G);
      const search = (node: number): void => {
        for (let k = 0; k < G; k++) {
          const out = exitValue[node * G + k]!;
          if (Number.isNaN(out)) continue;
          const value = sums[k]! + out;
          const current = found[k];
          if (!current || better(goals[k]!, value, current.value)) {
            const e = exitEdge[node * G + k]!;
            found[k] = goals[k]!.keepPaths ? { value, segment: [...trail, edgeStep(e)], rest: results[k]!.get(e.to) } : { value, segment: [], rest: undefined };
          }
        }
        for (const e of inside[node]!) {
          if (--budget < 0) { exhausted = true; return; }
          if (visited[e.to]) continue;
          visited[e.to] = 1;
          if (keepAny) trail.push(edgeStep(e.edge));
          for (let k = 0; k < G; k++) sums[k]! += e.values[k]!;
          search(e.to);
          for (let k = 0; k < G; k++) sums[k]! -= e.values[k]!;
          if (keepAny) trail.pop();
          visited[e.to] = 0;
          if (exhausted) return;
        }
      };
      search(start);
      if (exhausted) break;
      goals.forEach((g, k) => {
        const f = found[k];
        if (f) results[k]!.set(startId, { value: f.value, segment: g.keepPaths ? f.segment : undefined, rest: f.rest });
      });
    }
    if (exhausted) {
      // Sound fallback: every step of the loop contributes its most extreme edge at most once.
      for (const id of component) approximate.add(id);
      goals.forEach((g, k) => {
        const best = results[k]!;
        let inside = 0;
        let exit: number | undefined;
        for (const id of component) {
          let extreme: number | undefined;
          for (const e of edges.get(id) ?? []) {
            const v = g.objective(e);
            if (extreme === undefined || better(g, v, extreme)) extreme = v;
            if (!members.has(e.to)) {
              const rest = best.get(e.to);
              if (rest && (exit === undefined || better(g, v + rest.value, exit))) exit = v + rest.value;
            }
          }
          if (extreme !== undefined && better(g, extreme, 0)) inside += extreme;
        }
        for (const id of component) {
          if (exit !== undefined) best.set(id, { value: inside + exit, segment: undefined, rest: undefined });
          else best.delete(id);
        }
      });
    }
  }
  return results;
}

const round1 = (v: number) => Math.round(v * 10) / 10;
/**
 * A score to one decimal, first snapped to a millionth: the report and the analysis add the same
 * parts in different orders, and float noise must not round one up and the other down.
 */
export const roundScore = (v: number): number => Math.round(Math.round(v * 1e6) / 1e5) / 10;

interface StepGraph {
  readonly edges: ReadonlyMap<string, readonly Edge[]>;
  /** Strongly connected components, sinks first. */
  readonly order: readonly string[][];
  readonly entries: ReadonlySet<string>;
  readonly isEnding: (id: string) => boolean;
}

/**
 * The reliability and overall ranges. Both depend on the commitments at the end, so they are
 * computed on the graph of (step, ledger) pairs reachable from the start, where a ledger is the
 * status of every commitment (absent, open, kept, broken) after the engine's own rules: a
 * choice's commitment, then the end of prestation breaking what is still open. Reliability is
 * read at each reachable ending. The overall score is the report's weighted sum: empathy and
 * proactivity per edge (already normalised against their ranges), reliability and the outcome at
 * the ending, maximised and minimised over simple paths of that graph. That is exact while no
 * loop of the step graph changes the ledger (every return to a step then finds the same
 * commitments, so loop erasure keeps the ledger it read); otherwise, or beyond MAX_LEDGER_NODES
 * pairs, each part's own extreme is taken, which every attempt still fits in.
 */
function combinedRanges(compiled: CompiledScenario, graph: StepGraph, empathy: Range, proactivity: Range): { reliability: Range; overall: Range; around: string[] } {
  const { scenario, steps } = compiled;
  const slot = new Map<string, number>();
  for (const c of scenario.implicitCommitments) if (!slot.has(c.id)) slot.set(c.id, slot.size);
  const implicitCount = slot.size;
  for (const s of scenario.steps) {
    for (const effect of [...s.choices.map((c) => c.commitment), s.timer?.timeout.commitment]) {
      if (effect?.action === 'make' && !slot.has(effect.id)) slot.set(effect.id, slot.size);
    }
  }
  const initial = 'o'.repeat(implicitCount) + '-'.repeat(slot.size - implicitCount);
  const apply = (ledger: string, effect: CommitmentEffect | undefined): string => {
    const i = effect === undefined ? undefined : slot.get(effect.id);
    if (effect === undefined || i === undefined) return ledger;
    const now = ledger[i];
    // Making re-opens what is not open; keeping or breaking changes only what is open.
    const next = effect.action === 'make' ? 'o' : now !== 'o' ? now : effect.action === 'keep' ? 'k' : 'b';
    return next === now ? ledger : ledger.slice(0, i) + next + ledger.slice(i + 1);
  };
  const reliabilityOf = (ledger: string): number => {
    let kept = 0, total = 0;
    for (const ch of ledger) {
      if (ch === '-') continue;
      total++;
      if (ch === 'k') kept++;
    }
    return total === 0 ? 100 : (kept / total) * 100;
  };
  const optionOf = (e: Edge) => {
    const step = steps.get(e.from)!;
    const o = e.timeout ? step.timer?.timeout : step.choices.find((c) => c.id === e.optionId);
    return { step, commitment: o?.commitment, next: o?.next };
  };
  const phaseOf = (id: string | undefined) => (id === undefined ? undefined : steps.get(id)?.phase);
  // The ledgers an edge can leave: a walk-out replaces the planned step after prestation's end
  // may or may not have been reached, depending on which planned step it replaced.
  const ledgersAfter = (e: Edge, ledger: string): string[] => {
    const { step, commitment, next } = optionOf(e);
    const after = apply(ledger, commitment);
    if (step.phase !== 'prestation' || !after.includes('o')) return [after];
    const planned = e.kind !== 'walkout' ? [e.to] : [next, ...scenario.transitions.filter((t) => t.phases === undefined || t.phases.includes(step.phase)).map((t) => t.to)];
    const closed = after.replaceAll('o', 'b');
    const out = new Set<string>();
    for (const id of planned) {
      const phase = phaseOf(id);
      if (phase !== 'prestation') out.add(closed);
      if (phase === undefined || phase === 'prestation') out.add(after);
    }
    return [...out];
  };
  const componentOf = new Map<string, number>();
  graph.order.forEach((component, i) => { for (const id of component) componentOf.set(id, i); });
  const inLoop = (from: string, to: string) => componentOf.get(from) === componentOf.get(to) && ((graph.order[componentOf.get(from)!]?.length ?? 0) > 1 || from === to);

  // The (step, ledger) graph; without any commitment it is the step graph itself.
  const trivial = slot.size === 0;
  const pair = (stepId: string, ledger: string) => (trivial ? stepId : `${stepId}\u0000${ledger}`);
  const pairs = new Map<string, { stepId: string; ledger: string }>();
  const pairEdges = trivial ? graph.edges : new Map<string, Edge[]>();
  const around = new Set<string>();
  let tooLarge = false;
  const start = pair(compiled.start.id, initial);
  pairs.set(start, { stepId: compiled.start.id, ledger: initial });
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const { stepId, ledger } = pairs.get(id)!;
    const out: Edge[] = [];
    for (const e of graph.edges.get(stepId) ?? []) {
      for (const next of trivial ? [ledger] : ledgersAfter(e, ledger)) {
        if (next !== ledger && inLoop(stepId, e.to)) around.add(stepId);
        const to = pair(e.to, next);
        if (!trivial) out.push({ ...e, from: id, to });
        if (!pairs.has(to)) {
          if (pairs.size >= MAX_LEDGER_NODES) { tooLarge = true; break; }
          pairs.set(to, { stepId: e.to, ledger: next });
          queue.push(to);
        }
      }
      if (tooLarge) break;
    }
    if (tooLarge) break;
    if (!trivial) (pairEdges as Map<string, Edge[]>).set(id, out);
  }
  if (tooLarge) return { reliability: { min: 0, max: 100 }, overall: { min: 0, max: 100 }, around: [compiled.start.id] };

  const terminal = new Map<string, number>();
  let rMin = Infinity, rMax = -Infinity, tMin = Infinity, tMax = -Infinity;
  for (const [id, { stepId, ledger }] of pairs) {
    const outcome = steps.get(stepId)?.ending?.outcome;
    if (outcome === undefined) continue;
    const r = reliabilityOf(ledger);
    const t = WEIGHTS.reliability * r + WEIGHTS.outcome * OUTCOME_SCORES[outcome];
    terminal.set(id, t);
    rMin = Math.min(rMin, r); rMax = Math.max(rMax, r);
    tMin = Math.min(tMin, t); tMax = Math.max(tMax, t);
  }
  if (terminal.size === 0) return { reliability: { min: 0, max: 100 }, overall: { min: 0, max: 100 }, around: [] };
  const reliability = { min: round1(rMin), max: round1(rMax) };

  // Normalised empathy and proactivity, as the report computes them: 100 where the range is empty.
  const eSpan = empathy.max - empathy.min;
  const pSpan = proactivity.max - proactivity.min;
  const cE = eSpan > 1e-9 ? (WEIGHTS.empathy * 100) / eSpan : 0;
  const cP = pSpan > 1e-9 ? (WEIGHTS.proactivity * 100) / pSpan : 0;
  const base = (eSpan > 1e-9 ? -cE * empathy.min : WEIGHTS.empathy * 100) + (pSpan > 1e-9 ? -cP * proactivity.min : WEIGHTS.proactivity * 100);
  let high: number;
  let low: number;
  if (around.size === 0) {
    const isEnd = (id: string) => terminal.has(id);
    const succ = (id: string) => [...new Set((pairEdges.get(id) ?? []).map((e) => e.to))];
    const order = trivial ? graph.order : stronglyConnected([start], succ);
    let entries = graph.entries;
    if (!trivial) {
      const componentOfPair = new Map<string, number>();
      order.forEach((component, i) => { for (const id of component) componentOfPair.set(id, i); });
      const found = new Set<string>([start]);
      for (const [from, list] of pairEdges) for (const e of list) if (componentOfPair.get(e.to) !== componentOfPair.get(from)) found.add(e.to);
      entries = found;
    }
    const approximate = new Set<string>();
    const end = (e: Edge) => terminal.get(e.to) ?? 0;
    const [maxAll, minAll] = optimise(order, pairEdges, isEnd, [
      { objective: (e) => cE * e.empathyMax + cP * e.proactivityMax + end(e), sense: 1, keepPaths: false },
      { objective: (e) => cE * e.empathyMin + cP * e.proactivityMin + end(e), sense: -1, keepPaths: false },
    ], approximate, entries) as [Map<string, Best>, Map<string, Best>];
    for (const id of approximate) around.add(pairs.get(id)?.stepId ?? id);
    high = base + (maxAll.get(start)?.value ?? 0);
    low = base + (minAll.get(start)?.value ?? 0);
  } else {
    high = WEIGHTS.empathy * 100 + WEIGHTS.proactivity * 100 + tMax;
    low = (eSpan > 1e-9 ? 0 : WEIGHTS.empathy * 100) + (pSpan > 1e-9 ? 0 : WEIGHTS.proactivity * 100) + tMin;
  }
  const clamp = (v: number) => Math.min(100, Math.max(0, v));
  return { reliability, overall: { min: clamp(roundScore(low)), max: clamp(roundScore(high)) }, around: [...around] };
}

const figuresCache = new WeakMap<CompiledScenario, Map<TimerMode, GraphFigures>>();

/** Bounds, paths and counts of a scenario, for attempts played in `timerMode` (default normal). */
export function analyseGraph(compiled: CompiledScenario, timerMode: TimerMode = 'normal'): GraphFigures {
  let byMode = figuresCache.get(compiled);
  if (!byMode) {
    byMode = new Map();
    figuresCache.set(compiled, byMode);
  }
  const cached = byMode.get(timerMode);
  if (cached) return cached;
  const edges = new Map<string, Edge[]>();
  const succ = new Map<string, string[]>();
  // Reachability from the start, on the option graph.
  const reachable = new Set<string>([compiled.start.id]);
  const queue = [compiled.start.id];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const out = edgesOf(compiled, compiled.steps.get(id)!, timerMode);
    edges.set(id, out);
    const next = [...new Set(out.map((e) => e.to))];
    succ.set(id, next);
    for (const n of next) if (!reachable.has(n)) { reachable.add(n); queue.push(n); }
  }
  const order = stronglyConnected([compiled.start.id], (n) => succ.get(n) ?? []);
  // Entries of each loop: the start, and steps with an edge from outside their component.
  const componentOf = new Map<string, number>();
  order.forEach((component, i) => { for (const id of component) componentOf.set(id, i); });
  const entries = new Set<string>([compiled.start.id]);
  for (const [from, targets] of succ) for (const to of targets) if (componentOf.get(to) !== componentOf.get(from)) entries.add(to);
  const isEnding = (id: string) => compiled.steps.get(id)?.ending !== undefined;
  const approximate = new Set<string>();
  // Only the characteristics some reachable option is tagged with have a range.
  const tagged = SERVICE_CHARACTERISTICS.filter((c) => [...reachable].some((id) => compiled.steps.get(id)!.choices.some((ch) => ch.service?.[c] !== undefined)));
  const [eMaxAll, eMinAll, pMaxAll, pMinAll, ...serviceAll] = optimise(order, edges, isEnding, [
    { objective: (e) => e.empathyMax, sense: 1, keepPaths: false },
    { objective: (e) => e.empathyMin, sense: -1, keepPaths: false },
    { objective: (e) => e.proactivityMax, sense: 1, keepPaths: false },
    { objective: (e) => e.proactivityMin, sense: -1, keepPaths: false },
    ...tagged.flatMap((c) => [
      { objective: (e: Edge) => e.service[c] ?? 0, sense: 1 as const, keepPaths: false },
      { objective: (e: Edge) => e.service[c] ?? 0, sense: -1 as const, keepPaths: false },
    ]),
  ], approximate, entries) as [Map<string, Best>, Map<string, Best>, Map<string, Best>, Map<string, Best>, ...Map<string, Best>[]];
  const at = (m: Map<string, Best> | undefined) => m?.get(compiled.start.id)?.value;
  const [eMax, eMin, pMax, pMin] = [at(eMaxAll), at(eMinAll), at(pMaxAll), at(pMinAll)];
  const empathy = { min: eMin ?? 0, max: eMax ?? 0 };
  const proactivity = { min: pMin ?? 0, max: pMax ?? 0 };
  const service = Object.fromEntries(SERVICE_CHARACTERISTICS.map((c) => {
    const k = tagged.indexOf(c);
    return [c, k < 0 ? null : { min: at(serviceAll[2 * k + 1]) ?? 0, max: at(serviceAll[2 * k]) ?? 0 }];
  })) as Record<ServiceCharacteristic, Range | null>;
  const combined = combinedRanges(compiled, { edges, order, entries, isEnding }, empathy, proactivity);
  for (const id of combined.around) approximate.add(id);
  const eSpan = empathy.max - empathy.min || 1;
  const pSpan = proactivity.max - proactivity.min || 1;
  // The paths shown are played for real (conditions, transitions and walk-outs apply), guided
  // at each step by the best total reachable through each option's own next step.
  const ownEdges = new Map([...edges].map(([id, list]) => [id, list.filter((e) => e.kind === 'next')]));
  const [bestGuide, worstGuide] = optimise(order, ownEdges, isEnding, [
    { objective: (e) => e.empathyMax / eSpan + e.proactivityMax / pSpan, sense: 1, keepPaths: true },
    { objective: (e) => e.empathyMin / eSpan + e.proactivityMin / pSpan, sense: -1, keepPaths: true },
  ], new Set(), entries) as [Map<string, Best>, Map<string, Best>];
  const optimalPath = playGuided(compiled, bestGuide, 1, timerMode);
  const worstPath = playGuided(compiled, worstGuide, -1, timerMode);

  // Stuck: reachable steps from which no ending can be reached (reverse search from the endings).
  const predecessors = new Map<string, string[]>();
  for (const [from, targets] of succ) {
    for (const to of targets) {
      const list = predecessors.get(to);
      if (list) list.push(from);
      else predecessors.set(to, [from]);
    }
  }
  const canEnd = new Set([...reachable].filter(isEnding));
  const pending = [...canEnd];
  while (pending.length > 0) {
    for (const from of predecessors.get(pending.pop()!) ?? []) if (!canEnd.has(from)) { canEnd.add(from); pending.push(from); }
  }
  const stuck = new Set([...reachable].filter((id) => !canEnd.has(id)));

  const { count, capped } = countPaths(order, edges, isEnding, compiled.start.id);
  const figures: GraphFigures = {
    empathy,
    proactivity,
    service,
    reliability: combined.reliability,
    overall: combined.overall,
    exact: approximate.size === 0,
    approximateAround: [...approximate],
    optimalPath,
    worstPath,
    pathCount: count,
    pathCountCapped: capped,
    reachable,
    stuck,
  };
  byMode.set(timerMode, figures);
  return figures;
}

/** A path of the analysis as a decision log, to score it or to draw it (e.g. the best path's mood curve). */
export function pathLog(compiled: CompiledScenario, path: readonly PathStep[]): DecisionLog {
  return {
    timerMode: 'normal',
    decisions: path.map((p) => {
      const step = compiled.steps.get(p.stepId)!;
      const behaviour = p.timeout ? 'passive' : (step.choices.find((c) => c.id === p.optionId)?.behaviour ?? 'passive');
      return { stepId: p.stepId, choiceId: p.optionId, timedOut: p.timeout, phase: step.phase, behaviour, hesitationMs: p.hesitationMs ?? 0, at: 0 };
    }),
  };
}

/**
 * Plays the encounter along the guide's best simple path, for real (conditions, transitions and
 * walk-outs apply); where play leaves the plan, plans again from where it is.
 */
function playGuided(compiled: CompiledScenario, guide: ReadonlyMap<string, Best>, sense: 1 | -1, mode: TimerMode): PathStep[] {
  const path: PathStep[] = [];
  let state = initialState(compiled);
  let plan: readonly PathStep[] = [];
  for (let guard = 0; !state.end && guard <= compiled.steps.size * 2; guard++) {
    const step = currentStep(compiled, state);
    const offered = optionsAt(step, state).filter((o) => !o.timeout || mode !== 'off');
    if (plan[0]?.stepId !== step.id || !offered.some((o) => o.id === plan[0]?.optionId)) {
      plan = pathOf(guide.get(step.id));
    }
    let planned = plan[0];
    if (!planned || !offered.some((o) => o.id === planned?.optionId)) {
      // The plan's option is not offered here (a condition): take the first offered one.
      const fallback = offered[0];
      if (!fallback) break;
      planned = { stepId: step.id, optionId: fallback.id, timeout: fallback.timeout, to: '' };
      plan = [];
    }
    const slow = sense < 0 ? timeLimitMs(step, mode) ?? 0 : 0;
    const input: DecisionInput = planned.timeout ? { kind: 'timeout', hesitationMs: 0 } : { kind: 'choice', choiceId: planned.optionId, hesitationMs: slow };
    const result = decide(compiled, state, input, mode);
    path.push({ stepId: step.id, optionId: planned.optionId, timeout: planned.timeout, to: result.state.stepId, hesitationMs: result.outcome.hesitationMs });
    state = result.state;
    plan = plan.slice(1);
  }
  return path;
}

/** Number of distinct simple option paths from the start to an ending (saturating at the cap). */
function countPaths(order: readonly string[][], edges: ReadonlyMap<string, readonly Edge[]>, isEnding: (id: string) => boolean, startId: string): { count: number; capped: boolean } {
  const counts = new Map<string, number>();
  let capped = false;
  const add = (a: number, b: number) => {
    const s = a + b;
    if (s >= PATH_COUNT_CAP) { capped = true; return PATH_COUNT_CAP; }
    return s;
  };
  for (const component of order) {
    const members = new Set(component);
    for (const id of component) {
      if (isEnding(id)) { counts.set(id, 1); continue; }
      if (component.length === 1) {
        let n = 0;
        for (const e of edges.get(id) ?? []) if (e.to !== id) n = add(n, counts.get(e.to) ?? 0);
        counts.set(id, n);
        continue;
      }
      // Inside a loop: enumerate simple paths within the component, with a budget.
      let n = 0;
      let budget = component.length > MAX_SEARCHED_LOOP ? 0 : SCC_SEARCH_BUDGET;
      const visited = new Set<string>([id]);
      const walk = (node: string): void => {
        for (const e of edges.get(node) ?? []) {
          if (--budget < 0 || capped) { capped = true; return; }
          if (!members.has(e.to)) n = add(n, counts.get(e.to) ?? 0);
          else if (!visited.has(e.to)) { visited.add(e.to); walk(e.to); visited.delete(e.to); }
        }
      };
      walk(id);
      counts.set(id, n);
    }
  }
  return { count: counts.get(startId) ?? 0, capped };
}
