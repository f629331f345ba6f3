import { Command } from '@nestjs/cqrs';
import type { LicensingResponse } from '../../domain/licensing-response.js';
import type { LicensingRequest } from '../licensing-request.js';

/** Extend the seat this authContext holds (API.md §10). */
export class ExtendSessionCommand extends Command<LicensingResponse> {
  constructor(readonly request: LicensingRequest) {
    super();
  }
}
