import express, { type Router } from 'express';
import { databaseIsUp } from '../db/database.js';

/** What this instance has done to be ready, and whether it is stopping. */
export type Readiness = { jobsStarted: boolean; slackVerified: boolean; stopping: boolean };

/**
 * GET /readyz: 200 when this instance should get traffic: database reachable,
 * jobs running, Slack token verified, not shutting down. 503 names what is not.
 */
export function readinessRoutes(state: Readiness): Router {
  const router = express.Router();
  router.get('/readyz', async (_req, res) => {
    const checks = {
      database: (await databaseIsUp()) ? 'up' : 'down',
      jobs: state.jobsStarted ? 'running' : 'not started',
      slack: state.slackVerified ? 'verified' : 'not verified',
      shutdown: state.stopping ? 'stopping' : 'no',
    };
    const ready = checks.database === 'up' && state.jobsStarted && state.slackVerified && !state.stopping;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
