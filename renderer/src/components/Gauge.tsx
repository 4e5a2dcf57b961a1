// A score gauge: a ring with the number in words beside it (the ring is decoration, the text carries the value).
import { formatNumber } from '../text';
export function Gauge({ label, value, size = 120 }: { label: string; value: number; size?: number }) {
  const r = 42;
  const circumference = 2 * Math.PI * r;
  const shown = Math.max(0, Math.min(100, value));
  return (
    <figure className="gauge">
      <svg width={size} height={size} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
        <circle cx="50" cy="50" r={r} fill="none" stroke="#d9dee4" strokeWidth="10" />
        <circle cx="50" cy="50" r={r} fill="none" stroke="#0b5cad" strokeWidth="10" strokeLinecap="round" strokeDasharray={`${(shown / 100) * circumference} ${circumference}`} transform="rotate(-90 50 50)" />
        <text x="50" y="57" textAnchor="middle" fontSize="24" fontWeight="700" fill="#1b1f24">{formatNumber(Math.round(shown))}</text>
      </svg>
      <figcaption><span className="gauge-label">{label}</span> <span className="gauge-value">{formatNumber(shown)}/100</span></figcaption>
    </figure>
  );
}
