import { describe, expect, it } from 'vitest';
import { change, EMPTY_TALLY, figuresOf, percentile, spread, sumByCurrency, topGroups } from '../../src/reports/figures.js';

describe('figures', () => {
  it('takes the median and p90 between ranks, as spreadsheets do', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([5], 0.9)).toBe(5);
    // 10 values 1..10: rank 8.1 → 9 + 0.1 × (10 − 9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(spread([10, 1, 4])).toEqual({ median: 4, p90: 8.8, count: 3 });
    expect(spread([])).toBeNull();
  });

  it('measures acceptance against claimed leads, and has no rate when nothing was claimed', () => {
    expect(figuresOf({ ...EMPTY_TALLY, claimed: 8, accepted: 6 }).acceptanceRate).toBe(0.75);
    expect(figuresOf(EMPTY_TALLY).acceptanceRate).toBeNull();
  });

  it('sums revenue per currency, never across currencies', () => {
    expect(sumByCurrency([{ currency: 'EUR', amount: 100 }, { currency: 'USD', amount: 500 }, { currency: 'EUR', amount: 50 }])).toEqual([
      { currency: 'USD', amount: 500 },
      { currency: 'EUR', amount: 150 },
    ]);
  });

  it('keeps the biggest groups and folds the rest into one row', () => {
    const groups = ['a', 'b', 'c', 'd'].map((key, i) => ({ key, tally: { ...EMPTY_TALLY, leadsIn: 10 - i, won: i, claimMinutes: [i] } }));
    const { rows, others } = topGroups(groups, 2);
    expect(rows.map((r) => r.key)).toEqual(['a', 'b']);
    expect(others?.key).toBe('2 others');
    expect(others?.figures.leadsIn).toBe(8 + 7);
    expect(others?.figures.won).toBe(2 + 3);
    expect(others?.figures.speedToClaim?.count).toBe(2);
    expect(topGroups(groups, 5).others).toBeNull();
  });

  it('words week-over-week change without dividing by zero', () => {
    expect(change(12, 10)).toBe('+20%');
    expect(change(5, 10)).toBe('−50%');
    expect(change(3, 0)).toBe('new');
    expect(change(0, 0)).toBeNull();
    expect(change(10, 10)).toBe('±0%');
  });
});
