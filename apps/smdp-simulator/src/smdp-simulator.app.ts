import { loadSmdpSimulatorConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { SmdpSimulatorModule } from './smdp-simulator.module';

export const smdpSimulatorApp: AppDefinition = {
  name: 'smdp-simulator',
  loadConfig: () => loadSmdpSimulatorConfig(),
  module: (config, logger) => SmdpSimulatorModule.forRoot(config, logger),
  migrations: [],
};
