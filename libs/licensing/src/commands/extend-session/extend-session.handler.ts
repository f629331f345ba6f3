import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenseDecisionEngine } from '@geckoguard/licenses';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import { decideLicensing } from '../licensing-request.js';
import { ExtendSessionCommand } from './extend-session.command.js';

@CommandHandler(ExtendSessionCommand)
export class ExtendSessionHandler implements ICommandHandler<ExtendSessionCommand> {
  constructor(private readonly engine: LicenseDecisionEngine) {}

  execute({ request }: ExtendSessionCommand): Promise<LicensingResponse> {
    return decideLicensing(this.engine, 'extend', request);
  }
}
