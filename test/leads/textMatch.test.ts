import { describe, expect, it } from 'vitest';
import { accentInsensitivePattern } from '../../src/leads/textMatch.js';

const matches = (query: string, text: string) => new RegExp(accentInsensitivePattern(query), 'i').test(text);

describe('accent- and case-insensitive matching', () => {
  it('finds names whatever accents either side writes', () => {
    expect(matches('lopez', 'Ana López')).toBe(true);
    expect(matches('LÓPEZ', 'ana lopez')).toBe(true);
    expect(matches('muller', 'Jörg Müller GmbH')).toBe(true);
    expect(matches('francois', 'François Ça Va')).toBe(true);
    expect(matches('soren', 'Søren Kierkegaard')).toBe(true);
    expect(matches('lodz', 'Łódź Logistics')).toBe(true);
  });

  it('does not match other letters, and treats typed symbols literally', () => {
    expect(matches('lopes', 'Ana López')).toBe(false);
    expect(matches('a.b', 'axb')).toBe(false);
    expect(matches('a.b', 'A.B Consulting')).toBe(true);
    expect(matches('(north)', 'Northwind')).toBe(false);
  });
});
