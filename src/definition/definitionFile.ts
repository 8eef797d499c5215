import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { StartupError } from '../errors.js';
import { parseDefinition, type LeadDefinition } from './definition.js';

/** Reads the admin-editable default definition; a broken file stops start-up with what is wrong. */
export async function loadDefinitionFile(path: string): Promise<LeadDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new StartupError(`Leadloop cannot read the lead definition at ${path}; restore it or set LEAD_DEFINITION_FILE.`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new StartupError(`The lead definition at ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = parseDefinition(raw);
  if (!parsed.ok) throw new StartupError(`The lead definition at ${path} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.definition;
}
