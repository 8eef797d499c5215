import type { Approval } from './approval.js';
import type { LeadDefinition } from './definition.js';

/** One version of the lead definition: in force, proposed and waiting for approvals, or past. */
export type DefinitionVersion = {
  version: number;
  status: 'active' | 'proposed' | 'superseded' | 'withdrawn';
  definition: LeadDefinition;
  proposedBy: string;
  proposedAt: Date;
  changes: string[];
  basedOn: number | null;
  approvals: Approval[];
  activatedAt: Date | null;
};
