import type { TestProject } from 'vitest/node';

/**
 * Tests run against MONGODB_URI when it is set (CI's offline database, or your
 * own MongoDB); otherwise against a mongodb-memory-server started here.
 */
export default async function setup(project: TestProject) {
  const given = process.env.MONGODB_URI;
  if (given) {
    project.provide('mongoServerUri', given);
    return;
  }
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  let server;
  try {
    server = await MongoMemoryServer.create();
  } catch (error) {
    throw new Error(
      `Tests need MongoDB: set MONGODB_URI, or let mongodb-memory-server download mongod (it failed: ${(error as Error).message.split('\n')[0]})`,
    );
  }
  project.provide('mongoServerUri', server.getUri());
  return async () => {
    await server.stop();
  };
}
