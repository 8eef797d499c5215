import { CrmInboxModel } from './crmInboxRepository.js';
import { DefinitionVersionModel } from './definitionModel.js';
import { DigestRunModel } from './digestRunRepository.js';
import { ErasureModel } from './erasureRepository.js';
import { IdempotencyModel } from './idempotencyRepository.js';
import { RepModel, RepTurnModel } from './repRepository.js';
import { RoutingVersionModel } from './routingRepository.js';
import { SettingsModel } from './settingsRepository.js';

/** Creates every collection's indexes (idempotent; safe for a second instance). The leads' are made on connecting. */
export async function createIndexes(): Promise<void> {
  await Promise.all([DefinitionVersionModel.createIndexes(), IdempotencyModel.createIndexes(), DigestRunModel.createIndexes(), RepModel.createIndexes(), ErasureModel.createIndexes(), SettingsModel.createIndexes(), CrmInboxModel.createIndexes(), RoutingVersionModel.createIndexes(), RepTurnModel.createIndexes()]);
}
