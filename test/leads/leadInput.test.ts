import { describe, expect, it } from 'vitest';
import { normalizeEmail, parseLeadInput } from '../../src/leads/leadInput.js';

describe('parseLeadInput', () => {
  it('trims text, drops empty strings and fills missing groups', () => {
    const parsed = parseLeadInput({ contact: { name: '  Ana  ', email: ' ana@example.com ', title: '' } });
    expect(parsed).toEqual({ ok: true, lead: { contact: { name: 'Ana', email: 'ana@example.com' }, company: {}, qualification: {} }, entry: { origin: 'marketing' } });
  });

  it('reads a rep’s own prospect: origin sales with its owner, and refuses either without the other', () => {
    expect(parseLeadInput({ contact: { email: 'a@b.co' }, origin: 'sales', owner: 'U0REP0001' })).toMatchObject({ ok: true, entry: { origin: 'sales', owner: 'U0REP0001' } });
    expect(parseLeadInput({ contact: { email: 'a@b.co' }, origin: 'marketing' })).toMatchObject({ ok: true, entry: { origin: 'marketing' } });
    expect(parseLeadInput({ contact: { email: 'a@b.co' }, origin: 'sales' })).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'owner', message: expect.stringContaining('required when origin is sales') })] });
    expect(parseLeadInput({ contact: { email: 'a@b.co' }, owner: 'U0REP0001' })).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'owner', message: expect.stringContaining('only for a lead with origin sales') })] });
    expect(parseLeadInput({ contact: { email: 'a@b.co' }, origin: 'partner' })).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'origin', message: 'must be one of: marketing, sales' })] });
    expect(parseLeadInput({ contact: { email: 'a@b.co' }, origin: 'sales', owner: 'anna' })).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'owner', message: 'must be a Slack user id (U…)' })] });
  });

  it('requires a contact object', () => {
    expect(parseLeadInput({ company: { name: 'X' } })).toEqual({ ok: false, errors: [{ field: 'contact', message: 'must be an object' }] });
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'lead', 42, []]) {
      const parsed = parseLeadInput(body);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.errors[0]!.field).toBe('(body)');
    }
  });

  it('names unknown fields at any depth', () => {
    const parsed = parseLeadInput({ contact: { mail: 'a@b.co' }, extra: 1 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toEqual(
        expect.arrayContaining([
          { field: 'contact.mail', message: 'is not a known field' },
          { field: 'extra', message: 'is not a known field' },
        ]),
      );
    }
  });

  it('accepts common phone formats and refuses letters', () => {
    for (const phone of ['+1 (415) 555-0134', '030/1234567', '+44 20 7946 0000 ext. 12']) {
      expect(parseLeadInput({ contact: { phone } }).ok, phone).toBe(true);
    }
    expect(parseLeadInput({ contact: { phone: 'call me' } }).ok).toBe(false);
  });

  it('caps every text field', () => {
    const parsed = parseLeadInput({ contact: { name: 'Nora' }, note: 'n'.repeat(5001) });
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'note', message: 'must be at most 5000 characters' }] });
  });
});

describe('normalizeEmail', () => {
  it('makes the same address written differently compare equal', () => {
    expect(normalizeEmail('  Dana.W@Example.COM ')).toBe(normalizeEmail('dana.w@example.com'));
  });
});
