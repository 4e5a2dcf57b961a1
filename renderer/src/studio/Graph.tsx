// The scenario as a graph (@xyflow/react): four phase lanes left to right, a node per step (the
// customer's line, emotion, timer and ending badges, lint and cohort counts), an edge per choice
// (its text and behaviour, drawn solid / dashed / dotted as well as coloured). Dragging from a
// step's handle onto empty space creates a step; onto another step, a choice leading there.
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ReactFlow, ReactFlowProvider, MiniMap, Controls, Background, Handle, Position, useReactFlow, applyNodeChanges,
  BaseEdge, EdgeLabelRenderer, getBezierPath,
  type Node, type Edge, type EdgeProps, type NodeProps, type NodeChange, type OnConnectEnd, type Connection,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { Phase } from '../../../scenarios/format/schema';
import { PHASES } from '../../../scenarios/format/schema';
import { NODE, layoutLanes } from '../../../scenarios/studio/layout';
import type { Draft } from '../../../scenarios/studio/edit';
import { localText } from '../text';

type Xy = { x: number; y: number };
export interface StepMarks {
  readonly errors: number;
  readonly warnings: number;
  readonly visits?: number | undefined;
}
interface StepData extends Record<string, unknown> {
  readonly step: DraftStep;
  readonly marks: StepMarks | undefined;
  readonly lang: 'fr' | 'en';
  readonly isStart: boolean;
}
interface LaneData extends Record<string, unknown> { readonly phase: Phase; readonly label: string }
type StepNode = Node<StepData, 'step'>;
type LaneNode = Node<LaneData, 'lane'>;

export interface DraftStep {
  readonly id: string;
  readonly phase?: Phase;
  readonly customer?: { line?: { fr?: string; en?: string }; emotion?: string };
  readonly timer?: { seconds?: number; timeout?: { id?: string; next?: string } };
  readonly choices?: readonly DraftChoice[];
  readonly ending?: { outcome?: string; walkOut?: boolean };
}
export interface DraftChoice {
  readonly id: string;
  readonly text?: { fr?: string; en?: string };
  readonly behaviour?: string;
  readonly next?: string;
  readonly setFlags?: Record<string, boolean>;
}

export const stepsOf = (doc: Draft): readonly DraftStep[] => (Array.isArray(doc.steps) ? (doc.steps as unknown as DraftStep[]) : []);
const excerpt = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const HANDLE = 16;
const NODE_SIZE = { width: NODE.width, height: NODE.height };
const NODE_HANDLES = [
  { type: 'target' as const, position: Position.Left, x: -HANDLE / 2, y: (NODE.height - HANDLE) / 2, width: HANDLE, height: HANDLE },
  { type: 'source' as const, position: Position.Right, x: NODE.width - HANDLE / 2, y: (NODE.height - HANDLE) / 2, width: HANDLE, height: HANDLE },
];
/** Edges longer than this are drawn solid whatever their behaviour: a dash pattern over tens of thousands of pixels costs every frame. */
const FAR = 3000;

/** Up to this many steps the graph opens showing all of them. */
const FIT_ALL_UP_TO = 150;
export const BEHAVIOUR_MARK: Record<string, string> = { proactive: '▲', reactive: '●', passive: '○' };

const StepView = memo(function StepView({ data, selected }: NodeProps<StepNode>) {
  const { t } = useTranslation();
  const { step, marks } = data;
  const phase = step.phase ?? 'seduction';
  const line = localText(step.customer?.line, data.lang);
  return (
    <div className={`step-node phase-${phase}${selected ? ' selected' : ''}`}>
      <Handle type="target" position={Position.Left} aria-hidden="true" />
      <div className="node-body">
      <div className="node-head">
        <span className="phase-tag">{t(`studio.phaseShort.${phase}`)}</span>
        <code className="node-id">{step.id}</code>
        {data.isStart && <span className="badge">{t('studio.graph.start')}</span>}
        {step.timer?.seconds !== undefined && <span className="badge" title={t('studio.graph.timer')}>{t('studio.graph.timerBadge', { seconds: step.timer.seconds })}</span>}
        {step.ending?.outcome && <span className={`badge ending-${step.ending.outcome}`}>{t(`studio.outcome.${step.ending.outcome}`)}</span>}
        {marks && marks.errors > 0 && <span className="badge err">{t('studio.graph.errors', { count: marks.errors })}</span>}
        {marks && marks.errors === 0 && marks.warnings > 0 && <span className="badge warn">{t('studio.graph.warnings', { count: marks.warnings })}</span>}
        {marks?.visits !== undefined && <span className="badge cohort">{t('studio.graph.visits', { count: marks.visits })}</span>}
      </div>
      <p className="node-line">{excerpt(line || t('studio.graph.noLine'), 90)}</p>
      <p className="node-emotion">{t(`studio.emotion.${step.customer?.emotion ?? 'neutral'}`, { defaultValue: step.customer?.emotion ?? '' })}</p>
      </div>
      <Handle type="source" position={Position.Right} title={t('studio.graph.handle', { id: step.id })} />
    </div>
  );
});

const LaneView = memo(function LaneView({ data }: NodeProps<LaneNode>) {
  return <div className={`lane lane-${data.phase}`}><span className="lane-label">{data.label}</span></div>;
});

interface ChoiceData extends Record<string, unknown> {
  /** The full label (shown near the selected step) and the short one (its behaviour mark, elsewhere). */
  readonly label: string;
  readonly short: string;
  readonly full: boolean;
  /** Position among the edges joining the same two steps, so their labels do not cover each other. */
  readonly rank: number;
}
type ChoiceEdge = Edge<ChoiceData, 'choice'>;

const ChoiceView = memo(function ChoiceView(props: EdgeProps<ChoiceEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const data = props.data;
  return (
    <>
      <BaseEdge id={props.id} path={path} {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})} />
      {data && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${data.full ? ' full' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + data.rank * (data.full ? 22 : 14)}px)` }}
          >{data.full ? data.label : data.short}</div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

const nodeTypes = { step: StepView, lane: LaneView };
const edgeTypes = { choice: ChoiceView };
const PHASE_COLOUR: Record<string, string> = { seduction: '#9c2d6b', influence: '#0b5cad', prestation: '#1d6b35', ancrage: '#6b4aa0' };

export interface GraphProps {
  readonly doc: Draft;
  readonly lang: 'fr' | 'en';
  readonly readOnly: boolean;
  readonly selected: string | undefined;
  readonly marks: ReadonlyMap<string, StepMarks>;
  /** Edge ids (`step/choice`) on the highlighted path. */
  readonly highlight: ReadonlySet<string>;
  readonly cohort: { readonly choices: Record<string, number>; readonly attempts: number } | undefined;
  /** Centre the view on this step when `nonce` changes. */
  readonly focus: { readonly stepId: string; readonly nonce: number } | undefined;
  readonly onSelect: (stepId: string | undefined) => void;
  readonly onMove: (positions: Record<string, Xy>) => void;
  readonly onConnectNew: (fromStepId: string, position: Xy) => void;
  readonly onConnect: (fromStepId: string, toStepId: string) => void;
}

/** Where every step is drawn: its saved position, else the lane layout's. */
export function positionsOf(doc: Draft): { positions: Record<string, Xy>; lanes: { phase: Phase; x: number; width: number }[] } {
  const saved = (doc.editor as { positions?: Record<string, Xy> } | undefined)?.positions ?? {};
  return layoutLanes(doc, { keep: saved });
}

function Flow(props: GraphProps) {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const { doc, lang, marks, highlight, cohort, selected } = props;
  const steps = stepsOf(doc);
  const start = typeof doc.start === 'string' ? doc.start : steps[0]?.id;
  const layout = useMemo(() => positionsOf(doc), [doc]);

  // Node data keeps its identity while its step and marks are unchanged, so React Flow redraws only what changed.
  // Node objects keep their identity while their step, marks, position and selection are unchanged:
  // React Flow then updates only what an edit changed, not 2,000 nodes per keystroke.
  const nodeCache = useMemo(() => new WeakMap<DraftStep, { key: string; node: StepNode }>(), []);
  const derived = useMemo((): (StepNode | LaneNode)[] => {
    const maxY = Math.max(0, ...Object.values(layout.positions).map((p) => p.y)) + NODE.height + 80;
    const lanes: LaneNode[] = layout.lanes.map((lane) => ({
      id: `lane:${lane.phase}`, type: 'lane', position: { x: lane.x, y: -60 }, data: { phase: lane.phase, label: t(`studio.phase.${lane.phase}`) },
      draggable: false, selectable: false, focusable: false, connectable: false, zIndex: -1,
      style: { width: lane.width, height: maxY + 60 },
    }));
    const nodes: StepNode[] = steps.map((step) => {
      const m = marks.get(step.id);
      const position = layout.positions[step.id] ?? { x: 0, y: 0 };
      const key = `${lang}|${step.id === start ? 1 : 0}|${m?.errors ?? 0}|${m?.warnings ?? 0}|${m?.visits ?? ''}|${position.x},${position.y}|${step.id === selected ? 1 : 0}|${props.readOnly ? 1 : 0}`;
      const cached = nodeCache.get(step);
      if (cached && cached.key === key) return cached.node;
      const line = localText(step.customer?.line, lang);
      const node: StepNode = {
        id: step.id, type: 'step', position, data: { step, marks: m, lang, isStart: step.id === start },
        selected: step.id === selected, draggable: !props.readOnly, connectable: !props.readOnly,
        width: NODE.width, height: NODE.height,
        // Size and handles given, not measured: React Flow then draws only the nodes in view
        // instead of mounting all 2,000 once per change to measure them.
        measured: NODE_SIZE, handles: NODE_HANDLES,
        ariaLabel: t('studio.graph.nodeLabel', { id: step.id, phase: t(`studio.phase.${step.phase ?? 'seduction'}`), line: excerpt(line, 120) }),
      };
      nodeCache.set(step, { key, node });
      return node;
    });
    return [...lanes, ...nodes];
  }, [steps, marks, lang, start, selected, layout, nodeCache, props.readOnly, t]);

  // A large scenario opens on its first step at full size rather than as 2,000 unreadable dots.
  const [startViewport] = useState(() => {
    const p = (start ? layout.positions[start] : undefined) ?? { x: 0, y: 0 };
    return { x: -p.x + 40, y: -p.y + 120, zoom: 1 };
  });
  const [nodes, setNodes] = useState(derived);
  useEffect(() => setNodes(derived), [derived]);

  // A step's edges are rebuilt only when the step, its neighbours' places, the selection, the best
  // path or the cohort change for it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const edgeCache = useMemo(() => new WeakMap<DraftStep, { key: string; edges: ChoiceEdge[] }>(), [cohort]);
  const edges = useMemo((): ChoiceEdge[] => {
    const ids = new Set(steps.map((s) => s.id));
    const out: ChoiceEdge[] = [];
    const total = cohort ? Math.max(1, cohort.attempts) : 0;
    const far = (from: string, to: string) => {
      const a = layout.positions[from];
      const b = layout.positions[to];
      return a && b && Math.abs(a.x - b.x) + Math.abs(a.y - b.y) > FAR ? ' edge-far' : '';
    };
    const taken = (id: string) => {
      const count = cohort?.choices[id];
      return count === undefined ? undefined : t('studio.graph.taken', { count, percent: Math.round((100 * count) / total) });
    };
    for (const step of steps) {
      const targets = [...(step.choices ?? []).map((c) => c.next), step.timer?.timeout?.next];
      const near = step.id === selected;
      const key = `${lang}|${near ? 1 : 0}|${targets.map((to) => (to && ids.has(to) ? `${to}${to === selected ? '*' : ''}${far(step.id, to)}` : '-')).join(',')}|${highlight.size ? [...highlight].filter((h) => h.startsWith(`${step.id}/`)).join(',') : ''}`;
      const cached = edgeCache.get(step);
      if (cached && cached.key === key) { out.push(...cached.edges); continue; }
      const mine: ChoiceEdge[] = [];
      const ranks = new Map<string, number>();
      const rankOf = (to: string) => {
        const rank = ranks.get(to) ?? 0;
        ranks.set(to, rank + 1);
        return rank;
      };
      for (const choice of step.choices ?? []) {
        if (!choice.next || !ids.has(choice.next)) continue;
        const id = `${step.id}/${choice.id}`;
        const behaviour = choice.behaviour ?? 'reactive';
        const mark = BEHAVIOUR_MARK[behaviour] ?? '';
        const count = taken(id);
        const full = near || choice.next === selected || highlight.has(id);
        mine.push({
          id, type: 'choice', source: step.id, target: choice.next,
          data: { label: full ? `${mark} ${excerpt(localText(choice.text, lang), 38)}${count ? ` · ${count}` : ''}` : '', short: count ? `${mark} ${count}` : mark, full, rank: rankOf(choice.next) },
          className: `edge-${behaviour}${far(step.id, choice.next)}${highlight.has(id) ? ' edge-highlight' : ''}`,
          ...(highlight.has(id) ? { zIndex: 5 } : {}),
        });
      }
      const timeout = step.timer?.timeout;
      if (timeout?.next && ids.has(timeout.next)) {
        const id = `${step.id}/${timeout.id ?? 'timeout'}`;
        const count = taken(id);
        mine.push({
          id, type: 'choice', source: step.id, target: timeout.next,
          data: { label: `${t('studio.graph.timeout')}${count ? ` · ${count}` : ''}`, short: '…', full: near || timeout.next === selected || highlight.has(id), rank: rankOf(timeout.next) },
          className: `edge-timeout${far(step.id, timeout.next)}${highlight.has(id) ? ' edge-highlight' : ''}`,
        });
      }
      edgeCache.set(step, { key, edges: mine });
      out.push(...mine);
    }
    return out;
  }, [steps, lang, cohort, highlight, selected, layout, edgeCache, t]);

  const ariaLabels = useMemo(() => ({
    'node.a11yDescription.default': t('studio.graph.a11yNode'),
    'node.a11yDescription.keyboardDisabled': t('studio.graph.a11yNode'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) => t('studio.graph.a11yMoved', { direction, x, y }),
    'edge.a11yDescription.default': t('studio.graph.a11yEdge'),
    'controls.ariaLabel': t('studio.graph.controls'),
    'controls.zoomIn.ariaLabel': t('studio.graph.zoomIn'),
    'controls.zoomOut.ariaLabel': t('studio.graph.zoomOut'),
    'controls.fitView.ariaLabel': t('studio.graph.fitView'),
    'controls.interactive.ariaLabel': t('studio.graph.controls'),
    'minimap.ariaLabel': t('studio.graph.minimap'),
    'handle.ariaLabel': t('studio.graph.handleLabel'),
  }), [t]);

  useEffect(() => {
    if (!props.focus) return;
    const p = layout.positions[props.focus.stepId];
    if (p) void flow.setCenter(p.x + NODE.width / 2, p.y + NODE.height / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 0 });
    // Only a new focus request moves the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.focus?.nonce]);

  const onNodesChange = useCallback((changes: NodeChange<StepNode | LaneNode>[]) => {
    setNodes((current) => applyNodeChanges(changes, current));
    for (const change of changes) {
      if (change.type === 'select' && change.selected) props.onSelect(change.id.startsWith('lane:') ? undefined : change.id);
    }
  }, [props]);

  const onNodeDragStop = useCallback((_: unknown, _node: Node, dragged: Node[]) => {
    const moved: Record<string, Xy> = {};
    for (const n of dragged) if (n.type === 'step') moved[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    if (Object.keys(moved).length > 0) props.onMove(moved);
  }, [props]);

  const onConnectEnd = useCallback<OnConnectEnd>((event, state) => {
    if (props.readOnly || state.isValid || !state.fromNode || state.fromNode.type !== 'step') return;
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    if (!point) return;
    props.onConnectNew(state.fromNode.id, flow.screenToFlowPosition({ x: point.clientX, y: point.clientY }));
  }, [flow, props]);

  const onConnect = useCallback((c: Connection) => {
    if (!props.readOnly && c.source && c.target && !c.target.startsWith('lane:')) props.onConnect(c.source, c.target);
  }, [props]);

  return (
    <ReactFlow
      nodes={nodes} edges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes} ariaLabelConfig={ariaLabels}
      edgesFocusable={false}
      onNodesChange={onNodesChange} onNodeDragStop={onNodeDragStop} onConnect={onConnect} onConnectEnd={onConnectEnd}
      onPaneClick={() => props.onSelect(undefined)}
      deleteKeyCode={null} selectionKeyCode={null} multiSelectionKeyCode={null}
      onlyRenderVisibleElements minZoom={0.05} maxZoom={2}
      {...(steps.length <= FIT_ALL_UP_TO ? { fitView: true, fitViewOptions: { maxZoom: 1, padding: 0.1 } } : { defaultViewport: startViewport })}
      proOptions={{ hideAttribution: true }}
      aria-label={t('studio.graph.label')}
    >
      <Background gap={24} />
      <MiniMap pannable zoomable ariaLabel={t('studio.graph.minimap')} position="bottom-right" style={{ width: 150, height: 100 }} nodeColor={(n) => (n.type === 'lane' ? '#eef0f3' : PHASE_COLOUR[String((n.data as StepData).step.phase ?? 'seduction')] ?? '#5b6572')} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

export function Graph(props: GraphProps) {
  return (
    <div className="graph" data-steps={stepsOf(props.doc).length}>
      <ReactFlowProvider>
        <Flow {...props} />
      </ReactFlowProvider>
    </div>
  );
}

export const PHASE_ORDER: readonly Phase[] = PHASES;
