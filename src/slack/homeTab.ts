import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { homeOpened, watchesHome, type HomeContent, type HomeDraw } from '../usecases/homeContent.js';
import { createCoalescer } from '../util/coalescer.js';
import { homeView } from './blocks/homeView.js';
import { publishHomeView } from './serializedCalls.js';

export type HomeTabs = {
  /** The person opened their Home tab: remember it and draw it as it is now. */
  opened(userId: string): Promise<void>;
  /**
   * A lead on the person's Home changed. Returns at once: the Home is
   * redrawn in the background, only if it shows leads and they ever opened it, coalesced per
   * person (one redraw running, one pending, the latest state wins), and at
   * most once per `minIntervalMs` per person (later changes are drawn
   * together when it is up).
   */
  changed(userId: string): void;
  /** Resolves when no Home redraw is running or waiting. */
  idle(): Promise<{ waited: boolean }>;
};

/**
 * Slack allows views.publish about 100 times a minute per workspace (Tier 4:
 * "100+ per minute", shared/slack/LIMITS.md), and answers more with 429. The
 * Web API client then holds back every call it has queued until Retry-After,
 * lead messages' chat.update included. So Homes are published within that
 * budget, at most twenty at once: with a whole team claiming fast, each Home
 * is redrawn less often but still shows everything when it is; at a team's
 * usual pace every change is drawn at once.
 */
export const HOME_PUBLISH_BUDGET = { perMinute: 100, burst: 20 };

/**
 * Publishes people's Home tabs, off the path of every acknowledgement: a
 * click never waits for a Home, and a burst of clicks makes at most a few
 * redraws at a time.
 */
export function createHomeTabs(deps: {
  client: WebClient;
  content: (userId: string, draw?: HomeDraw) => Promise<HomeContent>;
  /** Whether the person's Home shows leads at all (a Home that shows none is the same after any lead's change). */
  showsLeads: (userId: string) => boolean;
  now: () => Date;
  logger: Logger;
  concurrency?: number;
  /** The least time between two redraws of one person's Home. */
  minIntervalMs?: number;
  /** Redraws for everyone together, within Slack's limit for views.publish (see HOME_PUBLISH_BUDGET). */
  budget?: { perMinute: number; burst: number };
}): HomeTabs {
  const redraws = createCoalescer({
    concurrency: deps.concurrency ?? 2,
    minIntervalMs: deps.minIntervalMs ?? 0,
    budget: deps.budget,
    onError: (userId, error) => deps.logger.warn({ user: userId, err: error, event: 'home_publish_failed' }, 'could not update the Home tab'),
  });
  /** Known viewers: once someone opened their Home they stay one, so this instance asks the database once per person. */
  const viewers = new Set<string>();

  async function publish(userId: string, draw?: HomeDraw): Promise<void> {
    await publishHomeView(deps.client, userId, homeView(await deps.content(userId, draw), deps.now()));
  }

  return {
    async opened(userId) {
      viewers.add(userId);
      await homeOpened(userId, deps.now());
      redraws.request(userId, () => publish(userId));
    },
    changed(userId) {
      if (!deps.showsLeads(userId)) return;
      // The latest request's task is the one that runs: it shows this change
      // and every one before it. On performance.now(), the content's clock.
      const changedAt = performance.now();
      redraws.request(userId, async () => {
        if (!viewers.has(userId)) {
          if (!(await watchesHome(userId))) return;
          viewers.add(userId);
        }
        await publish(userId, { changedAt });
      });
    },
    idle: () => redraws.idle(),
  };
}
