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
  /** A monotonic clock in milliseconds, for the figures' age. */
  elapsedMs?: () => number;
};

/**
 * A person's Home: what is theirs to do if they sell, the week's figures if
 * they market, both for admins (and for everyone until roles are set up).
 *
 * Every part costs a bounded amount however many leads are stored: the lists
 * are short pages read by index, and the week's figures are shared by
 * everyone and recomputed at most once per `figuresMaxAgeMs`, never per click.
 */
export function createHomeContent(deps: HomeContentDeps): (userId: string) => Promise<HomeContent> {
  const weekFigures = createWeekFigures(deps);
  // Leads waiting to be claimed are the same for every rep: Homes drawn at the same moment share one read.
  let waiting: Promise<Lead[]> | null = null;
  const unclaimedNow = (userId: string, now: Date) => {
    waiting ??= listLeads('unclaimed', { userId, now, page: 0, pageSize: 5 })
      .then((page) => page.leads)
      .finally(() => {
        waiting = null;
      });
    return waiting;
  };
  return async (userId) => {
    const now = deps.now();
    if (unconfigured(deps.roles)) return { gettingStarted: true };
    if (!may(deps.roles, userId, 'read_contacts')) return { noRole: true };
    const { admin, side } = rolesOf(deps.roles, userId);
    const everything = admin;
    const result: HomeContent = {};
    if (everything || side === 'sales') {
      const [mine, unclaimed] = await Promise.all([listLeads('mine', { userId, now, page: 0, pageSize: 10 }), unclaimedNow(userId, now)]);
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
function createWeekFigures(deps: HomeContentDeps) {
  const elapsed = deps.elapsedMs ?? (() => performance.now());
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

/** Someone opened their Home tab: from now on it is kept up to date. */
export function homeOpened(userId: string, at: Date): Promise<void> {
  return rememberHomeViewer(userId, at);
}

/** Whether someone's Home tab is worth redrawing (they have opened it at least once). */
export function watchesHome(userId: string): Promise<boolean> {
  return hasOpenedHome(userId);
}
