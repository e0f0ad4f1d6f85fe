import type { DynamicModule } from '@nestjs/common';
import { PlatformModule, type AppLogger } from '@mp/platform';
import { type SmdpAdapterConfig } from './adapter.config';
import { SmdpGateway } from './es2/smdp-gateway';
import { SmdpHealthController } from './health/smdp-health.controller';
import { EffectConsumer } from './kafka/effect.consumer';
import { EffectProcessor } from './kafka/effect.processor';
import { InputPublisher } from './kafka/input.publisher';
import { DownloadProgressController } from './notifications/download-progress.controller';

/** Carries out SM-DP+ effect requests over GSMA ES2+ and takes download progress notifications. */
export class SmdpAdapterModule {
  static forRoot(config: SmdpAdapterConfig, logger: AppLogger): DynamicModule {
    return {
      module: SmdpAdapterModule,
      imports: [PlatformModule.forApp(config, logger)],
      controllers: [DownloadProgressController, SmdpHealthController],
      providers: [SmdpGateway, InputPublisher, EffectProcessor, EffectConsumer],
    };
  }
}
