import { loadSmdpSimulatorConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { SmdpSimulatorModule } from './smdp-simulator.module';
import { type SmdpSimulatorConfig } from './simulator.state';

export const smdpSimulatorApp: AppDefinition = {
  name: 'smdp-simulator',
  loadConfig: () => loadSmdpSimulatorConfig(),
  // The config given back is the one loadConfig made.
  module: (config, logger) => SmdpSimulatorModule.forRoot(config as SmdpSimulatorConfig, logger),
  migrations: [],
};
