/**
 * Errors a user caused and can fix. `code` is stable for API clients and
 * tests; `message` is what the person sees.
 */
export class LeadloopError extends Error {
  constructor(
    readonly code: 'lead_not_found' | 'invalid_lead' | 'not_owner' | 'not_claimable',
    message: string,
  ) {
    super(message);
    this.name = 'LeadloopError';
  }
}
