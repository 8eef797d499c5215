import type { Lead } from '../leads/lead.js';
import * as erasure from '../storage/erasureRepository.js';
import { findByEmail } from '../storage/leadQueries.js';

/** `/leads forget <email>`: the lead that person is, to confirm before erasing. */
export function personByEmail(email: string): Promise<Lead | null> {
  return findByEmail(email);
}

/**
 * Erases the person's data from their lead (name, email, phone, title, every
 * note) and records the erasure; the stage and history stay for the reports.
 * Null when there was nothing (left) to erase.
 */
export function erasePerson(leadId: string, by: string, at: Date): Promise<Lead | null> {
  return erasure.eraseLead(leadId, by, at);
}
