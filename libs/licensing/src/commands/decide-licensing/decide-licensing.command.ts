import { Command } from '@nestjs/cqrs';
import type { LicensingMode, LicensingResponse } from '../../domain/licensing-response.js';
import type { LicensingRequest } from '../licensing-request.js';

/** /licensing/validate, activate or extend (API.md §10): one decision in the call's mode. */
export class DecideLicensingCommand extends Command<LicensingResponse> {
  constructor(
    readonly mode: LicensingMode,
    readonly request: LicensingRequest,
  ) {
    super();
  }
}
