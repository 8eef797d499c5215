import type { Lead } from '../leads/lead.js';
import type { Figures } from '../reports/figures.js';
import { leadStats } from '../storage/leadReports.js';
import { weekContaining } from '../reports/periods.js';
import { may, rolesOf, unconfigured, type Roles } from '../roles/roles.js';
import { hasOpenedHome, rememberHomeViewer } from '../storage/homeViewerRepository.js';
import { listLeads } from './leadLists.js';

/** What each person sees on Leadloop's Home tab. */
export type HomeContent = {
  /** Reps: their open leads, and leads waiting for a claim. */
  rep?: { mine: Lead[]; unclaimed: Lead[] };
  /** Marketers: this week's figures and the latest leads sales sent back or marketing keeps. */
  marketer?: { weekLabel: string; figures: Figures; nurture: Lead[]; rejected: Lead[] };
  /** Shown when the person has no role yet. */
  noRole?: boolean;
  /** Shown to everyone while no role is set at all: how the team gets started. */
  gettingStarted?: boolean;
};

export type HomeContentDeps = {
  roles: Roles;
  timeZone: () => string;
  now: () => Date;
  /** How old the week's figures on a Home may be (they are one aggregation over the week's leads). */
  figuresMaxAgeMs: number;
  /** A monotonic clock in milliseconds, for the figures' and the waiting list's age. */
  elapsedMs?: () => number;
  /** How old the shared list of leads waiting for a claim may be (default one second); never older than the change being drawn. */
  waitingMaxAgeMs?: number;
};

/** What a Home is drawn for: the change it shows, on the clock of `elapsedMs` (performance.now() unless a test sets one). */
export type HomeDraw = {
  /** When the change that asked for this Home was made: anything read before it is too old to show it. */
  changedAt?: number;
};

/**
 * A person's Home: what is theirs to do if they sell, the week's figures if
 * they market, both for admins (and for everyone until roles are set up).
 *
 * Every part costs a bounded amount however many leads are stored: the lists
 * are short pages read by index, and the week's figures are shared by
 * everyone and recomputed at most once per `figuresMaxAgeMs`, never per click.
 */
export function createHomeContent(deps: HomeContentDeps): (userId: string, draw?: HomeDraw) => Promise<HomeContent> {
  const elapsed = deps.elapsedMs ?? (() => performance.now());
  const weekFigures = createWeekFigures(deps, elapsed);
  const waitingMaxAgeMs = deps.waitingMaxAgeMs ?? 1_000;
  // Leads waiting to be claimed are the same for every rep: Homes drawn within
  // a second share one read, as long as it began after the change each one
  // shows (so a lead a rep just claimed never shows as waiting on their Home). Another
  // rep's claim in that second may still be listed, as it is on every Home
  // not redrawn since.
  let waiting: { at: number; leads: Promise<Lead[]> } | undefined;
  const waitingFor = (userId: string, now: Date, changedAt: number) => {
    const at = elapsed();
    if (!waiting || waiting.at < changedAt || at - waiting.at >= waitingMaxAgeMs) {
      const entry = { at, leads: listLeads('unclaimed', { userId, now, page: 0, pageSize: 5 }).then((page) => page.leads) };
      waiting = entry;
      // A failed read is not kept: the next Home reads again.
      entry.leads.catch(() => {
        if (waiting === entry) waiting = undefined;
      });
    }
    return waiting.leads;
  };
  return async (userId, draw = {}) => {
    const now = deps.now();
    if (!homeShowsLeads(deps.roles, userId)) return unconfigured(deps.roles) ? { gettingStarted: true } : { noRole: true };
    const { admin, side } = rolesOf(deps.roles, userId);
    const everything = admin;
    const result: HomeContent = {};
    if (everything || side === 'sales') {
      const [mine, unclaimed] = await Promise.all([listLeads('mine', { userId, now, page: 0, pageSize: 10 }), waitingFor(userId, now, draw.changedAt ?? -Infinity)]);
      result.rep = { mine: mine.leads, unclaimed };
    }
    if (everything || side === 'marketing') {
      const [week, nurture, rejected] = await Promise.all([
        weekFigures(now),
        listLeads('nurture', { userId, now, page: 0, pageSize: 5 }),
        listLeads('rejected', { userId, now, page: 0, pageSize: 5 }),
      ]);
      result.marketer = { weekLabel: week.label, figures: week.figures, nurture: nurture.leads, rejected: rejected.leads };
    }
    return result;
  };
}

/** The week's figures, shared: one computation in flight at a time, reused while younger than the limit. */
function createWeekFigures(deps: HomeContentDeps, elapsed: () => number) {
  let cached: { weekStart: number; at: number; value: Promise<{ label: string; figures: Figures }> } | undefined;
  return (now: Date): Promise<{ label: string; figures: Figures }> => {
    const week = weekContaining(now, deps.timeZone());
    const fresh = cached && cached.weekStart === week.start.getTime() && elapsed() - cached.at < deps.figuresMaxAgeMs;
    if (!fresh) {
      const value = leadStats(week).then((report) => ({ label: week.label, figures: report.figures }));
      const entry = { weekStart: week.start.getTime(), at: elapsed(), value };
      cached = entry;
      // A failed computation is not kept: the next Home tries again.
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached!.value;
  };
}

/**
 * Whether a person's Home shows any lead, so that a lead's change may change
 * it: not while nobody has a role (everyone sees how to get started) and not
 * for someone without a role (they see how to get one).
 */
export function homeShowsLeads(roles: Roles, userId: string): boolean {
  return !unconfigured(roles) && may(roles, userId, 'read_contacts');
}

/** Someone opened their Home tab: from now on it is kept up to date. */
export function homeOpened(userId: string, at: Date): Promise<void> {
  return rememberHomeViewer(userId, at);
}

/** Whether someone's Home tab is worth redrawing (they have opened it at least once). */
export function watchesHome(userId: string): Promise<boolean> {
  return hasOpenedHome(userId);
}
