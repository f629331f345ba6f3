import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenseDecisionEngine } from '@geckoguard/licenses';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import { decideLicensing } from '../licensing-request.js';
import { DecideLicensingCommand } from './decide-licensing.command.js';

@CommandHandler(DecideLicensingCommand)
export class DecideLicensingHandler implements ICommandHandler<DecideLicensingCommand> {
  constructor(private readonly engine: LicenseDecisionEngine) {}

  execute({ mode, request }: DecideLicensingCommand): Promise<LicensingResponse> {
    return decideLicensing(this.engine, mode, request);
  }
}
