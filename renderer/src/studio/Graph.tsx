// The scenario as a graph (@xyflow/react): four phase lanes left to right, a node per step (the
// customer's line, emotion, timer and ending badges, lint and cohort counts), an edge per choice
// (its text and behaviour, drawn solid / dashed / dotted as well as coloured). Dragging from a
// step's handle onto empty space creates a step; onto another step, a choice leading there.
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ReactFlow, ReactFlowProvider, MiniMap, Controls, Background, Handle, Position, useReactFlow, applyNodeChanges,
  type Node, type Edge, type NodeProps, type NodeChange, type OnConnectEnd, type Connection,
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
}

export const stepsOf = (doc: Draft): readonly DraftStep[] => (Array.isArray(doc.steps) ? (doc.steps as unknown as DraftStep[]) : []);
const excerpt = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
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

const nodeTypes = { step: StepView, lane: LaneView };

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
  const dataCache = useMemo(() => new WeakMap<DraftStep, { key: string; data: StepData }>(), []);
  const derived = useMemo((): (StepNode | LaneNode)[] => {
    const maxY = Math.max(0, ...Object.values(layout.positions).map((p) => p.y)) + NODE.height + 80;
    const lanes: LaneNode[] = layout.lanes.map((lane) => ({
      id: `lane:${lane.phase}`, type: 'lane', position: { x: lane.x, y: -60 }, data: { phase: lane.phase, label: t(`studio.phase.${lane.phase}`) },
      draggable: false, selectable: false, focusable: false, connectable: false, zIndex: -1,
      style: { width: lane.width, height: maxY + 60 },
    }));
    const nodes: StepNode[] = steps.map((step) => {
      const m = marks.get(step.id);
      const key = `${lang}|${step.id === start ? 1 : 0}|${m?.errors ?? 0}|${m?.warnings ?? 0}|${m?.visits ?? ''}`;
      let cached = dataCache.get(step);
      if (!cached || cached.key !== key) {
        cached = { key, data: { step, marks: m, lang, isStart: step.id === start } };
        dataCache.set(step, cached);
      }
      const line = localText(step.customer?.line, lang);
      return {
        id: step.id, type: 'step', position: layout.positions[step.id] ?? { x: 0, y: 0 }, data: cached.data,
        selected: step.id === selected, draggable: !props.readOnly, connectable: !props.readOnly,
        width: NODE.width, height: NODE.height,
        ariaLabel: t('studio.graph.nodeLabel', { id: step.id, phase: t(`studio.phase.${step.phase ?? 'seduction'}`), line: excerpt(line, 120) }),
      };
    });
    return [...lanes, ...nodes];
  }, [steps, marks, lang, start, selected, layout, dataCache, props.readOnly, t]);

  // A large scenario opens on its first step at full size rather than as 2,000 unreadable dots.
  const [startViewport] = useState(() => {
    const p = (start ? layout.positions[start] : undefined) ?? { x: 0, y: 0 };
    return { x: -p.x + 40, y: -p.y + 120, zoom: 1 };
  });
  const [nodes, setNodes] = useState(derived);
  useEffect(() => setNodes(derived), [derived]);

  const edges = useMemo((): Edge[] => {
    const ids = new Set(steps.map((s) => s.id));
    const out: Edge[] = [];
    const total = cohort ? Math.max(1, cohort.attempts) : 0;
    for (const step of steps) {
      for (const choice of step.choices ?? []) {
        if (!choice.next || !ids.has(choice.next)) continue;
        const id = `${step.id}/${choice.id}`;
        const behaviour = choice.behaviour ?? 'reactive';
        const count = cohort?.choices[id];
        const text = excerpt(localText(choice.text, lang), 38);
        const label = `${BEHAVIOUR_MARK[behaviour] ?? ''} ${text}${count !== undefined ? ` · ${t('studio.graph.taken', { count, percent: Math.round((100 * count) / total) })}` : ''}`;
        out.push({
          id, source: step.id, target: choice.next, label,
          className: `edge-${behaviour}${highlight.has(id) ? ' edge-highlight' : ''}`,
          ariaLabel: t('studio.graph.edgeLabel', { from: step.id, to: choice.next, behaviour: t(`studio.behaviour.${behaviour}`), text }),
          ...(highlight.has(id) ? { zIndex: 5 } : {}),
        });
      }
      const timeout = step.timer?.timeout;
      if (timeout?.next && ids.has(timeout.next)) {
        const id = `${step.id}/${timeout.id ?? 'timeout'}`;
        out.push({ id, source: step.id, target: timeout.next, label: t('studio.graph.timeout'), className: `edge-timeout${highlight.has(id) ? ' edge-highlight' : ''}`, ariaLabel: t('studio.graph.timeoutLabel', { from: step.id, to: timeout.next }) });
      }
    }
    return out;
  }, [steps, lang, cohort, highlight, t]);

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
      nodes={nodes} edges={edges} nodeTypes={nodeTypes}
      onNodesChange={onNodesChange} onNodeDragStop={onNodeDragStop} onConnect={onConnect} onConnectEnd={onConnectEnd}
      onPaneClick={() => props.onSelect(undefined)}
      deleteKeyCode={null} selectionKeyCode={null} multiSelectionKeyCode={null}
      onlyRenderVisibleElements minZoom={0.05} maxZoom={2}
      {...(steps.length <= FIT_ALL_UP_TO ? { fitView: true, fitViewOptions: { maxZoom: 1, padding: 0.1 } } : { defaultViewport: startViewport })}
      proOptions={{ hideAttribution: true }}
      aria-label={t('studio.graph.label')}
    >
      <Background gap={24} />
      <MiniMap pannable zoomable ariaLabel={t('studio.graph.minimap')} nodeClassName={(n) => (n.type === 'lane' ? 'mini-lane' : `mini-${String((n.data as StepData).step.phase ?? 'seduction')}`)} />
      <Controls showInteractive={false} aria-label={t('studio.graph.controls')} />
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
