import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { leadStats } from '../reports/leadStats.js';
import { weekContaining } from '../reports/periods.js';
import { may, rolesOf, type Roles } from '../roles/roles.js';
import { listLeads } from '../storage/leadQueries.js';
import { homeView, type HomeContent } from './blocks/homeView.js';

/**
 * Publishes a person's Home tab: what is theirs to do if they sell, the
 * week's figures if they market, both for admins (and for everyone until
 * roles are set up).
 */
export function createHomeTab(deps: { client: WebClient; roles: Roles; timeZone: () => string; now: () => Date; logger: Logger }) {
  async function content(userId: string): Promise<HomeContent> {
    const now = deps.now();
    const { admin, side } = rolesOf(deps.roles, userId);
    if (!may(deps.roles, userId, 'read')) return { noRole: true };
    const everything = admin || side === null;
    const result: HomeContent = {};
    if (everything || side === 'sales') {
      const [mine, unclaimed] = await Promise.all([
        listLeads('mine', { userId, now, page: 0, pageSize: 10 }),
        listLeads('unclaimed', { userId, now, page: 0, pageSize: 5 }),
      ]);
      result.rep = { mine: mine.leads, unclaimed: unclaimed.leads };
    }
    if (everything || side === 'marketing') {
      const week = weekContaining(now, deps.timeZone());
      const [report, nurture, rejected] = await Promise.all([
        leadStats(week),
        listLeads('nurture', { userId, now, page: 0, pageSize: 5 }),
        listLeads('rejected', { userId, now, page: 0, pageSize: 5 }),
      ]);
      result.marketer = { weekLabel: week.label, figures: report.figures, nurture: nurture.leads, rejected: rejected.leads };
    }
    return result;
  }

  return {
    /** Shows the person their Home as it is now; failures are logged, the next change tries again. */
    async publish(userId: string): Promise<void> {
      try {
        await deps.client.views.publish({ user_id: userId, view: homeView(await content(userId), deps.now()) });
      } catch (error) {
        deps.logger.warn({ user: userId, err: error, event: 'home_publish_failed' }, 'could not update the Home tab');
      }
    },
  };
}
