import { readFileSync } from 'node:fs';

const dir = new URL('../fixtures/slack/', import.meta.url);

/** A real Slack payload or response, copied from shared/slack. */
export function slackFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

export function slackFixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}
