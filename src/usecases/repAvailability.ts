import * as reps from '../storage/repRepository.js';

/** `/leads away [until …]`: the rep gets no round-robin assignment and no reminders from `since` until `until` (or until back). */
export function goAway(userId: string, since: Date, until: Date | null): Promise<void> {
  return reps.setAway(userId, since, until);
}

/** `/leads back`: the rep is in the round-robin again; false when they were not away. */
export function comeBack(userId: string): Promise<boolean> {
  return reps.setBack(userId);
}
