import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenseDecisionEngine } from '@geckoguard/licenses';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import { decideLicensing } from '../licensing-request.js';
import { ValidateLicenseCommand } from './validate-license.command.js';

@CommandHandler(ValidateLicenseCommand)
export class ValidateLicenseHandler implements ICommandHandler<ValidateLicenseCommand> {
  constructor(private readonly engine: LicenseDecisionEngine) {}

  execute({ request }: ValidateLicenseCommand): Promise<LicensingResponse> {
    return decideLicensing(this.engine, 'validate', request);
  }
}
