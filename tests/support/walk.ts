// Exhaustive walks over real play (the pure rules, conditions and walk-outs included), for the
// model-based tests of the library and the property tests: path enumeration, and a proof of score
// bounds over every walk by a memoised search over the reachable encounter states.
import { compile } from '../../scenarios/engine/compile';
import { currentStep, decide, initialState, optionsAt, timeLimitMs, type DecisionInput, type DecisionLog, type DecisionLogEntry, type DecisionOutcome, type EncounterState, type Option } from '../../scenarios/engine/rules';
import { OUTCOME_SCORES, scoreDecision, WEIGHTS } from '../../scenarios/engine/score';
import { SERVICE_CHARACTERISTICS, type Scenario, type ServiceCharacteristic, type TimerMode } from '../../scenarios/format/schema';

const key = (s: EncounterState) => `${s.stepId}|${s.meters.mood},${s.meters.trust},${s.meters.patience}|${Object.entries(s.flags).filter(([, v]) => v).map(([k]) => k).sort().join(',')}|${Object.values(s.commitments).map((c) => `${c.id}:${c.status}`).sort().join(',')}`;

export interface PathEnumeration {
  readonly logs: DecisionLog[];
  readonly capped: boolean;
}

/**
 * Every decision sequence from the start to an ending, each step visited at most `maxVisits`
 * times on a path; stops at `cap` paths. `slow` answers every timed step at its time limit.
 */
export function enumeratePaths(scenario: Scenario, options: { cap: number; maxVisits?: number; slow?: boolean; timerMode?: TimerMode }): PathEnumeration {
  const compiled = compile(scenario);
  const timerMode = options.timerMode ?? 'normal';
  const logs: DecisionLog[] = [];
  let capped = false;
  const visits = new Map<string, number>();
  const trail: DecisionLogEntry[] = [];
  const walk = (state: EncounterState): void => {
    if (capped) return;
    if (state.end) {
      if (logs.length >= options.cap) { capped = true; return; }
      logs.push({ timerMode, decisions: [...trail] });
      return;
    }
    const step = currentStep(compiled, state);
    const n = visits.get(step.id) ?? 0;
    if (n >= (options.maxVisits ?? 1)) return;
    visits.set(step.id, n + 1);
    for (const o of optionsAt(step, state)) {
      if (o.timeout && timeLimitMs(step, timerMode) === undefined) continue;
      const hesitationMs = options.slow && !o.timeout ? (timeLimitMs(step, timerMode) ?? 0) : 0;
      const r = decide(compiled, state, o.timeout ? { kind: 'timeout', hesitationMs } : { kind: 'choice', choiceId: o.id, hesitationMs }, timerMode);
      trail.push({ stepId: step.id, choiceId: o.id, timedOut: o.timeout, phase: step.phase, behaviour: o.behaviour, hesitationMs: r.outcome.hesitationMs, at: 0 });
      walk(r.state);
      trail.pop();
      if (capped) break;
    }
    visits.set(step.id, n);
  };
  walk(initialState(compiled));
  return { logs, capped };
}

// --- A proof over every walk --------------------------------------------------------------------

/**
 * A score a walk earns: points per decision on the scored (loop-erased) path, answered at once
 * (`fast`) or as slowly as the mode lets it cost (`slow`), plus a value of the final state.
 */
export interface WalkObjective {
  readonly name: string;
  readonly decision?: (fast: DecisionOutcome, slow: DecisionOutcome, timerMode: TimerMode) => { readonly fast: number; readonly slow: number };
  readonly ending?: (state: EncounterState) => number;
}

/** Raw empathy and raw proactivity, exactly as score() adds them up. */
export const RAW_OBJECTIVES: readonly WalkObjective[] = [
  { name: 'empathy', decision: (fast) => ({ fast: fast.empathy, slow: fast.empathy }) },
  { name: 'proactivity', decision: (fast, slow, mode) => ({ fast: scoreDecision(fast, mode).proactivity, slow: scoreDecision(slow, mode).proactivity }) },
];

export interface ProvenRange { readonly min: number; readonly max: number }

const chosenTag = (o: DecisionOutcome, c: ServiceCharacteristic) => o.offered.find((x) => x.id === o.choiceId && x.timeout === o.timedOut)?.service[c] ?? 0;
const keptShare = (s: EncounterState) => {
  const all = Object.values(s.commitments);
  return all.length === 0 ? 100 : (all.filter((c) => c.status === 'kept').length / all.length) * 100;
};

/**
 * Every score of the report, unrounded: raw empathy and proactivity, the raw points of each
 * service characteristic, reliability, and the overall score normalised against `bounds` (the
 * ranges the report uses), each part weighted as score() weighs it.
 */
export function reportObjectives(bounds: { readonly empathy: ProvenRange; readonly proactivity: ProvenRange }): WalkObjective[] {
  const eSpan = bounds.empathy.max - bounds.empathy.min;
  const pSpan = bounds.proactivity.max - bounds.proactivity.min;
  const cE = eSpan > 1e-9 ? (WEIGHTS.empathy * 100) / eSpan : 0;
  const cP = pSpan > 1e-9 ? (WEIGHTS.proactivity * 100) / pSpan : 0;
  const base = (eSpan > 1e-9 ? -cE * bounds.empathy.min : WEIGHTS.empathy * 100) + (pSpan > 1e-9 ? -cP * bounds.proactivity.min : WEIGHTS.proactivity * 100);
  const [empathy, proactivity] = RAW_OBJECTIVES as [WalkObjective, WalkObjective];
  return [
    ...RAW_OBJECTIVES,
    ...SERVICE_CHARACTERISTICS.map((c): WalkObjective => ({ name: `service.${c}`, decision: (fast) => ({ fast: chosenTag(fast, c), slow: chosenTag(fast, c) }) })),
    { name: 'reliability', ending: keptShare },
    {
      name: 'overall',
      decision: (fast, slow, mode) => {
        const e = empathy.decision!(fast, slow, mode);
        const p = proactivity.decision!(fast, slow, mode);
        return { fast: cE * e.fast + cP * p.fast, slow: cE * e.slow + cP * p.slow };
      },
      ending: (s) => base + WEIGHTS.reliability * keptShare(s) + WEIGHTS.outcome * OUTCOME_SCORES[s.end?.outcome ?? 'passive'],
    },
  ];
}

export interface ScoreProof {
  readonly timerMode: TimerMode;
  /** Encounter states reachable from the start (step, meters, flags, commitments). */
  readonly states: number;
  /** Nodes searched: a state and, inside a loop, the scored decisions a return could still erase. */
  readonly nodes: number;
  /** The lowest and highest total of each objective over every walk that reaches an ending. */
  readonly ranges: Readonly<Record<string, ProvenRange>>;
  /** A walk reaching each bound (`empathy.max`, …), answered at once for a max, slowly for a min. */
  readonly witnesses: Readonly<Record<string, DecisionLog>>;
  /** Reachable states where the encounter is stuck: no option offered, or no ending reachable. */
  readonly stuck: readonly string[];
  /** True when some walk can go on forever (an encounter state can come back). */
  readonly endless: boolean;
  /** For every choice or timeout branch taken somewhere, and every ending reached, a walk that does it. */
  readonly coverage: ReadonlyMap<string, DecisionLog>;
}

interface Transition {
  readonly option: Option;
  readonly outcome: DecisionOutcome;
  readonly next: number;
  /** Per objective, its points for this decision: [fast, slow, fast, slow, …]. */
  readonly points: Float64Array;
  /** Which cell of a scored path this decision is (step, option, cold or not). */
  readonly cell: string;
}

interface Searched {
  readonly state: number;
  /** Scored decisions since the walk entered the current loop (they may still be erased). */
  readonly cells: readonly { readonly stepId: string; readonly cell: string; readonly points: Float64Array }[];
}

/**
 * Proves bounds on every walk through a scenario in a timer mode, by a memoised search over the
 * reachable encounter states rather than by listing paths (there can be millions). For each
 * node, the search computes the lowest and the highest total each objective can still reach by
 * the end of the walk. Scores are summed on the loop-erased path (a return to a step erases what
 * followed it), so inside a loop a node also carries the scored decisions a return could still
 * erase; outside loops it is the encounter state alone. Decisions are made by the real rules
 * (conditions, transitions, cold influence, end of prestation, walk-outs) and scored by the real
 * scoreDecision; hesitation only ever lowers a choice's points, most at the time limit, so the
 * fastest and the slowest answers bound every other. Undefined when the search would exceed its limits.
 */
export function proveScores(scenario: Scenario, timerMode: TimerMode, objectives: readonly WalkObjective[] = RAW_OBJECTIVES, limits: { readonly maxStates?: number; readonly maxNodes?: number } = {}): ScoreProof | undefined {
  const maxStates = limits.maxStates ?? 1_000_000;
  const maxNodes = limits.maxNodes ?? 2 * maxStates;
  const compiled = compile(scenario);
  const K = objectives.length;
  // 1. Every reachable encounter state and every decision from it (breadth first).
  const states: EncounterState[] = [];
  const transitions: Transition[][] = [];
  const parent: ({ from: number; t: number } | undefined)[] = [];
  const index = new Map<string, number>();
  const intern = (s: EncounterState, from: { from: number; t: number } | undefined): number => {
    const k = key(s);
    let i = index.get(k);
    if (i === undefined) {
      i = states.length;
      index.set(k, i);
      states.push(s);
      parent.push(from);
    }
    return i;
  };
  intern(initialState(compiled), undefined);
  for (let i = 0; i < states.length; i++) {
    if (states.length > maxStates) return undefined;
    const state = states[i]!;
    const out: Transition[] = [];
    transitions.push(out);
    if (state.end) continue;
    const step = currentStep(compiled, state);
    for (const option of optionsAt(step, state)) {
      if (option.timeout && timeLimitMs(step, timerMode) === undefined) continue;
      const input: DecisionInput = option.timeout ? { kind: 'timeout', hesitationMs: 0 } : { kind: 'choice', choiceId: option.id, hesitationMs: 0 };
      const { state: after, outcome } = decide(compiled, state, input, timerMode);
      const slow: DecisionOutcome = { ...outcome, hesitationMs: outcome.timeLimitMs ?? 0 };
      const points = new Float64Array(2 * K);
      objectives.forEach((o, k) => {
        const v = o.decision?.(outcome, slow, timerMode) ?? { fast: 0, slow: 0 };
        points[2 * k] = v.fast;
        points[2 * k + 1] = v.slow;
      });
      const next = intern(after, { from: i, t: out.length });
      out.push({ option, outcome, next, points, cell: `${step.id}:${option.id}:${outcome.coldInfluence ? 1 : 0}` });
    }
  }

  // 2. The loops of the step graph as play really walks it: a walk can only come back to a step
  // of the loop it is in, so only those scored decisions can be erased.
  const stepEdges = new Map<string, Set<string>>();
  transitions.forEach((out, i) => {
    for (const t of out) {
      const set = stepEdges.get(states[i]!.stepId) ?? new Set<string>();
      set.add(states[t.next]!.stepId);
      stepEdges.set(states[i]!.stepId, set);
    }
  });
  const loopOf = stepLoops(stepEdges);

  // 3. The search over nodes (state, erasable cells), iterative Tarjan: every node of a strongly
  // connected group of nodes ends the walk the same ways (moves inside a loop score nothing until
  // the walk leaves it), so the group's bounds are the best over the edges leaving it.
  const nodeIndex = new Map<string, number>();
  const nodes: Searched[] = [];
  const nodeKey = (n: Searched) => `${n.state}#${n.cells.map((c) => c.cell).join('/')}`;
  const internNode = (n: Searched): number => {
    const k = nodeKey(n);
    let i = nodeIndex.get(k);
    if (i === undefined) {
      if (nodes.length >= maxNodes) throw new TooLarge();
      i = nodes.length;
      nodeIndex.set(k, i);
      nodes.push(n);
    }
    return i;
  };
  interface Move { readonly to: number; readonly weight: Float64Array | undefined; readonly t: Transition }
  const movesOf = (n: Searched): Move[] => {
    const state = states[n.state]!;
    return transitions[n.state]!.map((t) => {
      const here = state.stepId;
      const there = states[t.next]!.stepId;
      const cut = n.cells.findIndex((c) => c.stepId === here);
      const cells = [...(cut >= 0 ? n.cells.slice(0, cut) : n.cells), { stepId: here, cell: t.cell, points: t.points }];
      const loop = loopOf.get(here);
      if (loop !== undefined && loopOf.get(there) === loop) return { to: internNode({ state: t.next, cells }), weight: undefined, t };
      const weight = new Float64Array(2 * K);
      for (const c of cells) for (let j = 0; j < 2 * K; j++) weight[j]! += c.points[j]!;
      return { to: internNode({ state: t.next, cells: [] }), weight, t };
    });
  };
  const maxOf: Float64Array[] = [];
  const minOf: Float64Array[] = [];
  const group: number[] = [];
  const moves: Move[][] = [];
  const order: number[] = [];
  const low: number[] = [];
  const onStack: boolean[] = [];
  const stack: number[] = [];
  let counter = 0;
  let endless = false;
  const stuck = new Set<string>();
  let start = 0;
  const visit = (root: number) => {
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    const open = (node: number) => {
      order[node] = low[node] = counter++;
      onStack[node] = true;
      stack.push(node);
      moves[node] = movesOf(nodes[node]!);
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const list = moves[frame.node]!;
      if (frame.next < list.length) {
        const m = list[frame.next++]!;
        if (order[m.to] === undefined) {
          open(m.to);
          work.push({ node: m.to, next: 0 });
        } else if (onStack[m.to]) {
          low[frame.node] = Math.min(low[frame.node]!, order[m.to]!);
          if (m.to === frame.node) endless = true;
        }
        continue;
      }
      work.pop();
      const up = work[work.length - 1];
      if (up) low[up.node] = Math.min(low[up.node]!, low[frame.node]!);
      if (low[frame.node] !== order[frame.node]) continue;
      const members: number[] = [];
      let m: number;
      do {
        m = stack.pop()!;
        onStack[m] = false;
        members.push(m);
      } while (m !== frame.node);
      if (members.length > 1) endless = true;
      const id = frame.node;
      const hi = new Float64Array(K).fill(-Infinity);
      const lw = new Float64Array(K).fill(Infinity);
      for (const member of members) group[member] = id;
      for (const member of members) {
        const state = states[nodes[member]!.state]!;
        if (state.end) {
          objectives.forEach((o, k) => {
            const v = o.ending?.(state) ?? 0;
            hi[k] = Math.max(hi[k]!, v);
            lw[k] = Math.min(lw[k]!, v);
          });
          continue;
        }
        if (moves[member]!.length === 0) stuck.add(state.stepId);
        for (const mv of moves[member]!) {
          if (group[mv.to] === id) continue;
          const up2 = maxOf[mv.to]!;
          const down = minOf[mv.to]!;
          for (let k = 0; k < K; k++) {
            hi[k] = Math.max(hi[k]!, (mv.weight?.[2 * k] ?? 0) + up2[k]!);
            lw[k] = Math.min(lw[k]!, (mv.weight?.[2 * k + 1] ?? 0) + down[k]!);
          }
        }
      }
      if (hi[0] === -Infinity) for (const member of members) stuck.add(states[nodes[member]!.state]!.stepId);
      for (const member of members) {
        maxOf[member] = hi;
        minOf[member] = lw;
      }
    }
  };
  try {
    start = internNode({ state: 0, cells: [] });
    visit(start);
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }

  // Distance of each state to the nearest ending, to finish a covering walk the shortest way.
  const before: number[][] = states.map(() => []);
  transitions.forEach((out, i) => { for (const t of out) before[t.next]!.push(i); });
  const toEnd = new Int32Array(states.length).fill(-1);
  const pending: number[] = [];
  states.forEach((s, i) => { if (s.end) { toEnd[i] = 0; pending.push(i); } });
  for (let q = 0; q < pending.length; q++) {
    for (const from of before[pending[q]!]!) if (toEnd[from] === -1) { toEnd[from] = toEnd[pending[q]!]! + 1; pending.push(from); }
  }
  states.forEach((s, i) => { if (toEnd[i] === -1) stuck.add(s.stepId); });

  // 4. Witnesses: follow, from the start, a move that keeps each bound (inside a loop, first go
  // to the member of the group that leaves it that way).
  const entry = (t: Transition, slow: boolean): DecisionLogEntry => ({
    stepId: t.outcome.stepId,
    choiceId: t.option.id,
    timedOut: t.option.timeout,
    phase: t.outcome.phase,
    behaviour: t.option.behaviour,
    hesitationMs: slow ? (t.outcome.timeLimitMs ?? 0) : 0,
    at: 0,
  });
  const witness = (k: number, high: boolean): DecisionLog => {
    const target = (n: number) => (high ? maxOf[n]! : minOf[n]!)[k]!;
    const slot = 2 * k + (high ? 0 : 1);
    const decisions: DecisionLogEntry[] = [];
    let node = start;
    for (let guard = 0; !states[nodes[node]!.state]!.end; guard++) {
      if (guard > nodes.length) throw new Error('proveScores: witness does not end');
      const keeps = (mv: Move, from: number) => group[mv.to] !== group[from] && Math.abs((mv.weight?.[slot] ?? 0) + target(mv.to) - target(from)) <= 1e-9;
      // Breadth first inside the group to a member with a move that keeps the bound.
      const back = new Map<number, { from: number; mv: Move } | undefined>([[node, undefined]]);
      const queue = [node];
      let found: { at: number; mv: Move } | undefined;
      for (let q = 0; q < queue.length && !found; q++) {
        const at = queue[q]!;
        for (const mv of moves[at]!) {
          if (keeps(mv, at)) { found = { at, mv }; break; }
          if (group[mv.to] === group[at] && !back.has(mv.to)) { back.set(mv.to, { from: at, mv }); queue.push(mv.to); }
        }
      }
      if (!found) throw new Error('proveScores: no move keeps the bound');
      const inside: Move[] = [];
      for (let b = back.get(found.at); b; b = back.get(b.from)) inside.unshift(b.mv);
      for (const mv of [...inside, found.mv]) decisions.push(entry(mv.t, !high));
      node = found.mv.to;
    }
    return { timerMode, decisions };
  };
  const ranges: Record<string, ProvenRange> = {};
  const witnesses: Record<string, DecisionLog> = {};
  if (stuck.size === 0) {
    objectives.forEach((o, k) => {
      ranges[o.name] = { min: minOf[start]![k]!, max: maxOf[start]![k]! };
      witnesses[`${o.name}.max`] = witness(k, true);
      witnesses[`${o.name}.min`] = witness(k, false);
    });
  }

  // 5. Coverage: the first (breadth-first) walk to each state that takes each option or ends.
  const walkTo = (i: number): DecisionLogEntry[] => {
    const out: DecisionLogEntry[] = [];
    for (let p = parent[i]; p; p = parent[p.from]) out.unshift(entry(transitions[p.from]![p.t]!, false));
    return out;
  };
  const finish = (i: number, prefix: DecisionLogEntry[]): DecisionLog => {
    const decisions = [...prefix];
    for (let at = i; toEnd[at]! > 0;) {
      const t = transitions[at]!.find((x) => toEnd[x.next] === toEnd[at]! - 1)!;
      decisions.push(entry(t, false));
      at = t.next;
    }
    return { timerMode, decisions };
  };
  const coverage = new Map<string, DecisionLog>();
  transitions.forEach((out, i) => {
    for (const t of out) if (!coverage.has(t.option.id)) coverage.set(t.option.id, finish(t.next, [...walkTo(i), entry(t, false)]));
    const s = states[i]!;
    if (s.end && !coverage.has(s.end.stepId)) coverage.set(s.end.stepId, { timerMode, decisions: walkTo(i) });
  });
  return { timerMode, states: states.length, nodes: nodes.length, ranges, witnesses, stuck: [...stuck], endless, coverage };
}

class TooLarge extends Error {}

/** Steps that lie on a loop (of the edges given), mapped to an id of their loop. */
function stepLoops(edges: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string> {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops = new Map<string, string>();
  let counter = 0;
  for (const root of edges.keys()) {
    if (order.has(root)) continue;
    const work: { node: string; next: string[] }[] = [];
    const open = (n: string) => {
      order.set(n, counter); low.set(n, counter); counter++;
      stack.push(n); onStack.add(n);
      work.push({ node: n, next: [...(edges.get(n) ?? [])] });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const child = frame.next.pop();
      if (child !== undefined) {
        if (!order.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, order.get(child)!));
        continue;
      }
      work.pop();
      const up = work[work.length - 1];
      if (up) low.set(up.node, Math.min(low.get(up.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== order.get(frame.node)) continue;
      const members: string[] = [];
      let m: string;
      do { m = stack.pop()!; onStack.delete(m); members.push(m); } while (m !== frame.node);
      if (members.length > 1 || edges.get(frame.node)?.has(frame.node)) for (const x of members) loops.set(x, frame.node);
    }
  }
  return loops;
}
