// The customer's face, drawn by hand as inline SVG: one table row of brow, eye and mouth
// parameters per emotion, one drawing. Every emotion reads without colour (brows, lids, gaze
// and mouth shape); blush, flush and the sweat drop only add to it.
//
// No <style> element and no inline style (CSP style-src 'self'): only presentation attributes.
// Every path keeps the same commands whatever the emotion, so the caller's stylesheet can
// animate the change between two emotions (Chromium interpolates `d` and `transform`):
//   .face .face-part { transition: d 220ms ease, transform 220ms ease, opacity 220ms ease; }
//   .face--still .face-part { transition: none; }
//   @media (prefers-reduced-motion: reduce) { .face .face-part { transition: none; } }
// `reducedMotion` adds the class face--still to the <svg>.
import type { Emotion } from '../../../scenarios/format/schema';

/** Eyebrow, relative to its resting place: inner end dy, outer end dy, arch (negative = up). */
type Brow = readonly [inner: number, outer: number, arch: number];
/** Eye: inner corner dy, outer corner dy, upper lid curve, lower lid curve (negative = up). */
type Eye = readonly [inner: number, outer: number, upper: number, lower: number];
/** Mouth: half width, left and right corner dy, upper and lower lip curve, x shift, teeth, tongue. */
type Mouth = readonly [half: number, left: number, right: number, upper: number, lower: number, shift: number, teeth: number, tongue: number];

interface Look {
  brows: readonly [left: Brow, right: Brow];
  eye: Eye;
  gaze: readonly [x: number, y: number];
  mouth: Mouth;
  blush: number;
  flush: number;
  sweat: number;
}

const both = (brow: Brow): readonly [Brow, Brow] => [brow, brow];

const LOOKS: Readonly<Record<Emotion, Look>> = {
  neutral: { brows: both([0, 0, -3]), eye: [0, 0, -12, 12], gaze: [0, 0], mouth: [11, 0, 0, 0, 0, 0, 0, 0], blush: 0, flush: 0, sweat: 0 },
  pleased: { brows: both([-2, -1, -4]), eye: [0, 0, -15, 8], gaze: [0, 0], mouth: [15, -4, -4, 3, 7, 0, 0, 0], blush: 0.35, flush: 0, sweat: 0 },
  delighted: { brows: both([-6, -4, -6]), eye: [1, 1, -16, -5], gaze: [0, 0], mouth: [16, -5, -5, -1, 15, 0, 4.5, 5], blush: 0.6, flush: 0, sweat: 0 },
  worried: { brows: both([-7, 2, -1]), eye: [0, 0, -18, 14], gaze: [0, 1], mouth: [9, 3, 3, -2, -1, 0, 0, 0], blush: 0, flush: 0, sweat: 1 },
  confused: { brows: [[-5, -6, -5], [2, 3, -1]], eye: [0, 0, -15, 13], gaze: [2, -2], mouth: [11, 2, -4, -1, 0, 3, 0, 0], blush: 0, flush: 0, sweat: 0 },
  impatient: { brows: [[1, 1, -2], [3, 2, -1]], eye: [0, 0, -7, 12], gaze: [4, -3], mouth: [9, 1, 0, 0.5, 0.5, 5, 0, 0], blush: 0, flush: 0, sweat: 0 },
  annoyed: { brows: both([4, -1, 0]), eye: [0, 0, -3, 12], gaze: [0, 1], mouth: [11, 3, 3, 0, 1, 0, 0, 0], blush: 0, flush: 0, sweat: 0 },
  angry: { brows: both([8, -4, 1]), eye: [3, -2, -10, 12], gaze: [0, 0], mouth: [15, 5, 5, -4, 8, 0, 4, 0], blush: 0, flush: 0.5, sweat: 0 },
};

type HairStyle = 'short' | 'bob' | 'bun' | 'curly';
interface Person { skin: string; shade: string; hair: string; brow: string; style: HairStyle; shirt: string; backdrop: string }

const PEOPLE: readonly Person[] = [
  { skin: '#f2c9a5', shade: '#d9a47f', hair: '#6b4226', brow: '#4a2c18', style: 'short', shirt: '#2f6db5', backdrop: '#e3edf7' },
  { skin: '#d9a071', shade: '#b97d52', hair: '#2a1c16', brow: '#2a1c16', style: 'bob', shirt: '#1f8a7a', backdrop: '#e6f2ee' },
  { skin: '#8d5a3b', shade: '#6f4329', hair: '#1c1410', brow: '#1c1410', style: 'curly', shirt: '#d19a2a', backdrop: '#f6eedd' },
  { skin: '#e8b48c', shade: '#c98f66', hair: '#4a2a1a', brow: '#3a2012', style: 'bun', shirt: '#9c3d54', backdrop: '#f4e6ea' },
  { skin: '#f6d5bd', shade: '#e0b093', hair: '#d9b25f', brow: '#8a6a35', style: 'bob', shirt: '#4d8a3a', backdrop: '#e9f1e4' },
  { skin: '#6e442c', shade: '#55321f', hair: '#b9b6b0', brow: '#aaa49c', style: 'short', shirt: '#34406b', backdrop: '#e6e8f2' },
];

const INK = '#2b2120';
const EYE_X = 17;
const EYE_Y = 99;
const EYE_W = 9;
const MOUTH_Y = 128;

/** Hair behind the head (long styles) and hair over the forehead. */
const HAIR: Readonly<Record<HairStyle, { back?: string; front: string }>> = {
  short: { front: 'M58 98C52 62 70 40 100 40C130 40 148 62 142 98C140 82 136 70 128 63C112 69 84 67 70 59C64 70 60 84 58 98Z' },
  bob: {
    back: 'M54 146V88C54 56 74 38 100 38C126 38 146 56 146 88V146Q146 150 140 150H60Q54 150 54 146Z',
    front: 'M58 100C54 62 74 42 100 42C126 42 146 62 142 100C140 84 134 72 124 64C108 68 86 64 72 58C66 70 61 84 58 100Z',
  },
  bun: {
    back: 'M100 31A10 10 0 1 1 99.9 31Z',
    front: 'M59 96C56 62 74 44 100 44C126 44 144 62 141 96C138 78 132 66 122 60C108 66 90 66 78 60C68 66 62 80 59 96Z',
  },
  curly: {
    front: 'M58 96C48 88 50 74 58 70C54 58 64 46 76 48C80 38 94 36 100 42C108 36 122 40 124 48C136 46 146 58 142 70C150 76 150 88 142 96C138 82 134 72 128 66C118 70 108 66 100 62C92 66 82 70 72 66C66 74 62 84 58 96Z',
  },
};

const brow = ([inner, outer, arch]: Brow) => `M-9 ${-18 + inner}Q1 ${-18 + arch + (inner + outer) / 2} 11 ${-18 + outer}`;
const lid = (inner: number, outer: number, curve: number) => `M${-EYE_W} ${inner}Q0 ${curve} ${EYE_W} ${outer}`;

function mouthPath([half, left, right, upper, lower, shift]: Mouth, top = upper, bottom = lower): string {
  const x = 100 + shift;
  const [l, r] = [x - half, x + half];
  const [ly, ry] = [MOUTH_Y + left, MOUTH_Y + right];
  return `M${l} ${ly}C${x - half / 2} ${MOUTH_Y + top} ${x + half / 2} ${MOUTH_Y + top} ${r} ${ry}`
    + `C${x + half / 2} ${MOUTH_Y + bottom} ${x - half / 2} ${MOUTH_Y + bottom} ${l} ${ly}Z`;
}

function EyeAndBrow({ side, look, person }: { side: -1 | 1; look: Look; person: Person }) {
  const [inner, outer, upper, lower] = look.eye;
  const [gx, gy] = look.gaze;
  const upperLid = lid(inner, outer, upper);
  const lowerLid = lid(inner, outer, lower);
  const edge = EYE_W + 3;
  return (
    <g transform={`translate(${100 + side * EYE_X} ${EYE_Y}) scale(${side} 1)`}>
      <ellipse rx={EYE_W + 1.5} ry={10} fill="#fff" />
      <g className="face-part" transform={`translate(${side * gx} ${gy})`}>
        <circle r={6.2} fill={INK} />
        <circle cx={side * 1.8} cy={-2} r={1.7} fill="#fff" />
      </g>
      <path className="face-part" fill={person.skin} d={`${upperLid}L${edge} ${outer}V-14H${-edge}V${inner}Z`} />
      <path className="face-part" fill={person.skin} d={`${lowerLid}L${edge} ${outer}V12H${-edge}V${inner}Z`} />
      <path className="face-part" d={lowerLid} fill="none" stroke={person.shade} strokeWidth={1.6} strokeLinecap="round" />
      <path className="face-part" d={upperLid} fill="none" stroke={INK} strokeWidth={2.6} strokeLinecap="round" />
      <path className="face-part" d={brow(side < 0 ? look.brows[0] : look.brows[1])} fill="none" stroke={person.brow} strokeWidth={5.5} strokeLinecap="round" />
    </g>
  );
}

export interface FaceProps {
  emotion: Emotion;
  /** Accessible name, already translated (e.g. "Léa Martin, inquiète"). */
  label: string;
  /** Width and height in px (default 160). */
  size?: number;
  /** 0–5: which customer (skin tone, hair style and colour); any integer is taken modulo 6. */
  variant?: number;
  /** Adds the class face--still, for which the caller's stylesheet turns transitions off. */
  reducedMotion?: boolean;
}

export function Face({ emotion, label, size = 160, variant = 0, reducedMotion = false }: FaceProps) {
  const look = LOOKS[emotion];
  const index = ((Math.trunc(variant) % PEOPLE.length) + PEOPLE.length) % PEOPLE.length;
  const person = PEOPLE[index] ?? PEOPLE[0]!;
  const hair = HAIR[person.style];
  const [, , , upper, lower, , teeth, tongue] = look.mouth;
  return (
    <svg className={reducedMotion ? 'face face--still' : 'face'} data-emotion={emotion} role="img" aria-label={label}
      width={size} height={size} viewBox="24 30 152 152" xmlns="http://www.w3.org/2000/svg">
      <g aria-hidden="true">
        <circle cx={100} cy={106} r={76} fill={person.backdrop} />
        {hair.back && <path d={hair.back} fill={person.hair} />}
        <rect x={86} y={126} width={28} height={26} fill={person.shade} />
        <path d="M46.5 160C54 148 70 142 100 142S146 148 153.5 160A76 76 0 0 1 46.5 160Z" fill={person.shirt} />
        <path d="M86 142Q100 160 114 142Z" fill={person.shade} />
        <circle cx={60} cy={100} r={8} fill={person.skin} />
        <circle cx={140} cy={100} r={8} fill={person.skin} />
        <ellipse cx={100} cy={96} rx={41} ry={48} fill={person.skin} />
        <path d={hair.front} fill={person.hair} />
        <EyeAndBrow side={-1} look={look} person={person} />
        <EyeAndBrow side={1} look={look} person={person} />
        <ellipse className="face-part" cx={74} cy={117} rx={10} ry={6} fill="#e0453a" opacity={look.flush} />
        <ellipse className="face-part" cx={126} cy={117} rx={10} ry={6} fill="#e0453a" opacity={look.flush} />
        <ellipse className="face-part" cx={75} cy={116} rx={7} ry={4.5} fill="#f08a7e" opacity={look.blush} />
        <ellipse className="face-part" cx={125} cy={116} rx={7} ry={4.5} fill="#f08a7e" opacity={look.blush} />
        <path d="M99 105Q95 114 101 116" fill="none" stroke={person.shade} strokeWidth={2.6} strokeLinecap="round" />
        <path className="face-part" d={mouthPath(look.mouth)} fill="#7a2a33" />
        <path className="face-part" d={mouthPath(look.mouth, upper, upper + teeth)} fill="#fff" />
        <path className="face-part" d={mouthPath(look.mouth, lower - tongue, lower)} fill="#e2737a" />
        <path className="face-part" d={mouthPath(look.mouth)} fill="none" stroke={INK} strokeWidth={3} strokeLinejoin="round" strokeLinecap="round" />
        <path className="face-part" opacity={look.sweat} fill="#cfeaf8" stroke="#3f7fae" strokeWidth={1.6}
          d="M141 64C137 71 135 75 135 78A6 6 0 0 0 147 78C147 75 145 71 141 64Z" />
      </g>
    </svg>
  );
}
