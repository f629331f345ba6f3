import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenseDecisionEngine } from '@geckoguard/licenses';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import { decideLicensing } from '../licensing-request.js';
import { ActivateSessionCommand } from './activate-session.command.js';

@CommandHandler(ActivateSessionCommand)
export class ActivateSessionHandler implements ICommandHandler<ActivateSessionCommand> {
  constructor(private readonly engine: LicenseDecisionEngine) {}

  execute({ request }: ActivateSessionCommand): Promise<LicensingResponse> {
    return decideLicensing(this.engine, 'activate', request);
  }
}
