import { VendorOperations1795607903086 } from './1795607903086-vendor-operations.js';
import { AuthorizationState1795573042502 } from './1795573042502-authorization-state.js';
import { Initial1795572399554 } from './1795572399554-initial.js';
import { Licensing1795700000000 } from './1795700000000-licensing.js';
import { AuditStream1795800000000 } from './1795800000000-audit-stream.js';
import { DecisionStateFunction1795900000000 } from './1795900000000-decision-state-function.js';
import { ApiKeyInDecision1796000000000 } from './1796000000000-api-key-in-decision.js';
import { DecisionStateRecentBindings1796200000000 } from './1796200000000-decision-state-recent-bindings.js';
import { DecisionStateRevokedEndedSessions1796300000000 } from './1796300000000-decision-state-revoked-ended-sessions.js';
import { IdempotentReplayText1796400000000 } from './1796400000000-idempotent-replay-text.js';
// Every committed migration, in order. `npm run migration:generate` adds new files here.
export const MIGRATIONS = [Initial1795572399554, AuthorizationState1795573042502, VendorOperations1795607903086, Licensing1795700000000, AuditStream1795800000000, DecisionStateFunction1795900000000, ApiKeyInDecision1796000000000, DecisionStateRecentBindings1796200000000, DecisionStateRevokedEndedSessions1796300000000, IdempotentReplayText1796400000000];
