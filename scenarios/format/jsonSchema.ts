// The JSON Schema (draft 2020-12) of the scenario format, generated from the zod schema and
// checked in as scenario.schema.json so editors complete and check scenario files.
import { z } from 'zod';
import { ScenarioSchema } from './schema';

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://comptoir.invalid/schemas/scenario-v1.json' };
}

/** Canonical text of the checked-in schema file. */
export const scenarioJsonSchemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
