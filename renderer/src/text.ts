// Picks a scenario text in the interface language, falling back to the scenario's own.
import i18next from 'i18next';

export function localText(text: { fr?: string | undefined; en?: string | undefined } | undefined, mainLanguage: 'fr' | 'en' = 'fr'): string {
  if (!text) return '';
  const lang = i18next.language === 'en' ? 'en' : 'fr';
  return text[lang] ?? text[mainLanguage] ?? text.fr ?? text.en ?? '';
}
