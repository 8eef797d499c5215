import express, { type Router } from 'express';

/** What this instance has done to be ready, and whether it is stopping. */
export type Readiness = { jobsStarted: boolean; slackVerified: boolean; stopping: boolean };

/**
 * GET /readyz: 200 when this instance should get traffic: database reachable,
 * a lead definition in force (one is put back from the file if it vanished),
 * jobs running, Slack token verified, not shutting down. 503 names what is not.
 */
export function readinessRoutes(state: Readiness, checks: { databaseIsUp: () => Promise<boolean>; definitionInForce: () => Promise<boolean> }): Router {
  const { databaseIsUp, definitionInForce } = checks;
  const router = express.Router();
  router.get('/readyz', async (_req, res) => {
    const database = await databaseIsUp();
    const definition = database && (await definitionInForce().catch(() => false));
    const checks = {
      database: database ? 'up' : 'down',
      definition: definition ? 'in force' : 'missing',
      jobs: state.jobsStarted ? 'running' : 'not started',
      slack: state.slackVerified ? 'verified' : 'not verified',
      shutdown: state.stopping ? 'stopping' : 'no',
    };
    const ready = database && definition && state.jobsStarted && state.slackVerified && !state.stopping;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
