import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { StartupError } from '../errors.js';
import { DEFAULT_CRM_MAPPING, parseCrmMapping, type CrmMapping } from './mapping.js';

/**
 * Reads the CRM mapping (config/crm.yml, or CRM_MAPPING_FILE). Without the
 * file the defaults hold; a broken file stops start-up with what is wrong.
 */
export async function loadCrmMappingFile(path: string, options: { required: boolean }): Promise<CrmMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    if (!options.required) return DEFAULT_CRM_MAPPING;
    throw new StartupError(`Leadloop cannot read the CRM mapping at ${path}; restore it or unset CRM_MAPPING_FILE.`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new StartupError(`The CRM mapping at ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = parseCrmMapping(raw);
  if (!parsed.ok) throw new StartupError(`The CRM mapping at ${path} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.mapping;
}
