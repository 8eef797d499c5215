import { addApproval, type Side } from '../definition/approval.js';
import { parseDefinition, type LeadDefinition } from '../definition/definition.js';
import { describeChanges } from '../definition/describeChanges.js';
import * as definitions from '../storage/definitionRepository.js';
import type { DefinitionVersion } from '../definition/versions.js';

export type ActiveDefinition = { version: number; definition: LeadDefinition };

/** On the very first start, the file becomes version 1. Later starts keep what is stored. */
export async function ensureDefinition(fromFile: LeadDefinition, now: Date): Promise<ActiveDefinition> {
  return (await putFileInForce(fromFile, 'config/lead-definition.yml', now)).active;
}

/**
 * No definition is in force although Leadloop ran before (a restored backup,
 * a mistaken delete): the file's definition is put in force again as the next
 * version, recorded as such, so intake goes on without a restart.
 */
export function restoreDefinition(fromFile: LeadDefinition, source: string, now: Date): Promise<{ restored: boolean; active: ActiveDefinition }> {
  return putFileInForce(fromFile, `${source} (restored: no definition was in force)`, now);
}

/**
 * Puts the file's definition in force as the next version, unless one is in
 * force already. Several instances (or requests) doing it at once end with
 * one version in force.
 */
async function putFileInForce(fromFile: LeadDefinition, proposedBy: string, now: Date): Promise<{ restored: boolean; active: ActiveDefinition }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    // The number first, then the check: a run that put one in force meanwhile
    // has either taken this number (our insert fails and we look again) or is seen as active.
    const version = (await definitions.latestVersionNumber()) + 1;
    const active = await definitions.findActive();
    if (active) return { restored: false, active: { version: active.version, definition: active.definition } };
    const inserted = await definitions.insertVersion({
      version,
      status: 'active',
      definition: fromFile,
      proposedBy,
      proposedAt: now,
      changes: [],
      basedOn: null,
      approvals: [],
      activatedAt: now,
    });
    if (inserted) return { restored: true, active: { version, definition: fromFile } };
  }
  throw new Error('could not put the lead definition in force');
}

export type ProposalResult =
  | { kind: 'activated'; version: DefinitionVersion }
  | { kind: 'awaiting_approval'; version: DefinitionVersion }
  | { kind: 'refused'; reasons: string[] };

/**
 * An admin proposes a new definition. It takes effect at once only when the
 * current definition does not require both teams' approval.
 */
export async function proposeDefinitionChange(raw: unknown, byUserId: string, now: Date): Promise<ProposalResult> {
  const parsed = parseDefinition(raw);
  if (!parsed.ok) return { kind: 'refused', reasons: parsed.problems };
  const active = await definitions.findActive();
  if (!active) return { kind: 'refused', reasons: ['there is no active definition to change yet'] };
  const changes = describeChanges(active.definition, parsed.definition);
  if (changes.length === 0) return { kind: 'refused', reasons: ['nothing changed'] };

  for (let attempt = 0; attempt < 5; attempt++) {
    const proposal: DefinitionVersion = {
      version: (await definitions.latestVersionNumber()) + 1,
      status: 'proposed',
      definition: parsed.definition,
      proposedBy: byUserId,
      proposedAt: now,
      changes,
      basedOn: active.version,
      approvals: [],
      activatedAt: null,
    };
    if (!(await definitions.insertVersion(proposal))) continue;
    // The rule in force decides: a change cannot switch off its own approval.
    if (active.definition.changeApproval) return { kind: 'awaiting_approval', version: proposal };
    if (!(await definitions.activate(proposal.version, active.version, now))) {
      return { kind: 'refused', reasons: ['the definition changed meanwhile; look at the new one and propose again'] };
    }
    return { kind: 'activated', version: { ...proposal, status: 'active', activatedAt: now } };
  }
  return { kind: 'refused', reasons: ['too many changes at once; try again'] };
}

export type ApproveResult =
  | { kind: 'approved'; version: DefinitionVersion; activated: boolean }
  | { kind: 'refused'; reason: string };

/** One person from sales or marketing approves; the second side's approval makes the change take effect. */
export async function approveDefinitionChange(version: number, approver: { userId: string; side: Side }, now: Date): Promise<ApproveResult> {
  // Sales and marketing may approve at the same moment: an approval that lost the race is added again to what the other saved.
  for (let attempt = 0; attempt < 3; attempt++) {
    const proposal = await definitions.findVersion(version);
    if (!proposal) return { kind: 'refused', reason: `There is no version ${version} of the lead definition.` };
    if (proposal.status !== 'proposed') return { kind: 'refused', reason: `Version ${version} is ${proposal.status}, not waiting for approval.` };
    const result = addApproval(proposal.approvals, { ...approver, at: now });
    if (result.kind === 'refused') return result;
    if (await definitions.saveApprovals(version, proposal.approvals, result.approvals)) return completeApproval({ ...proposal, approvals: result.approvals }, result.complete, now);
  }
  return { kind: 'refused', reason: 'Several people approved this change at the same moment; look again.' };
}

/** After an approval is saved: the second side's approval puts the change in force, unless the version it was based on is gone. */
async function completeApproval(approved: DefinitionVersion, complete: boolean, now: Date): Promise<ApproveResult> {
  const { version, basedOn } = approved;
  if (!complete) return { kind: 'approved', version: approved, activated: false };
  if (basedOn === null || !(await definitions.activate(version, basedOn, now))) {
    await definitions.withdraw(version);
    return {
      kind: 'refused',
      reason: `Version ${version} was based on version ${basedOn}, which is no longer the active one; propose the change again on the current definition.`,
    };
  }
  return { kind: 'approved', version: { ...approved, status: 'active', activatedAt: now }, activated: true };
}

/** The version in force, with its approvals and history, or null before the first start seeded it. */
export function definitionInForce(): Promise<DefinitionVersion | null> {
  return definitions.findActive();
}

/** Changes waiting for approval, newest first. */
export function pendingProposals(): Promise<DefinitionVersion[]> {
  return definitions.findProposals();
}
