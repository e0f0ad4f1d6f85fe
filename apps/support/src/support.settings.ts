import type { SupportConfig } from '@mp/config';

/** The support app's configuration: its loader always gives the Kafka, database and support sections. */
export type SupportAppConfig = SupportConfig;

export const SUPPORT_SETTINGS = Symbol('SUPPORT_SETTINGS');
