import { describe, expect, it } from 'vitest';
import { failureForLog } from '../../src/jobs/failureLog.js';

describe('what a failed job’s log line says', () => {
  it('keeps the type, code and message, and masks an email a database error quotes', () => {
    // The message MongoDB gives for a unique index (the driver's MongoServerError, code 11000).
    const duplicate = Object.assign(new Error('E11000 duplicate key error collection: leadloop.leads index: contact.emailKey_1 dup key: { contact.emailKey: "dana@northwind.example" }'), { name: 'MongoServerError', code: 11000 });
    expect(failureForLog(duplicate)).toEqual({ type: 'MongoServerError', code: 11000, message: 'E11000 duplicate key error collection: leadloop.leads index: contact.emailKey_1 dup key: { contact.emailKey: "[redacted]" }' });
  });

  it('leaves a message without contact data as it is', () => {
    const slack = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 503'), { code: 'slack_webapi_http_error' });
    expect(failureForLog(slack)).toEqual({ type: 'Error', code: 'slack_webapi_http_error', message: 'An HTTP protocol error occurred: statusCode = 503' });
  });
});
