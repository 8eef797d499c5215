import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { StartupError } from '../errors.js';

/** The one HTTP port: Slack, the API, health and metrics. */
export function listen(http: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(http);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new StartupError(`PORT ${port} is already in use; set PORT to a free port.`) : error),
    );
    server.listen(port, () => resolve(server));
  });
}

/** Stops taking requests and waits for in-flight ones; idle keep-alive connections close at once. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}
