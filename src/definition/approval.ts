/** Both teams agree to a change of the definition: the whole point of it. */
export type Side = 'sales' | 'marketing';
export type Approval = { userId: string; side: Side; at: Date };

export type ApprovalResult =
  | { kind: 'recorded'; approvals: Approval[]; complete: boolean }
  | { kind: 'refused'; reason: string };

/**
 * Adds one approval. A change takes effect with one approval from sales and
 * one from marketing, given by two different people.
 */
export function addApproval(approvals: Approval[], next: Approval): ApprovalResult {
  if (approvals.some((a) => a.side === next.side)) {
    return { kind: 'refused', reason: `${next.side} has already approved this change.` };
  }
  if (approvals.some((a) => a.userId === next.userId)) {
    return { kind: 'refused', reason: 'The same person cannot approve for both sales and marketing.' };
  }
  const all = [...approvals, next];
  return { kind: 'recorded', approvals: all, complete: all.some((a) => a.side === 'sales') && all.some((a) => a.side === 'marketing') };
}
