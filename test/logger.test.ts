import { Writable } from 'node:stream';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

/** What a logger writes, one parsed JSON line per entry. */
function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('what a logged error says', () => {
  it('keeps the type, code and message, and masks an email a database error quotes, in its message and its fields', () => {
    const { logger, lines } = capture();
    // As the MongoDB driver raises it for a unique index: code 11000, the key in its message and in keyValue.
    const duplicate = new MongoServerError({
      errmsg: 'E11000 duplicate key error collection: leadloop.leads index: contact.emailKey_1 dup key: { contact.emailKey: "dana@northwind.example" }',
      code: 11000,
      keyValue: { 'contact.emailKey': 'dana@northwind.example' },
    });
    logger.warn({ err: duplicate, event: 'job_failed' }, 'background job failed');
    expect(lines[0]!.err).toMatchObject({ type: 'MongoServerError', code: 11000, message: 'E11000 duplicate key error collection: leadloop.leads index: contact.emailKey_1 dup key: { contact.emailKey: "[redacted]" }', keyValue: { 'contact.emailKey': '[redacted]' } });
    expect(JSON.stringify(lines)).not.toContain('dana@northwind.example');
  });

  it('leaves an error without contact data as it is', () => {
    const { logger, lines } = capture();
    const slack = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 503'), { code: 'slack_webapi_http_error' });
    logger.warn({ err: slack }, 'post failed');
    expect(lines[0]!.err).toMatchObject({ type: 'Error', code: 'slack_webapi_http_error', message: 'An HTTP protocol error occurred: statusCode = 503' });
  });
});

describe('contact data in a log entry', () => {
  it('is redacted where a field is named for it, at the top or one level down, and nothing else changes', () => {
    const { logger, lines } = capture();
    const lead = { id: 'L1', email: 'dana@northwind.example', contact: { name: 'Dana' }, stage: 'mql' };
    logger.info({ email: 'ed@acme.example', phone: '+49 30 1234567', note: 'call after 5', lead, event: 'lead_received' }, 'lead received');
    expect(lines[0]).toMatchObject({ email: '[redacted]', phone: '[redacted]', note: '[redacted]', lead: { id: 'L1', email: '[redacted]', contact: '[redacted]', stage: 'mql' }, event: 'lead_received', msg: 'lead received' });
    expect(JSON.stringify(lines)).not.toMatch(/dana@|ed@|1234567|Dana|call after/);
    // The caller's object is not touched.
    expect(lead.email).toBe('dana@northwind.example');
  });

  it('leaves an entry without contact fields as it is', () => {
    const { logger, lines } = capture();
    logger.info({ leadId: 'L2', userId: 'U1', event: 'lead_claimed', counts: { posted: 3 } }, 'lead claimed');
    expect(lines[0]).toMatchObject({ leadId: 'L2', userId: 'U1', event: 'lead_claimed', counts: { posted: 3 }, app: 'leadloop', msg: 'lead claimed' });
  });
});
