import type { DynamicModule } from '@nestjs/common';
import { PlatformModule, type AppLogger } from '@mp/platform';
import { SimulatorAdminController } from './admin/simulator-admin.controller';
import { ConnectivityStandIn } from './connectivity/connectivity-stand-in.service';
import { DeviceSimulator } from './device/device-simulator.service';
import { Es2plusHttpsServer } from './es2/es2plus-https.server';
import { SimulatorState, type SmdpSimulatorConfig } from './simulator.state';
import { SIMULATOR_STATE } from './simulator.tokens';

/** An SM-DP+ for development and tests: ES2+ server, profile pool, fault switches. */
export class SmdpSimulatorModule {
  static forRoot(config: SmdpSimulatorConfig, logger: AppLogger): DynamicModule {
    return {
      module: SmdpSimulatorModule,
      imports: [PlatformModule.forApp(config, logger)],
      controllers: [SimulatorAdminController],
      providers: [
        { provide: SIMULATOR_STATE, useValue: new SimulatorState(config.smdpSimulator) },
        Es2plusHttpsServer,
        DeviceSimulator,
        ConnectivityStandIn,
      ],
    };
  }
}
