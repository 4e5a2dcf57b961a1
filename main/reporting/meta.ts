// What the reports need of a scenario, kept free of node imports: the dashboard's schemas cross
// into the renderer's typecheck through the IPC contract.
import type { Scenario } from '../../scenarios/format/schema';
import type { Lang, LocalizedText } from '../../scenarios/format/text';

/** What the reports need of a scenario (one version of it). */
export interface ScenarioMeta {
  readonly id: string;
  readonly version: number;
  readonly title: LocalizedText;
  readonly mainLanguage: Lang;
  readonly passMark: number;
}

export const scenarioMetaOf = (s: Scenario): ScenarioMeta => ({ id: s.id, version: s.version, title: s.title, mainLanguage: s.mainLanguage, passMark: s.rules.passMark });
