import { describe, expect, it } from 'vitest';
import { slackFixture, slackFixtureText } from './fixtures.js';
import { slackSignature } from './slackRequests.js';

describe('the tests’ request signer', () => {
  it('reproduces Slack’s published signing test vector', () => {
    const vector = slackFixture<{ signing_secret: string; headers: Record<string, string>; expected_signature: string }>('signing_test_vector.json');
    const body = slackFixtureText('slash_command.txt');
    expect(slackSignature(vector.signing_secret, Number(vector.headers['X-Slack-Request-Timestamp']), body)).toBe(vector.expected_signature);
  });
});
