import { Command } from '@nestjs/cqrs';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import type { LicensingRequest } from '../licensing-request.js';

/** Validate, then take or refresh this authContext's seat (API.md §10). */
export class ActivateSessionCommand extends Command<LicensingResponse> {
  constructor(readonly request: LicensingRequest) {
    super();
  }
}
