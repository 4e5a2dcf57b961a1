// Localised text: every string a trainee or trainer reads exists in the scenario's main
// language and, ideally, in the other one; a missing translation falls back to the main one.
import { z } from 'zod';

export const LANGUAGES = ['fr', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const LangSchema = z.enum(LANGUAGES);

export const LocalizedTextSchema = z
  .strictObject({
    fr: z.string().trim().min(1).max(4000).optional(),
    en: z.string().trim().min(1).max(4000).optional(),
  })
  .refine((t) => t.fr !== undefined || t.en !== undefined, {
    message: 'A text needs at least one language (fr or en) / Un texte doit exister dans au moins une langue (fr ou en)',
  })
  .meta({ description: 'A text in French and/or English. The scenario main language is required; the other falls back to it.' });

export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** The text in `lang`, else in `fallback`, else whichever exists. */
export function resolveText(text: LocalizedText | undefined, lang: Lang, fallback: Lang): string {
  if (text === undefined) return '';
  return text[lang] ?? text[fallback] ?? text.fr ?? text.en ?? '';
}
