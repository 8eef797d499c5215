/** Who gets an escalated lead. Pure: the fairness rule in one place. */

export type RepRecord = { userId: string; away: { since: Date; until?: Date } | null; lastAssignedAt?: Date; assignments: number };

export function isAway(rep: Pick<RepRecord, 'away'> | undefined, now: Date): boolean {
  if (!rep?.away) return false;
  return rep.away.until === undefined || rep.away.until > now;
}

/**
 * The available rep who was given a lead longest ago (never counts as
 * longest), then the one given fewest, then roster order. Reps who are
 * away, or who said the lead is not a lead, are skipped.
 */
export function nextAssignee(roster: string[], records: RepRecord[], skip: string[], now: Date): RepRecord | null {
  const byId = new Map(records.map((r) => [r.userId, r]));
  const candidates = roster
    .filter((userId) => !skip.includes(userId))
    .map((userId, order) => ({ order, rep: byId.get(userId) ?? { userId, away: null, assignments: 0 } }))
    .filter(({ rep }) => !isAway(rep, now));
  candidates.sort(
    (a, b) =>
      (a.rep.lastAssignedAt?.getTime() ?? 0) - (b.rep.lastAssignedAt?.getTime() ?? 0) ||
      a.rep.assignments - b.rep.assignments ||
      a.order - b.order,
  );
  return candidates[0]?.rep ?? null;
}
