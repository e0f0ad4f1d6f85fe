import type { Attributes } from '@opentelemetry/api';

/**
 * OpenTelemetry's messaging attribute names (still "development" in semantic-conventions, whose docs advise
 * copying such names rather than importing its incubating entry point).
 */
export function kafkaRecordAttributes(record: {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': record.topic,
    'messaging.destination.partition.id': String(record.partition),
    'messaging.kafka.offset': Number(record.offset),
  };
}
