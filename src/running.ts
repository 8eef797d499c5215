import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import type { Database } from './db/database.js';
import { closeServer } from './http/server.js';
import type { Services } from './services.js';

export type RunningLeadloop = {
  port: number;
  stop(): Promise<void>;
  /** Runs the weekly digest job now, as its schedule would (it still sends once per week). */
  runDigestNow(options?: { thisWeek?: boolean }): Promise<void>;
  /** Resolves when no background Home redraw is running or waiting. */
  homesIdle(): Promise<void>;
  /** Runs the service-level sweep now (as its schedule would); resolves when it has finished. */
  runServiceLevelsNow(): Promise<void>;
  /**
   * Resolves when everything a change set off in the background is done:
   * message updates, Home redraws and due jobs (and what each of those set
   * off in turn). For tests, which wait for this instead of for time.
   */
  idle(): Promise<void>;
};

/** The running app's controls, over its services. */
export function runningLeadloop(port: number, services: Services, stop: () => Promise<void>): RunningLeadloop {
  const { jobs, home, presenter } = services;
  return {
    port,
    stop,
    runDigestNow: (options) => jobs.runDigestNow(options),
    homesIdle: async () => {
      await home.idle();
    },
    runServiceLevelsNow: () => jobs.runServiceLevelsNow(),
    async idle() {
      // Until one pass finds all three idle without waiting: each can set off the others.
      for (;;) {
        const waits = [await presenter.idle(), await home.idle(), await jobs.idle()];
        if (!waits.some((w) => w.waited)) return;
      }
    },
  };
}

/**
 * Stop taking requests and let in-flight ones finish (idle keep-alive
 * connections are closed at once), stop Socket Mode, let Home redraws and
 * running jobs finish or hand them back, then close the database.
 */
export async function shutdown(parts: { server?: Server; app: App; services?: Services; database: Database; socketMode: boolean }): Promise<void> {
  if (parts.server) await closeServer(parts.server);
  if (parts.socketMode) await parts.app.stop().catch(() => undefined);
  parts.services?.live.stop();
  await parts.services?.home.idle();
  await parts.services?.jobs.stop().catch(() => undefined);
  await parts.database.close();
}
