import { StartupError } from '../errors.js';
import { mkdir } from 'node:fs/promises';
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { LeadModel } from '../storage/leadModel.js';


export type Database = { uri: string; embedded: boolean; close(): Promise<void> };

/**
 * Connects to MONGODB_URI, or, when it is not set, to an embedded MongoDB
 * whose files live in the data folder, so a first try needs no set-up and
 * keeps its leads across restarts.
 */
export async function connectDatabase(config: Pick<Config, 'mongodbUri' | 'dataDir'>, logger: Logger): Promise<Database> {
  const embedded = config.mongodbUri ? null : await startEmbeddedMongo(config.dataDir, logger);
  const uri = config.mongodbUri ?? embedded!.uri;
  try {
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  } catch (error) {
    await embedded?.stop();
    throw new StartupError(`Leadloop cannot reach MongoDB at ${redactUri(uri)}: ${(error as Error).message}`);
  }
  // Indexes are created on purpose at start-up (idempotent, safe for a second instance).
  await LeadModel.createIndexes();
  logger.info({ database: redactUri(uri), embedded: Boolean(embedded) }, 'database connected');
  return {
    uri,
    embedded: Boolean(embedded),
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

/** Whether the database answers right now (for /healthz). */
export async function databaseIsUp(timeoutMs = 1000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  const ping = db.admin().command({ ping: 1 }).then(() => true, () => false);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  return Promise.race([ping, timeout]);
}

async function startEmbeddedMongo(dataDir: string, logger: Logger) {
  const dbPath = `${dataDir}/mongo`;
  await mkdir(dbPath, { recursive: true });
  logger.info({ dbPath }, 'MONGODB_URI not set: starting the embedded MongoDB (the first start downloads mongod)');
  // mongodb-memory-server prints its own stack trace on failure; the one
  // line below says what to do instead, so its console.warn is held back.
  const warn = console.warn;
  console.warn = () => {};
  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
    return { uri: server.getUri('leadloop'), stop: () => server.stop({ doCleanup: false }).then(() => undefined) };
  } catch (error) {
    const reason = oneLine((error as Error).message);
    throw new StartupError(
      `Leadloop could not start its embedded MongoDB (${reason}). ` +
        'Set MONGODB_URI to a MongoDB server you run, e.g. MONGODB_URI=mongodb://localhost:27017/leadloop, and start again.',
    );
  } finally {
    console.warn = warn;
  }
}

function oneLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.trim().slice(0, 300);
}

/** Never print credentials from a connection string. */
function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
