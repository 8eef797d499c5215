import { StartupError } from '../errors.js';
import { readYamlFile } from '../util/yamlFile.js';
import { parseDefinition, type LeadDefinition } from './definition.js';

/** Reads the admin-editable default definition; a broken file stops start-up with what is wrong. */
export async function loadDefinitionFile(path: string): Promise<LeadDefinition> {
  const file = (await readYamlFile(path, 'the lead definition', { required: true, missing: 'restore it or set LEAD_DEFINITION_FILE.' }))!;
  const parsed = parseDefinition(file.raw);
  if (!parsed.ok) throw new StartupError(`The lead definition at ${path} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.definition;
}
