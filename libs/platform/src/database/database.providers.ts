import type { Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@mp/config';
import { createDataSource, type DataSourceParts } from '@mp/database';
import { DATA_SOURCE } from '../platform.tokens';

/**
 * The app's own TypeORM DataSource. Provided directly rather than through @nestjs/typeorm, whose process-wide
 * data source registry assumes one app per process (docs/adr/0004).
 */
export function dataSourceProvider(config: DatabaseConfig, parts: DataSourceParts): Provider {
  return {
    provide: DATA_SOURCE,
    useFactory: async (): Promise<DataSource> => createDataSource(config, parts).initialize(),
  };
}
