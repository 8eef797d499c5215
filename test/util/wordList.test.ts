import { describe, expect, it } from 'vitest';
import { wordList } from '../../src/util/wordList.js';

describe('a word list', () => {
  it('has exactly the words it was given, not their prefixes, suffixes or neighbours', () => {
    const list = wordList(['gmail.com', 'gmx.de', 'mailinator.com', 'gmx.de', 'a.io', 'zz.top']);
    expect(list.size).toBe(5);
    for (const word of ['gmail.com', 'gmx.de', 'mailinator.com', 'a.io', 'zz.top']) expect(list.has(word)).toBe(true);
    for (const word of ['gmail.co', 'mail.com', 'gmail.comx', 'gmx.d', 'notmailinator.com', '', 'a', 'zz.topz', 'GMAIL.COM']) expect(list.has(word)).toBe(false);
  });

  it('answers as a set would, for any words', () => {
    const words = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1009).toString(36) + (i % 3 ? '.com' : ''));
    const list = wordList(words);
    const set = new Set(words);
    expect(list.size).toBe(set.size);
    for (let i = 0; i < 1200; i++) {
      const probe = i.toString(36) + (i % 3 ? '.com' : '');
      expect(list.has(probe)).toBe(set.has(probe));
    }
    expect(wordList([]).has('x')).toBe(false);
  });
});
