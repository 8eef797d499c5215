import mongoose, { Schema } from 'mongoose';
import type { Queue } from '../routing/routing.js';

/** Every version of the routing: its queues, who made it and when. The highest version is in force. */
export type RoutingVersion = { version: number; queues: Queue[]; createdAt: Date; by: string; text?: string };

const routingSchema = new Schema(
  {
    version: { type: Number, required: true },
    queues: { type: [Object], default: [] },
    createdAt: { type: Date, required: true },
    /** A Slack user ID, or `file` for the version read from config/routing.yml. */
    by: { type: String, required: true },
    /** The YAML as the admin wrote it, to edit again. */
    text: String,
  },
  { collection: 'routing_versions', versionKey: false },
);
routingSchema.index({ version: 1 }, { unique: true, name: 'routing_version_unique' });

export const RoutingVersionModel = mongoose.model('RoutingVersion', routingSchema);

export async function latestRouting(): Promise<RoutingVersion | null> {
  const doc = await RoutingVersionModel.findOne({}, { _id: 0 }).sort({ version: -1 }).lean();
  return (doc as RoutingVersion | null) ?? null;
}

/** The latest versions, newest first. */
export async function routingVersions(limit: number): Promise<Array<Omit<RoutingVersion, 'queues' | 'text'> & { queueCount: number }>> {
  const docs = await RoutingVersionModel.aggregate([{ $sort: { version: -1 } }, { $limit: limit }, { $project: { _id: 0, version: 1, by: 1, createdAt: 1, queueCount: { $size: '$queues' } } }]);
  return docs as Array<Omit<RoutingVersion, 'queues' | 'text'> & { queueCount: number }>;
}

/** Inserts a version; false when its number was taken meanwhile (another admin or instance). */
export async function insertRouting(version: RoutingVersion): Promise<boolean> {
  try {
    await RoutingVersionModel.collection.insertOne({ ...version });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}
