import { Command } from '@nestjs/cqrs';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import type { LicensingRequest } from '../licensing-request.js';

/** Check a license without a session (API.md §10). */
export class ValidateLicenseCommand extends Command<LicensingResponse> {
  constructor(readonly request: LicensingRequest) {
    super();
  }
}
