import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { MongoClient } from 'mongodb';

/**
 * A database of its own for one test file, on the server global setup found
 * (MONGODB_URI, or an embedded mongodb-memory-server). Dropped afterwards.
 */
export function uniqueDatabaseUri(): { uri: string; drop(): Promise<void> } {
  const server = inject('mongoServerUri');
  const name = `leadloop_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  const uri = url.toString();
  return {
    uri,
    async drop() {
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
      await client.db(name).dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoServerUri: string;
  }
}
