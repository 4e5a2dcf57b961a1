// A small line chart in SVG: series distinguished by colour AND dash pattern AND marker shape,
// with a table of the same numbers for screen readers.
export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly colour: string;
  readonly dash?: string;
  readonly marker: 'circle' | 'square';
}

export function LineChart({ title, series, max = 100, xLabels }: { title: string; series: readonly Series[]; max?: number; xLabels?: readonly string[] }) {
  const width = 640;
  const height = 220;
  const pad = { left: 36, right: 12, top: 12, bottom: 28 };
  const longest = Math.max(2, ...series.map((s) => s.values.length));
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / (longest - 1);
  // Dates under the axis, thinned so that no two overlap (at most five, the last always shown).
  const labelEvery = Math.max(1, Math.ceil((xLabels?.length ?? 0) / 5));
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="chart-svg">
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v} aria-hidden="true">
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#e3e6ea" />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#4a5360">{v}</text>
          </g>
        ))}
        {xLabels && xLabels.map((label, i) => (i === xLabels.length - 1 || (i % labelEvery === 0 && xLabels.length - 1 - i >= labelEvery)) && (
          <text key={`x${i}`} aria-hidden="true" x={x(i)} y={height - 8} textAnchor={i === 0 && xLabels.length > 1 ? 'start' : i === xLabels.length - 1 && i > 0 ? 'end' : 'middle'} fontSize="11" fill="#4a5360">{label}</text>
        ))}
        {series.map((s) => (
          <g key={s.label} aria-hidden="true">
            <polyline fill="none" stroke={s.colour} strokeWidth="3" strokeDasharray={s.dash} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {s.values.map((v, i) => (s.marker === 'circle'
              ? <circle key={i} cx={x(i)} cy={y(v)} r="4.5" fill={s.colour} />
              : <rect key={i} x={x(i) - 4} y={y(v) - 4} width="8" height="8" fill={s.colour} />))}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.label} className="legend-item">
            <svg width="36" height="12" aria-hidden="true"><line x1="0" x2="36" y1="6" y2="6" stroke={s.colour} strokeWidth="3" strokeDasharray={s.dash} />{s.marker === 'circle' ? <circle cx="18" cy="6" r="4" fill={s.colour} /> : <rect x="14" y="2" width="8" height="8" fill={s.colour} />}</svg>
            {s.label}
          </span>
        ))}
      </figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead><tr><th scope="col">#</th>{series.map((s) => <th key={s.label} scope="col">{s.label}</th>)}</tr></thead>
        <tbody>
          {Array.from({ length: longest }, (_, i) => (
            <tr key={i}><th scope="row">{xLabels?.[i] ?? i}</th>{series.map((s) => <td key={s.label}>{s.values[i] ?? '—'}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
