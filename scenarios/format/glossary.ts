// The theory glossary: every idea from the five source texts (shared/seeds) that a choice's
// feedback may cite, by a stable id. Feedback names the idea; the debrief shows it in full.
import type { Lang } from './text';

export interface TheoryEntry {
  /** Which source text the idea comes from (000 to 004). */
  readonly seed: '000' | '001' | '002' | '003' | '004';
  readonly label: Readonly<Record<Lang, string>>;
  readonly idea: Readonly<Record<Lang, string>>;
}

export const GLOSSARY = {
  'seduction-first': {
    seed: '000',
    label: { fr: 'Séduire avant d’influencer', en: 'Win the customer over before influencing' },
    idea: {
      fr: 'Le personnel de contact amorce le processus et demeure présent tout au long de la transaction. Une fois séduit, le client est davantage réceptif aux propositions de services et mieux disposé à acheter.',
      en: 'Contact staff start the process and stay present throughout the transaction. Once won over, the customer is more receptive to service proposals and more willing to buy.',
    },
  },
  'cold-influence': {
    seed: '000',
    label: { fr: 'Influencer « à froid »', en: 'Influencing “cold”' },
    idea: {
      fr: 'Le personnel tend à escamoter la séduction et à influencer le client à froid, ce qui a pour effet de l’agresser et de le menacer plutôt que de l’influencer.',
      en: 'Staff tend to skip seduction and influence the customer cold, which attacks and threatens the customer rather than influencing them.',
    },
  },
  'commercial-passivity': {
    seed: '000',
    label: { fr: 'Passivité commerciale', en: 'Commercial passivity' },
    idea: {
      fr: 'Le personnel de contact tend à adopter des comportements réactifs plutôt que dynamiques ; cette passivité fait perdre des occasions d’affaires que l’on pourrait saisir à des coûts minimes.',
      en: 'Contact staff tend to behave reactively rather than dynamically; this passivity loses business opportunities that could be won at minimal cost.',
    },
  },
  'empathic-image': {
    seed: '000',
    label: { fr: 'L’image de l’employé empathique', en: 'The empathic employee’s image' },
    idea: {
      fr: 'L’employé empathique projette l’image d’une personne vive, enthousiaste, intéressée, gentille et plaisante ; le non-empathique, celle d’un employé désintéressé, ennuyé, contrarié ou provocant.',
      en: 'Empathic employees come across as lively, enthusiastic, interested, kind and pleasant; non-empathic ones as indifferent, bored, annoyed or provocative.',
    },
  },
  'empathy-drives-purchase': {
    seed: '000',
    label: { fr: 'L’empathie décide de l’achat', en: 'Empathy decides the purchase' },
    idea: {
      fr: 'Le degré d’empathie influe grandement sur la décision du client d’acheter ou de recommander le service à autrui.',
      en: 'The degree of empathy strongly influences the customer’s decision to buy or to recommend the service to others.',
    },
  },
  'anchoring': {
    seed: '000',
    label: { fr: 'L’ancrage : fidéliser après la prestation', en: 'Anchoring: loyalty after delivery' },
    idea: {
      fr: 'Une fois le service livré, il faut compléter la relation avec le client à l’aide d’activités de fidélisation.',
      en: 'Once the service is delivered, the relationship must be completed with loyalty activities.',
    },
  },
  'explicit-commitments': {
    seed: '001',
    label: { fr: 'Engagements explicites', en: 'Explicit commitments' },
    idea: {
      fr: 'Fournir un service fiable, c’est respecter ses engagements — le qui, le quoi, le quand et le comment — formulés au début de la prestation, dans les délais prescrits.',
      en: 'Reliable service means keeping the commitments stated at the start — who, what, when and how — within the promised time.',
    },
  },
  'implicit-commitments': {
    seed: '001',
    label: { fr: 'Engagements implicites', en: 'Implicit commitments' },
    idea: {
      fr: 'Les engagements implicites correspondent au service normalement attendu, créé par les normes de l’industrie : le client d’une compagnie aérienne s’attend à un breuvage au début du vol.',
      en: 'Implicit commitments are the service normally expected, set by industry norms: an airline passenger expects a drink at the start of the flight.',
    },
  },
  'real-problem': {
    seed: '001',
    label: { fr: 'Le véritable problème du client', en: 'The customer’s real problem' },
    idea: {
      fr: 'La consommation d’un service est une solution à un problème présent : quel véritable problème le client cherche-t-il à régler, quels critères et quelles sources d’information utilise-t-il ?',
      en: 'Buying a service solves a present problem: what real problem does the customer want solved, with which criteria and which sources of information?',
    },
  },
  'word-of-mouth': {
    seed: '001',
    label: { fr: 'Le bouche-à-oreille', en: 'Word of mouth' },
    idea: {
      fr: 'Le bouche-à-oreille est l’une des principales sources d’information en services ; chez les opérateurs téléphoniques, un bon bouche-à-oreille apporte 20 % de ventes supplémentaires.',
      en: 'Word of mouth is one of the main sources of information for services; for phone operators, good word of mouth brings 20% more sales.',
    },
  },
  'service-reliability': {
    seed: '002',
    label: { fr: 'Fiabilité', en: 'Reliability' },
    idea: {
      fr: 'L’entreprise doit être fiable dans ses services, par exemple ses livraisons.',
      en: 'The business must be reliable in its services, such as deliveries.',
    },
  },
  'service-responsiveness': {
    seed: '002',
    label: { fr: 'Réactivité', en: 'Responsiveness' },
    idea: {
      fr: 'Elle doit être très réactive aux besoins des clients et s’efforcer d’être flexible.',
      en: 'It must respond quickly to customers’ needs and strive to be flexible.',
    },
  },
  'service-assurance': {
    seed: '002',
    label: { fr: 'Assurance', en: 'Assurance' },
    idea: {
      fr: 'Le client doit être assuré que l’entreprise est cohérente pour répondre à ses besoins.',
      en: 'The customer must be assured that the business is consistent in meeting their needs.',
    },
  },
  'service-empathy': {
    seed: '002',
    label: { fr: 'Empathie', en: 'Empathy' },
    idea: {
      fr: 'Le personnel doit faire preuve d’empathie et créer de vraies relations pour garder les clients.',
      en: 'Staff must show empathy and build real relationships to keep customers.',
    },
  },
  'service-tangibles': {
    seed: '002',
    label: { fr: 'Éléments tangibles', en: 'Tangibles' },
    idea: {
      fr: 'Les aspects tangibles doivent être en ordre : apparence, atmosphère, luminosité, accueil et chaleur ; un endroit confortable pour faire affaire.',
      en: 'The tangibles must be in order: appearance, atmosphere, brightness, welcome and warmth; a comfortable place to do business.',
    },
  },
  'welcome-home': {
    seed: '002',
    label: { fr: 'Saluer et faire sentir le client chez lui', en: 'Greet and make the customer feel at home' },
    idea: {
      fr: 'Première étape de l’« équation du service fantastique » : saluer le client, lui faire sentir qu’il est le bienvenu, comme à la maison.',
      en: 'First step of the “fantastic service equation”: greet the customer and make them feel welcome and at home.',
    },
  },
  'first-impressions': {
    seed: '002',
    label: { fr: 'Les premières impressions', en: 'First impressions' },
    idea: {
      fr: 'Les bases sont vues d’abord — l’environnement, la disponibilité de l’aide : ce sont les premières impressions qui colorent le reste de l’expérience.',
      en: 'The basics are seen first — the setting, the availability of help: first impressions colour the rest of the experience.',
    },
  },
  'needs-first': {
    seed: '002',
    label: { fr: 'Déterminer les besoins spécifiques', en: 'Find the specific needs' },
    idea: {
      fr: 'Après l’accueil, il faut déterminer les besoins spécifiques du client, puis les satisfaire efficacement.',
      en: 'After the welcome, find the customer’s specific needs, then meet them efficiently.',
    },
  },
  'check-double-check': {
    seed: '002',
    label: { fr: 'Vérifier et revérifier', en: 'Check and double-check' },
    idea: {
      fr: 'Les besoins satisfaits doivent être vérifiés et revérifiés pour s’assurer que rien n’a été laissé de côté.',
      en: 'Needs that were met must be checked and double-checked to make sure nothing was left out.',
    },
  },
  'leave-door-open': {
    seed: '002',
    label: { fr: 'Laisser la porte ouverte', en: 'Leave the door open' },
    idea: {
      fr: 'Un service fantastique « laisse la porte ouverte », pour que le client ait intérêt à revenir.',
      en: 'Fantastic service “leaves the door open”, so that the customer wants to come back.',
    },
  },
  'emotions-remembered': {
    seed: '003',
    label: { fr: 'On n’oublie pas comment on s’est senti', en: 'People never forget how they felt' },
    idea: {
      fr: 'Les gens ne se rappellent pas ce qu’on a dit ni ce qu’on a fait, mais ils n’oublient jamais comment ils se sont sentis ; le client achète plus avec l’émotion que la raison.',
      en: 'People do not remember what was said or done, but never forget how they felt; customers buy more with emotion than with reason.',
    },
  },
  'loyalty-types': {
    seed: '003',
    label: { fr: 'Les types de fidélité', en: 'Loyalty patterns' },
    idea: {
      fr: 'Le consommateur peut être mono-fidèle, infidèle, fidèle mixte (il va à deux ou trois endroits) ou en transition (il délaisse un fournisseur pour un autre).',
      en: 'A customer can be mono-loyal, disloyal, mixed-loyal (shops at two or three places) or in transition (leaving one provider for another).',
    },
  },
  'emotional-loyalty': {
    seed: '003',
    label: { fr: 'Fidélité émotionnelle', en: 'Emotional loyalty' },
    idea: {
      fr: 'Forte et durable, associée à la personnalisation : parler avec le client, le reconnaître, l’appeler par son nom.',
      en: 'Strong and lasting, tied to personal service: talk with the customer, recognise them, call them by name.',
    },
  },
  'functional-loyalty': {
    seed: '003',
    label: { fr: 'Fidélité fonctionnelle', en: 'Functional loyalty' },
    idea: {
      fr: 'Elle se rattache à des aspects comme le prix : les promotions, la proximité, les produits que l’on veut et qui sont là.',
      en: 'It is tied to things like price: promotions, proximity, the products you want being there.',
    },
  },
  'customer-value': {
    seed: '003',
    label: { fr: 'La valeur d’un client', en: 'What a customer is worth' },
    idea: {
      fr: 'Client ravi, prescripteur : environ 500 $ sur plusieurs années et un bouche-à-oreille très positif ; fidèle mixte, passif : 300 $ ; frustré et perdu : 0 $ et un bouche-à-oreille négatif.',
      en: 'Delighted customer, a prescriber: about $500 over the years and strong positive word of mouth; passive mixed-loyal: $300; frustrated and lost: $0 and negative word of mouth.',
    },
  },
  'not-always-right': {
    seed: '003',
    label: { fr: 'Le client n’a pas toujours raison', en: 'The customer is not always right' },
    idea: {
      fr: 'On ne donne pas raison au client violent ou hautement irrespectueux envers les employés : cela coûterait trop cher, et certains clients coûtent plus qu’ils ne rapportent.',
      en: 'A violent or highly disrespectful customer is not to be proven right: it would cost too much, and some customers cost more than they bring.',
    },
  },
  'nurture': {
    seed: '003',
    label: { fr: 'Nourrir les clients de demain', en: 'Nurture tomorrow’s customers' },
    idea: {
      fr: 'Un client peu rentable aujourd’hui mais qui le sera demain se « nourrit » : Desjardins va chercher les jeunes tôt.',
      en: 'A customer who is not profitable today but will be tomorrow is “nurtured”: the cooperative bank reaches young people early.',
    },
  },
  'wow-effect': {
    seed: '003',
    label: { fr: 'L’effet WOW', en: 'The WOW effect' },
    idea: {
      fr: 'Le client a des attentes élevées : il faut le surprendre, l’étonner, et renouveler l’effet.',
      en: 'Customers have high expectations: surprise and amaze them, and renew the effect.',
    },
  },
  'silent-dissatisfaction': {
    seed: '004',
    label: { fr: 'L’insatisfaction silencieuse', en: 'Silent dissatisfaction' },
    idea: {
      fr: 'Beaucoup de clients insatisfaits ne le disent pas : discuter régulièrement avec eux sur le lieu de vente permet de savoir s’ils ont des reproches à faire.',
      en: 'Many dissatisfied customers never say so: talking with them regularly where they shop tells you whether they have complaints.',
    },
  },
  'loyalty-tools': {
    seed: '004',
    label: { fr: 'Les moyens de la fidélisation', en: 'Loyalty tools' },
    idea: {
      fr: 'La lettre de remerciement, la carte de fidélité et les bonus (bons de réduction, avantages) récompensent le client et l’incitent à revenir.',
      en: 'A thank-you letter, a loyalty card and bonuses (vouchers, benefits) reward the customer and bring them back.',
    },
  },
  'after-sales': {
    seed: '004',
    label: { fr: 'L’efficacité de l’après-vente', en: 'Effective after-sales service' },
    idea: {
      fr: 'Le personnel doit être courtois, le contact personnalisé, les urgences doivent pouvoir être assumées, les échanges de produits possibles et immédiats.',
      en: 'Staff must be courteous and contact personal; urgent cases must be handled, and exchanges must be possible and immediate.',
    },
  },
  'main-sources-of-discontent': {
    seed: '004',
    label: { fr: 'Réduire les sources de mécontentement', en: 'Remove the main sources of discontent' },
    idea: {
      fr: 'Il n’est pas dans l’intérêt de l’entreprise de satisfaire tous les désirs des clients, mais de réduire les principales sources de mécontentement.',
      en: 'It is not in the business’s interest to grant every wish, but to remove the main sources of discontent.',
    },
  },
  'mystery-shopper': {
    seed: '004',
    label: { fr: 'Le client mystère', en: 'The mystery shopper' },
    idea: {
      fr: 'Le client mystère évalue la qualité de l’accueil et du service sur le lieu de vente, comme un client ordinaire.',
      en: 'A mystery shopper assesses the welcome and service at the point of sale, as an ordinary customer would.',
    },
  },
} as const satisfies Record<string, TheoryEntry>;

export type TheoryId = keyof typeof GLOSSARY;
export const THEORY_IDS = Object.keys(GLOSSARY) as [TheoryId, ...TheoryId[]];
