import type { Approval } from '../definition/approval.js';
import type { DefinitionVersion } from '../definition/versions.js';
import { DefinitionVersionModel } from './definitionModel.js';


export async function findActive(): Promise<DefinitionVersion | null> {
  return (await DefinitionVersionModel.findOne({ status: 'active' }).sort({ version: -1 }).lean()) as DefinitionVersion | null;
}

/** Changes waiting for approval, newest first. */
export async function findProposals(): Promise<DefinitionVersion[]> {
  return (await DefinitionVersionModel.find({ status: 'proposed' }).sort({ version: -1 }).limit(10).lean()) as DefinitionVersion[];
}

export async function findVersion(version: number): Promise<DefinitionVersion | null> {
  return (await DefinitionVersionModel.findOne({ version }).lean()) as DefinitionVersion | null;
}

export async function latestVersionNumber(): Promise<number> {
  const latest = await DefinitionVersionModel.findOne({}, { version: 1 }).sort({ version: -1 }).lean();
  return latest?.version ?? 0;
}

/** Inserts a new version; false when that number was taken meanwhile (another instance or admin). */
export async function insertVersion(version: DefinitionVersion): Promise<boolean> {
  try {
    await DefinitionVersionModel.collection.insertOne({ ...version });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** Records approvals on a proposal, only if nobody else changed them meanwhile. */
export async function saveApprovals(version: number, before: Approval[], after: Approval[]): Promise<boolean> {
  const result = await DefinitionVersionModel.updateOne({ version, status: 'proposed', approvals: before }, { $set: { approvals: after } });
  return result.modifiedCount === 1;
}

/** A proposal that can no longer take effect (its base was replaced) stops waiting. */
export async function withdraw(version: number): Promise<void> {
  await DefinitionVersionModel.updateOne({ version, status: 'proposed' }, { $set: { status: 'withdrawn' } });
}

/**
 * Retires the active version `replaces` and makes `version` active. The first
 * step is conditional, so of two changes based on the same version only one
 * can take effect.
 */
export async function activate(version: number, replaces: number, at: Date): Promise<boolean> {
  const retired = await DefinitionVersionModel.updateOne({ version: replaces, status: 'active' }, { $set: { status: 'superseded' } });
  if (retired.modifiedCount !== 1) return false;
  await DefinitionVersionModel.updateOne({ version, status: 'proposed' }, { $set: { status: 'active', activatedAt: at } });
  return true;
}
