/** Who gets an escalated lead. Pure: the fairness rule in one place (chooseRep). */

export type RepRecord = { userId: string; away: { since: Date; until?: Date } | null; lastAssignedAt?: Date; assignments: number };

export function isAway(rep: Pick<RepRecord, 'away'> | undefined, now: Date): boolean {
  if (!rep?.away) return false;
  return rep.away.until === undefined || rep.away.until > now;
}

/** The team's working hours (the definition's business hours), read in each rep's own time zone. */
export type WorkingHours = { days: string[]; start: string; end: string };

export type TurnInput = {
  /** The queue's reps, user groups expanded, in roster order. */
  roster: string[];
  records: RepRecord[];
  /** Leads each rep was given by turn in this queue today (the team's day). */
  today: Map<string, number>;
  /** A rep's share of turns (default 1). */
  weights?: Record<string, number>;
  dailyCap?: number;
  /** Reps who said this lead is not a lead. */
  rejectedBy: string[];
  /** Each rep's Slack time zone (users.info `tz`), when known. */
  timeZones: Map<string, string | undefined>;
  /** When reps work; null: any time. */
  hours: WorkingHours | null;
  now: Date;
};

export type Skip = { userId: string; reason: string };

/**
 * Whose turn it is in a queue, and why each rep who was passed over was.
 * A rep is skipped who said the lead is not a lead, is away, has had the
 * daily cap of leads today, or is outside working hours in their own time
 * zone. Of the rest, the one whose share after this lead would be smallest
 * ((today + 1) / weight) gets it; then the one given a lead longest ago
 * (never counts as longest); then roster order. With equal weights nobody
 * gets two in a row while another eligible rep has fewer.
 */
export function chooseRep(input: TurnInput): { rep: RepRecord | null; skipped: Skip[] } {
  const byId = new Map(input.records.map((r) => [r.userId, r]));
  const skipped: Skip[] = [];
  const eligible: Array<{ rep: RepRecord; order: number; share: number }> = [];
  input.roster.forEach((userId, order) => {
    const rep = byId.get(userId) ?? { userId, away: null, assignments: 0 };
    const today = input.today.get(userId) ?? 0;
    const reason = skipReason(rep, today, input);
    if (reason) skipped.push({ userId, reason });
    else eligible.push({ rep, order, share: (today + 1) / (input.weights?.[userId] ?? 1) });
  });
  eligible.sort((a, b) => a.share - b.share || (a.rep.lastAssignedAt?.getTime() ?? 0) - (b.rep.lastAssignedAt?.getTime() ?? 0) || a.order - b.order);
  return { rep: eligible[0]?.rep ?? null, skipped };
}

function skipReason(rep: RepRecord, today: number, input: TurnInput): string | null {
  if (input.rejectedBy.includes(rep.userId)) return 'said this lead is not a lead';
  if (isAway(rep, input.now)) return rep.away?.until ? `away until ${rep.away.until.toISOString().slice(0, 10)}` : 'away';
  if (input.dailyCap !== undefined && today >= input.dailyCap) return `had the daily cap of ${input.dailyCap} leads today`;
  if (input.hours) {
    const zone = input.timeZones.get(rep.userId);
    if (zone) {
      const local = localTime(input.now, zone);
      if (!input.hours.days.includes(local.day) || local.hhmm < input.hours.start || local.hhmm >= input.hours.end) {
        return `outside working hours (${local.day} ${local.hhmm} in ${zone})`;
      }
    }
  }
  return null;
}

function localTime(at: Date, timeZone: string): { day: string; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toLowerCase().slice(0, 3), hhmm: `${get('hour')}:${get('minute')}` };
}
