import { recordReportMessage } from '../storage/erasureRepository.js';

/** A rejection report about a lead was posted here: erasing the person later updates it too. */
export function rememberReportMessage(leadId: string, channelId: string, ts: string): Promise<void> {
  return recordReportMessage(leadId, channelId, ts);
}
