// The studio's graph layout: four phase lanes left to right, inside a lane a column per BFS depth,
// in O(steps + choices) — dagre took 7.5 s on a 2,000-step scenario (issue 7). Saved positions stay.
import { PHASES, type Phase } from '../format/schema';
import { isRecord, type Draft, type Position } from './edit';

/** The size of a step's node on the graph (the renderer draws it this size). */
export const NODE = { width: 260, height: 120 } as const;
/** Space between columns, between rows, between lanes, and from a lane's edge to its nodes. */
export const GAP = { column: 80, row: 40, lane: 120, padding: 40 } as const;

export interface Lane {
  readonly phase: Phase;
  readonly x: number;
  readonly width: number;
}

export interface LaneLayout {
  /** A position (top-left corner of the node) for every step with a distinct id. */
  readonly positions: Record<string, Position>;
  /** The four lanes, in PHASES order, each wide enough to contain its steps. */
  readonly lanes: Lane[];
}

export interface LayoutOptions {
  /** Saved positions: these steps do not move (others are placed around them). */
  readonly keep?: Readonly<Record<string, Position>>;
}

const COLUMN_STEP = NODE.width + GAP.column;
const ROW_STEP = NODE.height + GAP.row;

const isPosition = (p: unknown): p is Position =>
  isRecord(p) && typeof p['x'] === 'number' && typeof p['y'] === 'number' && Number.isFinite(p['x']) && Number.isFinite(p['y']);

/** Whether two nodes of NODE's size at these x (or y) overlap on that axis. */
const overlaps = (a: number, b: number, size: number) => a < b + size && b < a + size;

interface Graph {
  readonly ids: string[];
  readonly lane: number[];
  readonly targets: number[][];
  readonly start: number;
}

/** The steps with a distinct string id (the first of duplicates), their lanes and edges. */
function graphOf(doc: Draft): Graph {
  const raw: readonly unknown[] = isRecord(doc) && Array.isArray(doc.steps) ? doc.steps : [];
  const index = new Map<string, number>();
  const ids: string[] = [];
  const lane: number[] = [];
  const nodes: Record<string, unknown>[] = [];
  for (const s of raw) {
    // '__proto__' is no valid id, and would not survive as a key of the positions record.
    if (!isRecord(s) || typeof s['id'] !== 'string' || s['id'] === '__proto__' || index.has(s['id'])) continue;
    index.set(s['id'], ids.length);
    ids.push(s['id']);
    // A phase the draft does not know yet goes to the first lane.
    lane.push(Math.max(0, (PHASES as readonly unknown[]).indexOf(s['phase'])));
    nodes.push(s);
  }
  const targets = nodes.map((s) => {
    const out: number[] = [];
    const add = (next: unknown) => {
      const t = typeof next === 'string' ? index.get(next) : undefined;
      if (t !== undefined) out.push(t);
    };
    if (Array.isArray(s['choices'])) for (const c of s['choices']) if (isRecord(c)) add(c['next']);
    const timer = s['timer'];
    if (isRecord(timer) && isRecord(timer['timeout'])) add(timer['timeout']['next']);
    return out;
  });
  const start = isRecord(doc) && typeof doc.start === 'string' ? (index.get(doc.start) ?? 0) : 0;
  return { ids, lane, targets, start };
}

/**
 * Depth of each step inside its lane, and each lane's steps in BFS order. A lane's BFS starts
 * from the steps entering it: the start step and the targets of edges from earlier lanes; steps
 * still unreached (entered only backwards, or unreachable) then start BFS runs of their own.
 */
function depths(graph: Graph): { depth: Int32Array; order: number[][] } {
  const { ids, lane, targets } = graph;
  const n = ids.length;
  const depth = new Int32Array(n).fill(-1);
  const order: number[][] = PHASES.map(() => []);
  const entries: number[][] = PHASES.map(() => []);
  const members: number[][] = PHASES.map(() => []);
  for (let i = 0; i < n; i++) members[lane[i]!]!.push(i);
  const isEntry = new Uint8Array(n);
  if (n > 0) {
    isEntry[graph.start] = 1;
    entries[lane[graph.start]!]!.push(graph.start);
  }
  for (let l = 0; l < PHASES.length; l++) {
    const queue = order[l]!;
    let head = 0;
    const drain = () => {
      while (head < queue.length) {
        const u = queue[head++]!;
        for (const v of targets[u]!) {
          const lv = lane[v]!;
          if (lv === l) {
            if (depth[v]! < 0) {
              depth[v] = depth[u]! + 1;
              queue.push(v);
            }
          } else if (lv > l && !isEntry[v]) {
            isEntry[v] = 1;
            entries[lv]!.push(v);
          }
        }
      }
    };
    const root = (i: number) => {
      if (depth[i]! >= 0) return;
      depth[i] = 0;
      queue.push(i);
    };
    // Every entry sits in column 0: all of them seed one BFS.
    entries[l]!.forEach(root);
    drain();
    for (const i of members[l]!) {
      root(i);
      drain();
    }
  }
  return { depth, order };
}

/**
 * Lays the steps out in four phase lanes, left to right in PHASES order. Inside a lane, a step's
 * column is its BFS depth from the steps entering the lane, and each column's steps are stacked
 * top-down in BFS order. Steps in `keep` stay where they are; the others go to their lane's
 * column below every kept node that overlaps the column, so nothing new overlaps anything. A lane
 * starts after the lanes before it (at its leftmost kept node when it has some) and its x/width
 * are those of its nodes, kept ones included. Linear in steps and choices.
 */
export function layoutLanes(doc: Draft, options: LayoutOptions = {}): LaneLayout {
  const graph = graphOf(doc);
  const { ids } = graph;
  const n = ids.length;
  const keep = isRecord(options.keep) ? options.keep : {};
  const kept: (Position | undefined)[] = ids.map((id) => {
    const p = Object.hasOwn(keep, id) ? keep[id] : undefined;
    return isPosition(p) ? p : undefined;
  });
  const { depth, order } = depths(graph);

  // Horizontal: lane origins left to right, then every node's x.
  const x = new Float64Array(n);
  const origins: number[] = [];
  const columns: number[] = [];
  const lanes: Lane[] = [];
  let right = Number.NEGATIVE_INFINITY;
  for (let l = 0; l < PHASES.length; l++) {
    let keptLeft = Number.POSITIVE_INFINITY;
    let deepest = -1;
    for (const i of order[l]!) {
      const p = kept[i];
      if (p) keptLeft = Math.min(keptLeft, p.x);
      else deepest = Math.max(deepest, depth[i]!);
    }
    const after = right === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : right + GAP.lane;
    const origin = keptLeft < Number.POSITIVE_INFINITY ? Math.max(after, keptLeft - GAP.padding) : Number.isFinite(after) ? after : 0;
    origins.push(origin);
    columns.push(deepest + 1);
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    for (const i of order[l]!) {
      x[i] = kept[i]?.x ?? origin + GAP.padding + depth[i]! * COLUMN_STEP;
      minX = Math.min(minX, x[i]!);
      maxX = Math.max(maxX, x[i]! + NODE.width);
    }
    const laneX = minX === Number.POSITIVE_INFINITY ? origin : minX - GAP.padding;
    const width = minX === Number.POSITIVE_INFINITY ? NODE.width + 2 * GAP.padding : maxX - minX + 2 * GAP.padding;
    lanes.push({ phase: PHASES[l]!, x: laneX, width });
    right = Math.max(right, laneX + width);
  }

  // Vertical: each auto column starts below the kept nodes that overlap it (a node is narrower
  // than a column step, so it overlaps at most two columns of a lane: look at three to be safe).
  let top = Number.POSITIVE_INFINITY;
  for (const p of kept) if (p) top = Math.min(top, p.y);
  if (top === Number.POSITIVE_INFINITY) top = 0;
  const bottoms = columns.map((c) => new Float64Array(c).fill(Number.NEGATIVE_INFINITY));
  for (const p of kept) {
    if (!p) continue;
    for (let l = 0; l < PHASES.length; l++) {
      const base = origins[l]! + GAP.padding;
      const near = Math.floor((p.x - base) / COLUMN_STEP);
      for (let d = Math.max(0, near - 1); d <= Math.min(columns[l]! - 1, near + 1); d++) {
        if (overlaps(p.x, base + d * COLUMN_STEP, NODE.width)) bottoms[l]![d] = Math.max(bottoms[l]![d]!, p.y + NODE.height);
      }
    }
  }
  const positions: Record<string, Position> = {};
  for (let l = 0; l < PHASES.length; l++) {
    const rows = new Int32Array(columns[l]!);
    for (const i of order[l]!) {
      const p = kept[i];
      if (p) {
        positions[ids[i]!] = { x: p.x, y: p.y };
        continue;
      }
      const d = depth[i]!;
      const below = bottoms[l]![d]!;
      const first = below === Number.NEGATIVE_INFINITY ? top : Math.max(top, below + GAP.row);
      positions[ids[i]!] = { x: x[i]!, y: first + rows[d]!++ * ROW_STEP };
    }
  }
  return { positions, lanes };
}

/** Positions for the steps that have none in `positions` (after steps were added or imported). */
export function placeNew(doc: Draft, positions: Readonly<Record<string, Position>>): Record<string, Position> {
  const layout = layoutLanes(doc, { keep: positions });
  const placed: Record<string, Position> = {};
  for (const [id, p] of Object.entries(layout.positions)) {
    const saved = Object.hasOwn(positions, id) ? positions[id] : undefined;
    if (!isPosition(saved)) placed[id] = p;
  }
  return placed;
}
