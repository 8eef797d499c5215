import express, { type Router } from 'express';

/** GET /healthz: 200 while the app and its database answer, 503 otherwise. */
export function healthRoutes(databaseIsUp: () => Promise<boolean>): Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    const database = await databaseIsUp();
    res.status(database ? 200 : 503).json({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' });
  });
  return router;
}
