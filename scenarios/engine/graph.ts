// The step graph seen as the scoring sees it: every option of every step (conditions ignored)
// with the steps it can lead to, and on it the minimum and maximum achievable scores, the best
// and worst paths and the path count. Linear on acyclic scenarios; loops are searched exactly
// within their strongly connected component, up to a budget, then bounded soundly.
import type { Behaviour, Step, TimerMode } from '../format/schema';
import type { CompiledScenario } from './compile';
import { currentStep, decide, initialState, isMeterDecrease, optionsAt, timeLimitMs, type DecisionInput, type DecisionLog } from './rules';

export const PROACTIVITY_POINTS: Record<Behaviour, number> = { proactive: 2, reactive: 1, passive: 0 };
/** On a timed step in normal timer mode, slow answers keep at least this share of their points. */
export const MIN_HESITATION_FACTOR = 0.5;

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
}

export interface Range { readonly min: number; readonly max: number }

export interface PathStep { readonly stepId: string; readonly optionId: string; readonly timeout: boolean; readonly to: string; readonly hesitationMs?: number }

export interface GraphFigures {
  readonly empathy: Range;
  readonly proactivity: Range;
  /** False when a loop was too large to search exactly and the bounds are only sound, not tight. */
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
  const options = step.choices.map((c) => ({ id: c.id, timeout: false, behaviour: c.behaviour, empathy: c.empathy, next: c.next, lowers: isMeterDecrease(c.effects) }));
  if (step.timer && timerMode !== 'off') {
    const t = step.timer.timeout;
    options.push({ id: t.id, timeout: true, behaviour: 'passive', empathy: t.empathy, next: t.next, lowers: isMeterDecrease(t.effects) });
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
  const [eMaxAll, eMinAll, pMaxAll, pMinAll] = optimise(order, edges, isEnding, [
    { objective: (e) => e.empathyMax, sense: 1, keepPaths: false },
    { objective: (e) => e.empathyMin, sense: -1, keepPaths: false },
    { objective: (e) => e.proactivityMax, sense: 1, keepPaths: false },
    { objective: (e) => e.proactivityMin, sense: -1, keepPaths: false },
  ], approximate, entries) as [Map<string, Best>, Map<string, Best>, Map<string, Best>, Map<string, Best>];
  const at = (m: Map<string, Best>) => m.get(compiled.start.id)?.value;
  const [eMax, eMin, pMax, pMin] = [at(eMaxAll), at(eMinAll), at(pMaxAll), at(pMinAll)];
  const empathy = { min: eMin ?? 0, max: eMax ?? 0 };
  const proactivity = { min: pMin ?? 0, max: pMax ?? 0 };
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
