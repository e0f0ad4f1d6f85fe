import { loadSmdpSimulatorConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { simulatorAccess } from './security/simulator-access';
import { SmdpSimulatorModule } from './smdp-simulator.module';
import { type SmdpSimulatorConfig } from './simulator.state';

export const smdpSimulatorApp: AppDefinition<SmdpSimulatorConfig> = {
  name: 'smdp-simulator',
  loadConfig: () => loadSmdpSimulatorConfig(),
  module: (config, logger) => SmdpSimulatorModule.forRoot(config, logger),
  migrations: [],
  access: simulatorAccess,
};
