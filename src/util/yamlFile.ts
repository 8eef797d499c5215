import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { StartupError } from '../errors.js';

/**
 * Reads one of Leadloop's YAML files (the definition, the routing, the CRM
 * mapping) for start-up: null when it is absent and may be, else its parsed
 * content and text; an unreadable required file or invalid YAML stops
 * start-up with a line that says which file and what to do.
 */
export async function readYamlFile(path: string, what: string, options: { required: boolean; missing: string }): Promise<{ raw: unknown; text: string } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    if (!options.required) return null;
    throw new StartupError(`Leadloop cannot read ${what} at ${path}; ${options.missing}`);
  }
  try {
    return { raw: parse(text), text };
  } catch (error) {
    throw new StartupError(`${what.charAt(0).toUpperCase()}${what.slice(1)} at ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}
