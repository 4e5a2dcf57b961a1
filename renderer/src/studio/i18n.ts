// The studio's own strings, added to the interface catalogues when the studio loads (they stay
// out of the trainee bundle).
import i18next from 'i18next';
import fr from './locales/fr.json';
import en from './locales/en.json';

i18next.addResourceBundle('fr', 'translation', { studio: fr }, true, true);
i18next.addResourceBundle('en', 'translation', { studio: en }, true, true);
