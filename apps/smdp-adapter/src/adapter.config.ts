import { type loadSmdpAdapterConfig } from '@mp/config';

export type SmdpAdapterConfig = ReturnType<typeof loadSmdpAdapterConfig>;
export type SmdpAdapterSettings = SmdpAdapterConfig['smdpAdapter'];
