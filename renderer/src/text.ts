// Picks a scenario text in the interface language, falling back to the scenario's own.
import i18next from 'i18next';

export function localText(text: { fr?: string | undefined; en?: string | undefined } | undefined, mainLanguage: 'fr' | 'en' = 'fr'): string {
  if (!text) return '';
  const lang = i18next.language === 'en' ? 'en' : 'fr';
  return text[lang] ?? text[mainLanguage] ?? text.fr ?? text.en ?? '';
}

const formats = new Map<string, Intl.NumberFormat>();
/** A score or figure in the interface's language: 44,1 in French, 44.1 in English (one decimal at most). */
export function formatNumber(value: number, options: { signed?: boolean } = {}): string {
  const key = `${i18next.language}:${options.signed ? 's' : ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(i18next.language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1, ...(options.signed ? { signDisplay: 'exceptZero' } : {}) });
    formats.set(key, format);
  }
  return format.format(value);
}
