import { VendorOperations1795607903086 } from './1795607903086-vendor-operations.js';
import { AuthorizationState1795573042502 } from './1795573042502-authorization-state.js';
import { Initial1795572399554 } from './1795572399554-initial.js';
// Every committed migration, in order. `npm run migration:generate` adds new files here.
export const MIGRATIONS = [Initial1795572399554, AuthorizationState1795573042502, VendorOperations1795607903086];
