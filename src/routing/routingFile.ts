import { StartupError } from '../errors.js';
import { readYamlFile } from '../util/yamlFile.js';
import { parseRouting, type Routing } from './routing.js';

/**
 * Reads the routing file (config/routing.yml, or ROUTING_FILE), used on the
 * first start only, like the definition. No file: no queues (every lead to
 * the default queue). A broken file stops start-up with every problem named.
 */
export async function loadRoutingFile(path: string, options: { required: boolean; sizeBands: string[] }): Promise<{ routing: Routing; text: string } | null> {
  const file = await readYamlFile(path, 'the routing', { required: options.required, missing: 'restore it or unset ROUTING_FILE.' });
  if (!file) return null;
  const parsed = parseRouting(file.raw, { sizeBands: options.sizeBands });
  if (!parsed.ok) throw new StartupError(`The routing at ${path} is invalid: ${parsed.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  return { routing: parsed.routing, text: file.text };
}
