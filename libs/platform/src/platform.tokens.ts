/** Injection tokens for values that are not classes. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const APP_LOGGER = Symbol('APP_LOGGER');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The app's Kafka names under its namespace (`KafkaNames`), for apps whose config has the Kafka section. */
export const KAFKA_NAMES = Symbol('KAFKA_NAMES');
export const APP_TRACER = Symbol('APP_TRACER');
