import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { StartupError } from '../errors.js';
import { parseRouting, type Routing } from './routing.js';

/**
 * Reads the routing file (config/routing.yml, or ROUTING_FILE), used on the
 * first start only, like the definition. No file: no queues (every lead to
 * the default queue). A broken file stops start-up with every problem named.
 */
export async function loadRoutingFile(path: string, options: { required: boolean; sizeBands: string[] }): Promise<{ routing: Routing; text: string } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    if (!options.required) return null;
    throw new StartupError(`Leadloop cannot read the routing at ${path}; restore it or unset ROUTING_FILE.`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new StartupError(`The routing at ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = parseRouting(raw, { sizeBands: options.sizeBands });
  if (!parsed.ok) throw new StartupError(`The routing at ${path} is invalid: ${parsed.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  return { routing: parsed.routing, text };
}
