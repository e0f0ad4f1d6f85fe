import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { APP_CONFIG, APP_TRACER } from '@mp/platform';
import { type SmdpAdapterConfig } from '../adapter.config';
import { Es2plusHttpClient } from './es2plus-http.client';
import { SmdpCallExecutor } from './smdp-call.executor';

/** The one ES2+ client and breaker of this adapter instance (shared by all partitions). */
@Injectable()
export class SmdpGateway implements OnModuleDestroy {
  readonly client: Es2plusHttpClient;
  readonly executor: SmdpCallExecutor;
  /** Aborted on shutdown: calls in flight are abandoned and their effects redelivered to the next owner. */
  readonly stopping = new AbortController();

  constructor(@Inject(APP_CONFIG) config: SmdpAdapterConfig, @Inject(APP_TRACER) tracer: Tracer) {
    this.client = new Es2plusHttpClient(config.smdpAdapter);
    this.executor = new SmdpCallExecutor(this.client, config.smdpAdapter, tracer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.client.close().catch(() => undefined);
  }
}
