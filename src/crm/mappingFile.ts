import { StartupError } from '../errors.js';
import { readYamlFile } from '../util/yamlFile.js';
import { DEFAULT_CRM_MAPPING, parseCrmMapping, type CrmMapping } from './mapping.js';

/**
 * Reads the CRM mapping (config/crm.yml, or CRM_MAPPING_FILE). Without the
 * file the defaults hold; a broken file stops start-up with what is wrong.
 */
export async function loadCrmMappingFile(path: string, options: { required: boolean }): Promise<CrmMapping> {
  const file = await readYamlFile(path, 'the CRM mapping', { required: options.required, missing: 'restore it or unset CRM_MAPPING_FILE.' });
  if (!file) return DEFAULT_CRM_MAPPING;
  const parsed = parseCrmMapping(file.raw);
  if (!parsed.ok) throw new StartupError(`The CRM mapping at ${path} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.mapping;
}
