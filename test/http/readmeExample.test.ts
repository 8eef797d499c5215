import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';

const app = useTestApp();

describe('the README', () => {
  it('shows a POST /api/leads example that the app accepts as a qualified lead', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = /curl -sS http:\/\/localhost:3000\/api\/leads \\\n[\s\S]*?-d '(\{[\s\S]*?\})'\n```/.exec(readme);
    expect(example, 'the curl example in README.md').not.toBeNull();
    const res = await app().postLead(JSON.parse(example![1]!));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ stage: 'mql', unmet: [] });
  });
});
