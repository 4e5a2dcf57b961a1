import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PHASES } from '../format/schema';
import { arbitraryScenario, choice, ending, scenarioInput, step } from '../../tests/support/scenarios';
import { scenarioShaped } from '../../tests/bench/generators';
import { addStep, type Draft, type Position } from './edit';
import { GAP, layoutLanes, NODE, placeNew, type LaneLayout } from './layout';

const overlap = (a: Position, b: Position) => a.x < b.x + NODE.width && b.x < a.x + NODE.width && a.y < b.y + NODE.height && b.y < a.y + NODE.height;

/** Pairs of overlapping nodes, leaving out pairs where both are kept (the author put them there). */
function overlapping(positions: Record<string, Position>, kept: ReadonlySet<string> = new Set()): string[] {
  // Sweep by x: only nodes closer than a node's width can overlap.
  const nodes = Object.entries(positions).sort((a, b) => a[1].x - b[1].x);
  const found: string[] = [];
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length && nodes[j]![1].x < nodes[i]![1].x + NODE.width; j++) {
      const [a, pa] = nodes[i]!;
      const [b, pb] = nodes[j]!;
      if (overlap(pa, pb) && !(kept.has(a) && kept.has(b))) found.push(`${a}/${b}`);
    }
  }
  return found;
}

/** Steps whose node is not inside its phase's lane. */
function outsideLanes(doc: Draft, layout: LaneLayout): string[] {
  return doc.steps.filter((s) => {
    const lane = layout.lanes.find((l) => l.phase === s.phase)!;
    const p = layout.positions[s.id]!;
    return !(p.x >= lane.x && p.x + NODE.width <= lane.x + lane.width);
  }).map((s) => s.id);
}

const column = (layout: LaneLayout, id: string, phase: (typeof PHASES)[number]) => {
  const lane = layout.lanes.find((l) => l.phase === phase)!;
  return (layout.positions[id]!.x - lane.x - GAP.padding) / (NODE.width + GAP.column);
};

describe('layoutLanes', () => {
  const doc = scenarioInput([
    step('a', 'seduction', [choice('a1', 'b'), choice('a2', 'c'), choice('a3', 'i')]),
    step('b', 'seduction', [choice('b1', 'd')]),
    step('c', 'seduction', [choice('c1', 'd'), choice('c2', 'j')]),
    step('d', 'seduction', [choice('d1', 'i')]),
    step('i', 'influence', [choice('i1', 'k')]),
    step('j', 'influence', [choice('j1', 'k')]),
    step('k', 'influence', [choice('k1', 'win')]),
    step('island', 'influence', [choice('x1', 'k')]),
    ending('win', 'prescriber'),
  ]);

  it('puts the four lanes left to right in phase order, apart, even an empty one', () => {
    const { lanes } = layoutLanes(doc);
    expect(lanes.map((l) => l.phase)).toEqual([...PHASES]);
    for (let l = 1; l < lanes.length; l++) expect(lanes[l]!.x).toBeGreaterThanOrEqual(lanes[l - 1]!.x + lanes[l - 1]!.width + GAP.lane);
    expect(lanes[2]!.width).toBeGreaterThan(NODE.width); // prestation has no step yet
  });

  it('gives each step the column of its BFS depth from the steps entering its phase', () => {
    const layout = layoutLanes(doc);
    expect(['a', 'b', 'c', 'd'].map((id) => column(layout, id, 'seduction'))).toEqual([0, 1, 1, 2]);
    // i and j are entered from séduction, k one step further; the unreachable island starts a column 0 of its own.
    expect(['i', 'j', 'k', 'island'].map((id) => column(layout, id, 'influence'))).toEqual([0, 0, 1, 0]);
    expect(column(layout, 'win', 'ancrage')).toBe(0);
  });

  it('stacks a column top-down in BFS order', () => {
    const { positions } = layoutLanes(doc);
    expect(positions['b']!.y).toBe(0);
    expect(positions['c']!.y).toBe(NODE.height + GAP.row);
    expect([positions['i']!.y, positions['j']!.y, positions['island']!.y]).toEqual([0, 1, 2].map((r) => r * (NODE.height + GAP.row)));
  });

  it('starts from the start step, wherever it is in the list', () => {
    const layout = layoutLanes({ ...doc, start: 'c' });
    expect(column(layout, 'c', 'seduction')).toBe(0);
    expect(column(layout, 'd', 'seduction')).toBe(1);
  });

  it('lays out a 2,000-step scenario: every step placed, inside its lane, no two overlapping', () => {
    const big = scenarioShaped(2000);
    const layout = layoutLanes(big);
    expect(Object.keys(layout.positions).sort()).toEqual(big.steps.map((s) => s.id).sort());
    expect(outsideLanes(big, layout)).toEqual([]);
    expect(overlapping(layout.positions)).toEqual([]);
  });

  it('never moves kept nodes and places the others around them in a 2,000-step scenario', () => {
    const big = scenarioShaped(2000);
    const fresh = layoutLanes(big).positions;
    // Keep every third step where it was, and move a few kept ones somewhere new.
    const keep: Record<string, Position> = {};
    big.steps.forEach((s, i) => { if (i % 3 === 0) keep[s.id] = fresh[s.id]!; });
    keep['s300'] = { x: -5000, y: -700 };
    keep['s1500'] = { x: fresh['s3']!.x + 200, y: 90 }; // across two columns of another lane
    const layout = layoutLanes(big, { keep });
    for (const [id, p] of Object.entries(keep)) expect(layout.positions[id]).toEqual(p);
    expect(Object.keys(layout.positions)).toHaveLength(big.steps.length);
    expect(outsideLanes(big, layout)).toEqual([]);
    expect(overlapping(layout.positions, new Set(Object.keys(keep)))).toEqual([]);
  });

  it('places a new step below the kept nodes of its column', () => {
    const fresh = layoutLanes(doc).positions;
    const { doc: grown, stepId } = addStep(doc, { phase: 'seduction', lang: 'fr', from: { stepId: 'a' } });
    const placed = placeNew(grown, fresh);
    expect(Object.keys(placed)).toEqual([stepId]);
    // Column 1 of séduction holds b and c: the new step goes under them.
    expect(placed[stepId]).toEqual({ x: fresh['b']!.x, y: fresh['c']!.y + NODE.height + GAP.row });
  });

  it('grows a lane to contain kept nodes and keeps later lanes after it', () => {
    const far = { x: 4000, y: 0 };
    const layout = layoutLanes(doc, { keep: { d: far } });
    const seduction = layout.lanes[0]!;
    expect(seduction.x + seduction.width).toBeGreaterThanOrEqual(far.x + NODE.width);
    expect(layout.lanes[1]!.x).toBeGreaterThanOrEqual(seduction.x + seduction.width + GAP.lane);
    expect(outsideLanes(doc, layout)).toEqual([]);
  });

  it('copes with a draft: unknown phases go to the first lane, junk steps and bad saved positions are ignored', () => {
    const draft = {
      ...doc,
      steps: [...doc.steps, { id: 'odd', phase: 'later', customer: {} }, null, { phase: 'ancrage' }, { id: 'b', phase: 'ancrage' }],
    } as unknown as Draft;
    const layout = layoutLanes(draft, { keep: { a: { x: Number.NaN, y: 0 } } as Record<string, Position> });
    expect(Object.keys(layout.positions)).toHaveLength(10);
    expect(layout.positions['odd']!.x).toBeLessThan(layout.lanes[1]!.x);
    expect(layout.positions['a']).toEqual(layoutLanes(doc).positions['a']);
    expect(layoutLanes({} as Draft).positions).toEqual({});
  });

  it('property: any scenario and any saved positions give every step a place in its lane, new ones overlapping nothing', () => {
    const keepArb = fc.array(fc.record({ pick: fc.nat(), x: fc.integer({ min: -3000, max: 6000 }), y: fc.integer({ min: -2000, max: 4000 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(arbitraryScenario({ stateful: false, maxSteps: 30 }), keepArb, (scenario, picks) => {
        const keep: Record<string, Position> = {};
        for (const { pick, x, y } of picks) keep[scenario.steps[pick % scenario.steps.length]!.id] = { x, y };
        const layout = layoutLanes(scenario, { keep });
        expect(Object.keys(layout.positions)).toHaveLength(scenario.steps.length);
        for (const [id, p] of Object.entries(keep)) expect(layout.positions[id]).toEqual(p);
        expect(outsideLanes(scenario, layout)).toEqual([]);
        expect(overlapping(layout.positions, new Set(Object.keys(keep)))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
