import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';

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

/**
 * For tests of storage and use cases without the app: mongoose connected to
 * a fresh database for this file, with the given models' indexes.
 */
export function useDatabase(models: Array<{ createIndexes(): Promise<unknown> }>): void {
  const database = uniqueDatabaseUri();
  beforeAll(async () => {
    await mongoose.connect(database.uri);
    await Promise.all(models.map((m) => m.createIndexes()));
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await database.drop();
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoServerUri: string;
  }
}
