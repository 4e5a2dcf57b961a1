// French typography checks for scenario texts: a non-breaking space before ; : ! ? and inside
// « guillemets », no straight quotes (the fixer also turns ' into the typographic apostrophe). Returns the first problem found, or undefined.
import type { Lang } from './text';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

interface Rule { readonly test: RegExp; readonly what: Record<Lang, string> }

const RULES: readonly Rule[] = [
  { test: /[ \u00A0\u202F]{2,}/u, what: { fr: 'espaces doublées', en: 'doubled spaces' } },
  { test: / [;:!?»]/u, what: { fr: 'espace ordinaire avant ; : ! ? ou » (il faut une espace insécable)', en: 'ordinary space before ; : ! ? or » (needs a non-breaking space)' } },
  { test: /[^\s\u00A0\u202F;:!?…(\d][;!?]/u, what: { fr: 'espace insécable manquante avant ; ! ?', en: 'missing non-breaking space before ; ! ?' } },
  { test: /[^\s\u00A0\u202F\d][:](?!\/\/)/u, what: { fr: 'espace insécable manquante avant :', en: 'missing non-breaking space before :' } },
  { test: /«(?![\u00A0\u202F])|(?<![\u00A0\u202F])»/u, what: { fr: 'espace insécable manquante à l’intérieur des guillemets « »', en: 'missing non-breaking space inside « » quotes' } },
  { test: /"/u, what: { fr: 'guillemets droits " : utilisez « »', en: 'straight quotes ": use « »' } },
  { test: /\d ?[%€$]/u, what: { fr: 'espace insécable manquante entre un nombre et %, € ou $', en: 'missing non-breaking space between a number and %, € or $' } },
  { test: /\d \d{3}(?!\d)/u, what: { fr: 'séparateur de milliers : espace fine insécable', en: 'thousands separator: use a narrow non-breaking space' } },
];

export function frenchTypographyProblem(text: string, lang: Lang): { what: string; excerpt: string } | undefined {
  for (const rule of RULES) {
    const m = rule.test.exec(text);
    if (m) {
      const from = Math.max(0, m.index - 12);
      return { what: rule.what[lang], excerpt: text.slice(from, m.index + m[0].length + 4).replaceAll(NBSP, '·').replaceAll(NNBSP, '·') };
    }
  }
  return undefined;
}

/** Puts the right non-breaking spaces into a French text (used by the studio's "fix" action and the library tooling). */
export function fixFrenchTypography(text: string): string {
  return text
    // A run of spaces keeps one, the non-breaking kind if there was one.
    .replace(/[ \u00A0\u202F]{2,}/gu, (run) => (run.includes(NNBSP) ? NNBSP : run.includes(NBSP) ? NBSP : ' '))
    .replace(/'/gu, '’')
    .replace(/"([^"]*)"/gu, `«${NBSP}$1${NBSP}»`)
    .replace(/«[ \u00A0\u202F]*/gu, `«${NBSP}`)
    .replace(/[ \u00A0\u202F]*»/gu, `${NBSP}»`)
    .replace(/[ \u00A0\u202F]*([;!?])/gu, (_m, p: string, offset: number, all: string) => (offset === 0 || /[;!?…(]/u.test(all[offset - 1] ?? '') ? p : `${NNBSP}${p}`))
    .replace(/[ \u00A0\u202F]*:(?!\/\/)(?!\d)/gu, `${NBSP}:`)
    .replace(/(\d) ?([%€$])/gu, `$1${NBSP}$2`)
    .replace(/(\d) (?=\d{3}(?!\d))/gu, `$1${NNBSP}`);
}
