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
  const { scenario } = compiled;
  const { walkOut } = scenario.rules;
  const from: EdgeSource = {
    compiled,
    step,
    startsAtFloor: scenario.meters.patience <= walkOut.patienceAtOrBelow || scenario.meters.mood <= walkOut.moodAtOrBelow,
    coldPossible: coldInfluencePossible(compiled) && step.phase !== 'influence',
    ruleTargets: scenario.transitions.length === 0 ? [] : scenario.transitions.filter((t) => t.phases === undefined || t.phases.includes(step.phase)).map((t) => t.to),
    hesitates: step.timer !== undefined && timerMode === 'normal',
  };
  const edges: Edge[] = [];
  for (const c of step.choices) pushOptionEdges(edges, from, c.id, false, c.behaviour, c.empathy, c.next, isMeterDecrease(c.effects), c.service ?? NO_TAGS);
  if (step.timer && timerMode !== 'off') {
    const t = step.timer.timeout;
    pushOptionEdges(edges, from, t.id, true, 'passive', t.empathy, t.next, isMeterDecrease(t.effects), NO_TAGS);
  }
  return edges;
}

/** What the edges of one step's options share. */
interface EdgeSource {
  readonly compiled: CompiledScenario;
  readonly step: Step;
  readonly startsAtFloor: boolean;
  /** The cold-influence cost may be paid on leaving this step (not in influence, and trust can be low). */
  readonly coldPossible: boolean;
  readonly ruleTargets: readonly string[];
  /** Hesitation costs points here (a timed step in normal timer mode). */
  readonly hesitates: boolean;
}

/** The edges of one option: to its planned step, then the automatic transitions', then the walk-out ending (each once). */
function pushOptionEdges(edges: Edge[], source: EdgeSource, id: string, timeout: boolean, behaviour: Behaviour, empathy: number, next: string, lowers: boolean, service: Edge['service']): void {
  const { compiled: { steps, walkOutStep, scenario }, step, ruleTargets, coldPossible } = source;
  const walkOutId = walkOutStep?.id;
  const targets = [next];
  for (const t of ruleTargets) if (!targets.includes(t)) targets.push(t);
  if (walkOutId !== undefined && (lowers || source.startsAtFloor || step.phase === 'prestation') && !targets.includes(walkOutId)) targets.push(walkOutId);
  const points = PROACTIVITY_POINTS[behaviour];
  for (const to of targets) {
    const target = steps.get(to);
    if (!target) continue;
    // A walk-out replaces the planned step after the cold-influence cost may have been paid.
    const mayBeCold = coldPossible && (target.phase === 'influence' || (to === walkOutId && [next, ...ruleTargets].some((planned) => steps.get(planned)?.phase === 'influence')));
    edges.push({
      from: step.id,
      optionId: id,
      timeout,
      to,
      kind: to === next ? 'next' : ruleTargets.includes(to) ? 'rule' : 'walkout',
      empathyMax: empathy,
      empathyMin: empathy - (mayBeCold ? scenario.rules.coldInfluence.empathyCost : 0),
      proactivityMax: points,
      proactivityMin: source.hesitates && !timeout ? points * MIN_HESITATION_FACTOR : points,
      service,
    });
  }
}

/**
 * A graph with integer nodes and edges, as every search below reads it (no string keys, no
 * per-node objects): node v's edges are numbers outStart[v] up to outEnd[v] - 1, in their order
 * of creation; node 0 is the start and every node is reachable from it.
 */
interface IndexedGraph {
  readonly size: number;
  readonly outStart: Int32Array;
  readonly outEnd: Int32Array;
  /** Target node of each edge. */
  readonly to: Int32Array;
  /** The option edge each edge stands for (on the ledger graph, one option edge has a copy per ledger). */
  readonly edges: readonly Edge[];
  readonly ending: Uint8Array;
  /** Distinct successors of node v, in order of first appearance: succ[succStart[v]] up to succ[succStart[v + 1] - 1]. */
  readonly succStart: Int32Array;
  readonly succ: Int32Array;
  /** Strongly connected components, sinks first, each in Tarjan's order. */
  readonly order: readonly Int32Array[];
  readonly componentOf: Int32Array;
  /** Where play can enter a loop: the start, and nodes with an edge from outside their component. */
  readonly entries: Uint8Array;
}

/** Tarjan's algorithm without recursion (scenarios may have 20,000 steps), from node 0. SCCs come sinks first. */
function stronglyConnected(size: number, succStart: Int32Array, succ: Int32Array): Int32Array[] {
  const out: Int32Array[] = [];
  if (size === 0) return out;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack = new Int32Array(size);
  let sp = 0;
  // The depth-first path: each node and the position of its next successor to visit.
  const workNode = new Int32Array(size);
  const workNext = new Int32Array(size);
  let wp = 0;
  let counter = 0;
  const enter = (v: number) => {
    index[v] = counter;
    low[v] = counter;
    counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    workNode[wp] = v;
    workNext[wp] = succStart[v]!;
    wp++;
  };
  enter(0);
  while (wp > 0) {
    const node = workNode[wp - 1]!;
    const next = workNext[wp - 1]!;
    if (next < succStart[node + 1]!) {
      workNext[wp - 1] = next + 1;
      const child = succ[next]!;
      if (index[child]! < 0) enter(child);
      else if (onStack[child]) low[node] = Math.min(low[node]!, index[child]!);
      continue;
    }
    wp--;
    if (wp > 0) {
      const parent = workNode[wp - 1]!;
      low[parent] = Math.min(low[parent]!, low[node]!);
    }
    if (low[node] === index[node]) {
      const component: number[] = [];
      let member: number;
      do {
        member = stack[--sp]!;
        onStack[member] = 0;
        component.push(member);
      } while (member !== node);
      out.push(Int32Array.from(component));
    }
  }
  return out;
}

function indexGraph(size: number, outStart: Int32Array, outEnd: Int32Array, to: Int32Array, edges: readonly Edge[], ending: Uint8Array): IndexedGraph {
  const succStart = new Int32Array(size + 1);
  const list: number[] = [];
  const seenFrom = new Int32Array(size).fill(-1);
  for (let v = 0; v < size; v++) {
    succStart[v] = list.length;
    for (let x = outStart[v]!; x < outEnd[v]!; x++) {
      const t = to[x]!;
      if (seenFrom[t] !== v) {
        seenFrom[t] = v;
        list.push(t);
      }
    }
  }
  succStart[size] = list.length;
  const succ = Int32Array.from(list);
  const order = stronglyConnected(size, succStart, succ);
  const componentOf = new Int32Array(size);
  order.forEach((component, i) => { for (const v of component) componentOf[v] = i; });
  const entries = new Uint8Array(size);
  if (size > 0) entries[0] = 1;
  for (let v = 0; v < size; v++) {
    for (let s = succStart[v]!; s < succStart[v + 1]!; s++) if (componentOf[succ[s]!] !== componentOf[v]) entries[succ[s]!] = 1;
  }
  return { size, outStart, outEnd, to, edges, ending, succStart, succ, order, componentOf, entries };
}

/** The option graph of the steps reachable from the start, in a timer mode, and each node's step. */
function stepGraph(compiled: CompiledScenario, timerMode: TimerMode): { graph: IndexedGraph; ids: string[]; stepOf: Step[]; nodeOf: Map<string, number> } {
  const capacity = compiled.steps.size;
  const nodeOf = new Map<string, number>();
  const ids: string[] = [];
  const stepOf: Step[] = [];
  const outStart = new Int32Array(capacity);
  const outEnd = new Int32Array(capacity);
  const to: number[] = [];
  const edges: Edge[] = [];
  const queue: number[] = [];
  // Nodes are numbered as they are discovered, and searched from the last discovered.
  const discover = (id: string): number => {
    let v = nodeOf.get(id);
    if (v === undefined) {
      v = ids.length;
      nodeOf.set(id, v);
      ids.push(id);
      stepOf.push(compiled.steps.get(id)!);
      queue.push(v);
    }
    return v;
  };
  discover(compiled.start.id);
  while (queue.length > 0) {
    const v = queue.pop()!;
    outStart[v] = edges.length;
    for (const e of edgesOf(compiled, stepOf[v]!, timerMode)) {
      to.push(discover(e.to));
      edges.push(e);
    }
    outEnd[v] = edges.length;
  }
  const size = ids.length;
  const ending = new Uint8Array(size);
  for (let v = 0; v < size; v++) if (stepOf[v]!.ending !== undefined) ending[v] = 1;
  return { graph: indexGraph(size, outStart.subarray(0, size), outEnd.subarray(0, size), Int32Array.from(to), edges, ending), ids, stepOf, nodeOf };
}

/** An objective: its value on each edge (by edge number), maximised (1) or minimised (-1). */
interface Goal {
  readonly values: Float64Array;
  readonly sense: 1 | -1;
  readonly keepPaths: boolean;
  /** The edges this goal is optimised on (all without it). */
  readonly include?: Uint8Array;
  /** Where the nodes of loops too large to search are reported (shared by the goals of one question). */
  readonly approximate?: number[];
}

/**
 * A goal's best totals from each node to an ending (NaN where none can be reached) and, for goals
 * that keep paths, each node's best path as linked segments (its first steps, then the node whose
 * path follows) so nothing is copied per step.
 */
interface Solution { readonly value: Float64Array; readonly segment: (readonly PathStep[] | undefined)[]; readonly rest: Int32Array }

const better = (sense: 1 | -1, a: number, b: number) => sense * a > sense * b;
const edgeStep = (e: Edge): PathStep => ({ stepId: e.from, optionId: e.optionId, timeout: e.timeout, to: e.to });

function pathOf(solution: Solution, node: number | undefined): PathStep[] {
  const out: PathStep[] = [];
  for (let v = node ?? -1; v >= 0; v = solution.rest[v]!) {
    const segment = solution.segment[v];
    if (!segment) break;
    out.push(...segment);
  }
  return out;
}

/** Each goal's values on the edges of `graph`. */
const valuesOn = (graph: IndexedGraph, objective: (e: Edge, x: number) => number): Float64Array => {
  const values = new Float64Array(graph.edges.length);
  for (let x = 0; x < values.length; x++) values[x] = objective(graph.edges[x]!, x);
  return values;
};

/** A value whose sums with its kind stay exact in doubles: a multiple of ½, not too large (or NaN: none). */
const exactPoints = (v: number) => Number.isNaN(v) || (Math.abs(v) <= 1e9 && Number.isInteger(v * 2));

/**
 * A loop's inside edges with the parallel ones (same source, same target) merged: for each
 * member, its distinct targets in order of first appearance, how many edges go there, and each
 * goal's best value among them.
 */
function collapse(L: number, G: number, goals: readonly Goal[], insideStart: Int32Array, insideTo: readonly number[], insideValues: Float64Array) {
  const start = new Int32Array(L + 1);
  const to: number[] = [];
  const count: number[] = [];
  const values: number[] = [];
  const slotOf = new Int32Array(L).fill(-1);
  for (let i = 0; i < L; i++) {
    start[i] = to.length;
    for (let m = insideStart[i]!; m < insideStart[i + 1]!; m++) {
      const j = insideTo[m]!;
      let g = slotOf[j]!;
      if (g < start[i]!) {
        g = to.length;
        slotOf[j] = g;
        to.push(j);
        count.push(0);
        for (let k = 0; k < G; k++) values.push(insideValues[m * G + k]!);
      } else {
        for (let k = 0; k < G; k++) if (better(goals[k]!.sense, insideValues[m * G + k]!, values[g * G + k]!)) values[g * G + k] = insideValues[m * G + k]!;
      }
      count[g]!++;
    }
  }
  start[L] = to.length;
  return { start, to: Int32Array.from(to), count: Float64Array.from(count), values: Float64Array.from(values) };
}

/**
 * Best (max or min) total of each goal over simple paths from each node to an ending, all goals
 * in one pass, each on the edges its `include` keeps (all without it). Loops are searched once for
 * all the goals that see the same edges inside them; the nodes of a loop too large to search are
 * pushed on the goals' `approximate` list.
 */
function optimise(graph: IndexedGraph, goals: readonly Goal[]): Solution[] {
  const { size, outStart, outEnd, to, edges, ending, order } = graph;
  const results: Solution[] = goals.map((g) => ({
    value: new Float64Array(size).fill(Number.NaN),
    segment: g.keepPaths ? new Array<readonly PathStep[] | undefined>(size).fill(undefined) : [],
    rest: new Int32Array(g.keepPaths ? size : 0).fill(-1),
  }));
  // Position of each node in the loop being searched; -1 outside it.
  const local = new Int32Array(size).fill(-1);
  for (const component of order) {
    if (component.length === 1) {
      const v = component[0]!;
      if (ending[v]) {
        for (const r of results) r.value[v] = 0;
        continue;
      }
      for (let k = 0; k < goals.length; k++) {
        const { values, sense, keepPaths, include } = goals[k]!;
        const best = results[k]!.value;
        let chosen = -1;
        let chosenValue = 0;
        for (let x = outStart[v]!; x < outEnd[v]!; x++) {
          if (include && !include[x]) continue;
          const t = to[x]!;
          if (t === v) continue; // a self-loop is erased from the scored path
          const rest = best[t]!;
          if (Number.isNaN(rest)) continue;
          const value = values[x]! + rest;
          if (chosen < 0 || better(sense, value, chosenValue)) {
            chosen = x;
            chosenValue = value;
          }
        }
        if (chosen >= 0) {
          best[v] = chosenValue;
          if (keepPaths) {
            results[k]!.segment[v] = [edgeStep(edges[chosen]!)];
            results[k]!.rest[v] = to[chosen]!;
          }
        }
      }
      continue;
    }
    for (let i = 0; i < component.length; i++) local[component[i]!] = i;
    // Goals that see the same edges inside the loop share its search.
    const groups: number[][] = [];
    goals.forEach((g, k) => {
      const group = groups.find((ks) => sameInside(graph, component, local, goals[ks[0]!]!.include, g.include));
      if (group) group.push(k);
      else groups.push([k]);
    });
    for (const ks of groups) searchLoop(graph, component, local, ks.map((k) => goals[k]!), ks.map((k) => results[k]!));
    for (const v of component) local[v] = -1;
  }
  return results;
}

/** Whether two edge selections keep the same edges between different nodes of the loop `component`. */
function sameInside(graph: IndexedGraph, component: Int32Array, local: Int32Array, a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  const { outStart, outEnd, to } = graph;
  for (let i = 0; i < component.length; i++) {
    const v = component[i]!;
    for (let x = outStart[v]!; x < outEnd[v]!; x++) {
      const j = local[to[x]!]!;
      if (j >= 0 && j !== i && (a ? a[x] === 1 : true) !== (b ? b[x] === 1 : true)) return false;
    }
  }
  return true;
}

/**
 * One loop's best totals for goals that keep the same edges inside it: a search of its simple
 * paths, leaving it by an edge to a solved node, or past the budget a sound bound.
 */
function searchLoop(graph: IndexedGraph, component: Int32Array, local: Int32Array, goals: readonly Goal[], results: readonly Solution[]): void {
  const { outStart, outEnd, to, edges, entries } = graph;
  const G = goals.length;
  const inside = goals[0]!.include;
  const keepAny = goals.some((g) => g.keepPaths);
  let budget = SCC_SEARCH_BUDGET;
  // Very large loops would also exhaust the call stack: bound them at once.
  let exhausted = component.length > MAX_SEARCHED_LOOP;
  const L = component.length;
  // Only nodes where play can enter the loop need their value; the search is exponential in the
  // loop's size, so everything it needs is precomputed per member: the best way out of the loop
  // from each member (it does not depend on the path inside), and the inside edges with their values.
  const exitValue = new Float64Array(L * G).fill(Number.NaN);
  const exitEdge = new Int32Array(L * G).fill(-1);
  const insideStart = new Int32Array(L + 1);
  const insideTo: number[] = [];
  const insideEdge: number[] = [];
  for (let i = 0; i < L; i++) {
    const v = component[i]!;
    insideStart[i] = insideTo.length;
    for (let x = outStart[v]!; x < outEnd[v]!; x++) {
      const j = local[to[x]!]!;
      if (j >= 0) {
        if (j !== i && (!inside || inside[x])) {
          insideTo.push(j);
          insideEdge.push(x);
        }
        continue;
      }
      for (let k = 0; k < G; k++) {
        const { include, values, sense } = goals[k]!;
        if (include && !include[x]) continue;
        const rest = results[k]!.value[to[x]!]!;
        if (Number.isNaN(rest)) continue;
        const value = values[x]! + rest;
        const at = i * G + k;
        if (Number.isNaN(exitValue[at]!) || better(sense, value, exitValue[at]!)) {
          exitValue[at] = value;
          exitEdge[at] = x;
        }
      }
    }
  }
  insideStart[L] = insideTo.length;
  const insideValues = new Float64Array(insideEdge.length * G);
  insideEdge.forEach((x, m) => { for (let k = 0; k < G; k++) insideValues[m * G + k] = goals[k]!.values[x]!; });
  const visited = new Uint8Array(L);
  const trail: number[] = [];
  const sums = new Float64Array(G);
  const found = new Uint8Array(G);
  const foundValue = new Float64Array(G);
  const foundSegment: (PathStep[] | undefined)[] = new Array<PathStep[] | undefined>(G).fill(undefined);
  const foundRest = new Int32Array(G);
  const search = (node: number): void => {
    for (let k = 0; k < G; k++) {
      const out = exitValue[node * G + k]!;
      if (Number.isNaN(out)) continue;
      const value = sums[k]! + out;
      if (!found[k] || better(goals[k]!.sense, value, foundValue[k]!)) {
        found[k] = 1;
        foundValue[k] = value;
        if (goals[k]!.keepPaths) {
          const x = exitEdge[node * G + k]!;
          const segment = trail.map((e) => edgeStep(edges[e]!));
          segment.push(edgeStep(edges[x]!));
          foundSegment[k] = segment;
          foundRest[k] = to[x]!;
        }
      }
    }
    for (let m = insideStart[node]!; m < insideStart[node + 1]!; m++) {
      if (--budget < 0) { exhausted = true; return; }
      const j = insideTo[m]!;
      if (visited[j]) continue;
      visited[j] = 1;
      if (keepAny) trail.push(insideEdge[m]!);
      for (let k = 0; k < G; k++) sums[k]! += insideValues[m * G + k]!;
      search(j);
      for (let k = 0; k < G; k++) sums[k]! -= insideValues[m * G + k]!;
      if (keepAny) trail.pop();
      visited[j] = 0;
      if (exhausted) return;
    }
  };
  // Without paths to keep, and where every sum is exact (multiples of ½, as raw points are),
  // parallel inside edges (two options to the same step) are one edge valued at their best:
  // the same totals, and the same verdict on the budget (each collapsed visit stands for
  // `paths` original ones, each of which would have spent one unit per inside edge).
  const collapsed = !keepAny && insideValues.every(exactPoints) && exitValue.every(exactPoints) ? collapse(L, G, goals, insideStart, insideTo, insideValues) : undefined;
  let spent = 0;
  const searchCollapsed = (node: number, paths: number): void => {
    for (let k = 0; k < G; k++) {
      const out = exitValue[node * G + k]!;
      if (Number.isNaN(out)) continue;
      const value = sums[k]! + out;
      if (!found[k] || better(goals[k]!.sense, value, foundValue[k]!)) {
        found[k] = 1;
        foundValue[k] = value;
      }
    }
    spent += paths * (insideStart[node + 1]! - insideStart[node]!);
    if (spent > SCC_SEARCH_BUDGET) { exhausted = true; return; }
    const { start, to: target, count, values } = collapsed!;
    for (let m = start[node]!; m < start[node + 1]!; m++) {
      const j = target[m]!;
      if (visited[j]) continue;
      visited[j] = 1;
      for (let k = 0; k < G; k++) sums[k]! += values[m * G + k]!;
      searchCollapsed(j, paths * count[m]!);
      for (let k = 0; k < G; k++) sums[k]! -= values[m * G + k]!;
      visited[j] = 0;
      if (exhausted) return;
    }
  };
  for (let i = 0; i < L && !exhausted; i++) {
    const v = component[i]!;
    if (!entries[v]) continue;
    found.fill(0);
    sums.fill(0);
    visited[i] = 1;
    if (collapsed) searchCollapsed(i, 1);
    else search(i);
    if (exhausted) break;
    visited[i] = 0;
    for (let k = 0; k < G; k++) {
      if (!found[k]) continue;
      results[k]!.value[v] = foundValue[k]!;
      if (goals[k]!.keepPaths) {
        results[k]!.segment[v] = foundSegment[k];
        results[k]!.rest[v] = foundRest[k]!;
      }
    }
  }
  if (!exhausted) return;
  // Sound fallback: every node of the loop contributes its most extreme edge at most once.
  for (const list of new Set(goals.map((g) => g.approximate))) list?.push(...component);
  for (let k = 0; k < G; k++) {
    const { values, sense, keepPaths, include } = goals[k]!;
    const r = results[k]!;
    let insideTotal = 0;
    let exit: number | undefined;
    for (const v of component) {
      let extreme: number | undefined;
      for (let x = outStart[v]!; x < outEnd[v]!; x++) {
        if (include && !include[x]) continue;
        const value = values[x]!;
        if (extreme === undefined || better(sense, value, extreme)) extreme = value;
        if (local[to[x]!]! < 0) {
          const rest = r.value[to[x]!]!;
          if (!Number.isNaN(rest) && (exit === undefined || better(sense, value + rest, exit))) exit = value + rest;
        }
      }
      if (extreme !== undefined && better(sense, extreme, 0)) insideTotal += extreme;
    }
    for (const v of component) {
      r.value[v] = exit !== undefined ? insideTotal + exit : Number.NaN;
      if (keepPaths) {
        r.segment[v] = undefined;
        r.rest[v] = -1;
      }
    }
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;
/**
 * A score to one decimal, first snapped to a millionth: the report and the analysis add the same
 * parts in different orders, and float noise must not round one up and the other down.
 */
export const roundScore = (v: number): number => Math.round(Math.round(v * 1e6) / 1e5) / 10;

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
function combinedRanges(
  compiled: CompiledScenario,
  graph: IndexedGraph,
  ids: readonly string[],
  empathy: Range,
  proactivity: Range,
  alongside: readonly Goal[],
): { reliability: Range; overall: Range; around: string[]; alongside?: Solution[] } {
  const { scenario, steps } = compiled;
  const slot = new Map<string, number>();
  for (const c of scenario.implicitCommitments) if (!slot.has(c.id)) slot.set(c.id, slot.size);
  const implicitCount = slot.size;
  const noteMade = (effect: CommitmentEffect | undefined) => { if (effect?.action === 'make' && !slot.has(effect.id)) slot.set(effect.id, slot.size); };
  for (const s of scenario.steps) {
    for (const c of s.choices) noteMade(c.commitment);
    noteMade(s.timer?.timeout.commitment);
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
  const { componentOf, order } = graph;
  const inLoop = (from: number, to: number) => componentOf[from] === componentOf[to] && ((order[componentOf[from]!]?.length ?? 0) > 1 || from === to);

  // The (step, ledger) graph; without any commitment it is the step graph itself.
  const around = new Set<string>();
  let ledgerGraph = graph;
  // The step node of each pair, and its ledger.
  let stepNode: ArrayLike<number> | undefined;
  let ledgers: readonly string[] = [];
  if (slot.size > 0) {
    const pairOf = new Map<string, number>();
    const pairStep: number[] = [];
    const pairLedger: string[] = [];
    const queue: number[] = [];
    const visit = (v: number, ledger: string): number | undefined => {
      const key = `${v}\u0000${ledger}`;
      let p = pairOf.get(key);
      if (p === undefined) {
        if (pairStep.length >= MAX_LEDGER_NODES) return undefined;
        p = pairStep.length;
        pairOf.set(key, p);
        pairStep.push(v);
        pairLedger.push(ledger);
        queue.push(p);
      }
      return p;
    };
    visit(0, initial);
    const outStart: number[] = [];
    const outEnd: number[] = [];
    const to: number[] = [];
    const edges: Edge[] = [];
    while (queue.length > 0) {
      const p = queue.pop()!;
      const v = pairStep[p]!;
      const ledger = pairLedger[p]!;
      outStart[p] = to.length;
      for (let x = graph.outStart[v]!; x < graph.outEnd[v]!; x++) {
        const e = graph.edges[x]!;
        for (const next of ledgersAfter(e, ledger)) {
          if (next !== ledger && inLoop(v, graph.to[x]!)) around.add(ids[v]!);
          const target = visit(graph.to[x]!, next);
          if (target === undefined) return { reliability: { min: 0, max: 100 }, overall: { min: 0, max: 100 }, around: [compiled.start.id] };
          to.push(target);
          edges.push(e);
        }
      }
      outEnd[p] = to.length;
    }
    const size = pairStep.length;
    const ending = new Uint8Array(size);
    for (let p = 0; p < size; p++) ending[p] = graph.ending[pairStep[p]!]!;
    ledgerGraph = indexGraph(size, Int32Array.from(outStart), Int32Array.from(outEnd), Int32Array.from(to), edges, ending);
    stepNode = pairStep;
    ledgers = pairLedger;
  }
  const stepAt = (p: number) => (stepNode ? stepNode[p]! : p);

  // Reliability and the outcome's part of the overall score, at each reachable ending.
  const terminal = new Float64Array(ledgerGraph.size);
  let endings = 0;
  let rMin = Infinity, rMax = -Infinity, tMin = Infinity, tMax = -Infinity;
  for (let p = 0; p < ledgerGraph.size; p++) {
    const outcome = steps.get(ids[stepAt(p)]!)?.ending?.outcome;
    if (outcome === undefined) continue;
    const r = reliabilityOf(stepNode ? ledgers[p]! : initial);
    const t = WEIGHTS.reliability * r + WEIGHTS.outcome * OUTCOME_SCORES[outcome];
    terminal[p] = t;
    endings++;
    rMin = Math.min(rMin, r); rMax = Math.max(rMax, r);
    tMin = Math.min(tMin, t); tMax = Math.max(tMax, t);
  }
  if (endings === 0) return { reliability: { min: 0, max: 100 }, overall: { min: 0, max: 100 }, around: [] };
  const reliability = { min: round1(rMin), max: round1(rMax) };

  // Normalised empathy and proactivity, as the report computes them: 100 where the range is empty.
  const eSpan = empathy.max - empathy.min;
  const pSpan = proactivity.max - proactivity.min;
  const cE = eSpan > 1e-9 ? (WEIGHTS.empathy * 100) / eSpan : 0;
  const cP = pSpan > 1e-9 ? (WEIGHTS.proactivity * 100) / pSpan : 0;
  const base = (eSpan > 1e-9 ? -cE * empathy.min : WEIGHTS.empathy * 100) + (pSpan > 1e-9 ? -cP * proactivity.min : WEIGHTS.proactivity * 100);
  let high: number;
  let low: number;
  let solvedAlongside: Solution[] | undefined;
  if (around.size === 0) {
    const approximate: number[] = [];
    const end = ledgerGraph.to;
    // On the step graph itself, the other questions asked of it share this pass (and its loop searches).
    const others = ledgerGraph === graph ? alongside : [];
    const [maxAll, minAll, ...rest] = optimise(ledgerGraph, [
      { values: valuesOn(ledgerGraph, (e, x) => cE * e.empathyMax + cP * e.proactivityMax + terminal[end[x]!]!), sense: 1, keepPaths: false, approximate },
      { values: valuesOn(ledgerGraph, (e, x) => cE * e.empathyMin + cP * e.proactivityMin + terminal[end[x]!]!), sense: -1, keepPaths: false, approximate },
      ...others,
    ]) as [Solution, Solution, ...Solution[]];
    if (others.length > 0) solvedAlongside = rest;
    for (const p of approximate) around.add(ids[stepAt(p)]!);
    const atStart = (s: Solution) => (Number.isNaN(s.value[0]!) ? 0 : s.value[0]!);
    high = base + atStart(maxAll);
    low = base + atStart(minAll);
  } else {
    high = WEIGHTS.empathy * 100 + WEIGHTS.proactivity * 100 + tMax;
    low = (eSpan > 1e-9 ? 0 : WEIGHTS.empathy * 100) + (pSpan > 1e-9 ? 0 : WEIGHTS.proactivity * 100) + tMin;
  }
  const clamp = (v: number) => Math.min(100, Math.max(0, v));
  return { reliability, overall: { min: clamp(roundScore(low)), max: clamp(roundScore(high)) }, around: [...around], ...(solvedAlongside ? { alongside: solvedAlongside } : {}) };
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
  // Reachability from the start, on the option graph; node 0 is the start.
  const { graph, ids, stepOf, nodeOf } = stepGraph(compiled, timerMode);
  const approximate = new Set<string>();
  const noteApproximate = (nodes: readonly number[]) => { for (const v of nodes) approximate.add(ids[v]!); };
  // Only the characteristics some reachable option is tagged with have a range.
  const taggedSet = new Set<ServiceCharacteristic>();
  for (const step of stepOf) for (const ch of step.choices) if (ch.service) for (const c of SERVICE_CHARACTERISTICS) if (ch.service[c] !== undefined) taggedSet.add(c);
  const tagged = SERVICE_CHARACTERISTICS.filter((c) => taggedSet.has(c));
  const around: number[] = [];
  const [eMaxAll, eMinAll, pMaxAll, pMinAll, ...serviceAll] = optimise(graph, [
    { values: valuesOn(graph, (e) => e.empathyMax), sense: 1, keepPaths: false, approximate: around },
    { values: valuesOn(graph, (e) => e.empathyMin), sense: -1, keepPaths: false, approximate: around },
    { values: valuesOn(graph, (e) => e.proactivityMax), sense: 1, keepPaths: false, approximate: around },
    { values: valuesOn(graph, (e) => e.proactivityMin), sense: -1, keepPaths: false, approximate: around },
    ...tagged.flatMap((c) => {
      const values = valuesOn(graph, (e) => e.service[c] ?? 0);
      return [{ values, sense: 1 as const, keepPaths: false, approximate: around }, { values, sense: -1 as const, keepPaths: false, approximate: around }];
    }),
  ]) as [Solution, Solution, Solution, Solution, ...Solution[]];
  noteApproximate(around);
  const at = (s: Solution | undefined) => {
    const v = s?.value[0];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
  const [eMax, eMin, pMax, pMin] = [at(eMaxAll), at(eMinAll), at(pMaxAll), at(pMinAll)];
  const empathy = { min: eMin ?? 0, max: eMax ?? 0 };
  const proactivity = { min: pMin ?? 0, max: pMax ?? 0 };
  const service = Object.fromEntries(SERVICE_CHARACTERISTICS.map((c) => {
    const k = tagged.indexOf(c);
    return [c, k < 0 ? null : { min: at(serviceAll[2 * k + 1]) ?? 0, max: at(serviceAll[2 * k]) ?? 0 }];
  })) as Record<ServiceCharacteristic, Range | null>;
  const eSpan = empathy.max - empathy.min || 1;
  const pSpan = proactivity.max - proactivity.min || 1;
  // The paths shown are played for real (conditions, transitions and walk-outs apply), guided
  // at each step by the best total reachable through each option's own next step.
  const own = new Uint8Array(graph.edges.length);
  graph.edges.forEach((e, x) => { if (e.kind === 'next') own[x] = 1; });
  const guides: Goal[] = [
    { values: valuesOn(graph, (e) => e.empathyMax / eSpan + e.proactivityMax / pSpan), sense: 1, keepPaths: true, include: own },
    { values: valuesOn(graph, (e) => e.empathyMin / eSpan + e.proactivityMin / pSpan), sense: -1, keepPaths: true, include: own },
  ];
  const combined = combinedRanges(compiled, graph, ids, empathy, proactivity, guides);
  for (const id of combined.around) approximate.add(id);
  const [bestGuide, worstGuide] = (combined.alongside ?? optimise(graph, guides)) as [Solution, Solution];
  const optimalPath = playGuided(compiled, (id) => pathOf(bestGuide, nodeOf.get(id)), 1, timerMode);
  const worstPath = playGuided(compiled, (id) => pathOf(worstGuide, nodeOf.get(id)), -1, timerMode);

  // Stuck: reachable steps from which no ending can be reached (reverse search from the endings).
  const { size, succStart, succ } = graph;
  const predStart = new Int32Array(size + 1);
  for (let s = 0; s < succ.length; s++) predStart[succ[s]! + 1]!++;
  for (let v = 0; v < size; v++) predStart[v + 1]! += predStart[v]!;
  const pred = new Int32Array(succ.length);
  const filled = predStart.slice(0, size);
  for (let v = 0; v < size; v++) for (let s = succStart[v]!; s < succStart[v + 1]!; s++) pred[filled[succ[s]!]!++] = v;
  const canEnd = graph.ending.slice();
  const pending: number[] = [];
  for (let v = 0; v < size; v++) if (canEnd[v]) pending.push(v);
  while (pending.length > 0) {
    const t = pending.pop()!;
    for (let q = predStart[t]!; q < predStart[t + 1]!; q++) {
      const from = pred[q]!;
      if (!canEnd[from]) { canEnd[from] = 1; pending.push(from); }
    }
  }
  const stuck = new Set(ids.filter((_, v) => !canEnd[v]));

  const { count, capped } = countPaths(graph);
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
    reachable: new Set(ids),
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
function playGuided(compiled: CompiledScenario, guide: (stepId: string) => readonly PathStep[], sense: 1 | -1, mode: TimerMode): PathStep[] {
  const path: PathStep[] = [];
  let state = initialState(compiled);
  // The plan still ahead is plan[next], plan[next + 1], …
  let plan: readonly PathStep[] = [];
  let next = 0;
  for (let guard = 0; !state.end && guard <= compiled.steps.size * 2; guard++) {
    const step = currentStep(compiled, state);
    const offered = optionsAt(step, state).filter((o) => !o.timeout || mode !== 'off');
    if (plan[next]?.stepId !== step.id || !offered.some((o) => o.id === plan[next]?.optionId)) {
      plan = guide(step.id);
      next = 0;
    }
    let planned = plan[next];
    if (!planned || !offered.some((o) => o.id === planned?.optionId)) {
      // The plan's option is not offered here (a condition): take the first offered one.
      const fallback = offered[0];
      if (!fallback) break;
      planned = { stepId: step.id, optionId: fallback.id, timeout: fallback.timeout, to: '' };
      plan = [];
      next = 0;
    }
    const slow = sense < 0 ? timeLimitMs(step, mode) ?? 0 : 0;
    const input: DecisionInput = planned.timeout ? { kind: 'timeout', hesitationMs: 0 } : { kind: 'choice', choiceId: planned.optionId, hesitationMs: slow };
    const result = decide(compiled, state, input, mode);
    path.push({ stepId: step.id, optionId: planned.optionId, timeout: planned.timeout, to: result.state.stepId, hesitationMs: result.outcome.hesitationMs });
    state = result.state;
    next++;
  }
  return path;
}

/** Number of distinct simple option paths from the start to an ending (saturating at the cap). */
function countPaths(graph: IndexedGraph): { count: number; capped: boolean } {
  const { size, outStart, outEnd, to, ending, order, componentOf } = graph;
  const counts = new Float64Array(size);
  let capped = false;
  const add = (a: number, b: number) => {
    const s = a + b;
    if (s >= PATH_COUNT_CAP) { capped = true; return PATH_COUNT_CAP; }
    return s;
  };
  const visited = new Uint8Array(size);
  order.forEach((component, ci) => {
    for (const v of component) {
      if (ending[v]) { counts[v] = 1; continue; }
      if (component.length === 1) {
        let n = 0;
        for (let x = outStart[v]!; x < outEnd[v]!; x++) if (to[x] !== v) n = add(n, counts[to[x]!]!);
        counts[v] = n;
        continue;
      }
      // Inside a loop: enumerate simple paths within the component, with a budget.
      let n = 0;
      let budget = component.length > MAX_SEARCHED_LOOP ? 0 : SCC_SEARCH_BUDGET;
      const walk = (node: number): void => {
        for (let x = outStart[node]!; x < outEnd[node]!; x++) {
          if (--budget < 0 || capped) { capped = true; return; }
          const t = to[x]!;
          if (componentOf[t] !== ci) n = add(n, counts[t]!);
          else if (!visited[t]) { visited[t] = 1; walk(t); visited[t] = 0; }
        }
      };
      visited[v] = 1;
      walk(v);
      visited[v] = 0;
      counts[v] = n;
    }
  });
  return { count: counts[0] ?? 0, capped };
}
