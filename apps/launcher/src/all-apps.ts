// The composition root of `npm start`: the one place allowed to import other apps (docs/adr/0003).
import type { AppDefinition } from '@mp/platform';
import { balanceApiApp } from '../../balance-api/src/balance-api.app';
import { orchestratorApp } from '../../orchestrator/src/orchestrator.app';
import { portalGatewayApp } from '../../portal-gateway/src/portal-gateway.app';
import { smdpAdapterApp } from '../../smdp-adapter/src/smdp-adapter.app';
import { smdpSimulatorApp } from '../../smdp-simulator/src/smdp-simulator.app';
import { supportApp } from '../../support/src/support.app';

/** In start order: the simulator first (the adapter talks to it), the edges last. */
export const ALL_APPS: readonly AppDefinition[] = [
  smdpSimulatorApp,
  orchestratorApp,
  smdpAdapterApp,
  balanceApiApp,
  supportApp,
  portalGatewayApp,
];
