import { Inject, Injectable } from '@nestjs/common';
import { SpanKind, type Tracer } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import { maxRejectedValueLength, purchaseEffectRecordSchema } from '@mp/contracts';
import {
  DEFAULT_MAX_RECORD_BYTES,
  Headers,
  inSpan,
  kafkaRecordAttributes,
  readRecord,
  screenRecord,
  traceContextFrom,
} from '@mp/event-log';
import {
  APP_CONFIG,
  APP_LOGGER,
  APP_TRACER,
  tagActiveSpanTransaction,
  type AppLogger,
} from '@mp/platform';
import { z } from 'zod';
import { type SmdpAdapterConfig } from '../adapter.config';
import { es2RequestBody, InvalidEs2Request } from '../es2/es2-request.builder';
import { smdpRejectedEffects } from '../es2/smdp-metrics';
import { CallAbandoned } from '../es2/smdp-call.executor';
import { SmdpGateway } from '../es2/smdp-gateway';
import { settleUnusableAnswer } from '../es2/unusable-answer.release';
import { InputPublisher } from './input.publisher';
import { rejectedRecord, smdpResultRecord, type RecordOrigin } from './input-records.mapper';

/**
 * Carries out one effect record: SendEs2Request effects become ES2+ calls whose outcome is published as an input
 * for the purchase; other effects are someone else's. A record that cannot be read is recorded on the rejected
 * records topic with its reason (G8) and never blocks the partition. Resolves once what it published is
 * acknowledged, so the caller may commit the offset then (at-least-once; the SM-DP+ and the orchestrator dedupe).
 */
@Injectable()
export class EffectProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SmdpAdapterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(SmdpGateway) private readonly gateway: SmdpGateway,
    @Inject(InputPublisher) private readonly publisher: InputPublisher,
    @Inject(APP_TRACER) private readonly tracer: Tracer,
  ) {}

  /** An effect request for the SM-DP+, in a CONSUMER span that continues the decision's trace (ADR 0024). */
  async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const effectType = message.headers?.[Headers.effectType]?.toString();
    if (effectType !== undefined && effectType !== 'SendEs2Request') return;
    await inSpan(
      this.tracer,
      'smdp-adapter effect',
      {
        kind: SpanKind.CONSUMER,
        parent: traceContextFrom(message.headers),
        attributes: kafkaRecordAttributes({ topic, partition, offset: message.offset }),
      },
      () => this.carryOut(topic, partition, message, heartbeat),
    );
  }

  private async carryOut(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const origin: RecordOrigin = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
      value: message.value?.toString('utf8', 0, maxRejectedValueLength) ?? '',
    };
    // Too large, an absurd timestamp, not JSON: refused unread, with the codes every consumer gives them (G14).
    const screened = screenRecord(readRecord(topic, partition, message), DEFAULT_MAX_RECORD_BYTES);
    if (!screened.ok) return this.reject(origin, screened.code, screened.reason, null);
    const parsed = parseEffectRecord(screened.json);
    if (!parsed.ok)
      return this.reject(origin, 'INVALID_EFFECT_RECORD', parsed.reason, parsed.parameter);
    const record = parsed.record;
    tagActiveSpanTransaction(record.transactionId);
    const effect = record.effect;
    if (effect.type !== 'SendEs2Request') return;

    let body: Record<string, unknown>;
    try {
      body = es2RequestBody(effect, this.config.smdpAdapter.functionRequesterIdentifier);
    } catch (error) {
      if (!(error instanceof InvalidEs2Request)) throw error;
      return this.reject(origin, error.code, error.message, error.parameter, record.transactionId);
    }
    const log = this.logger.child({
      transactionId: record.transactionId,
      function: effect.function,
      functionCallIdentifier: effect.functionCallIdentifier,
      ...(effect.function === 'downloadOrder' && effect.reconciliation
        ? { reconciliation: effect.reconciliation.attempt }
        : {}),
    });
    const signal = this.gateway.stopping.signal;
    const answer = await this.gateway.executor.execute(effect.function, body, {
      signal,
      onAttempt: heartbeat,
    });
    const outcome =
      answer.status === 'unusable'
        ? await settleUnusableAnswer(this.gateway.executor, effect, answer, {
            functionRequesterIdentifier: this.config.smdpAdapter.functionRequesterIdentifier,
            signal,
            onAttempt: heartbeat,
            log,
          })
        : answer;
    const result = smdpResultRecord(
      record,
      effect,
      outcome,
      new Date().toISOString(),
      this.config.smdpAdapter.smdpAddress,
    );
    // Still the partition's owner? A member that lost it publishes nothing: the next owner makes the same call.
    await heartbeat().catch((error: unknown) => {
      throw new CallAbandoned('the heartbeat failed before publishing', { cause: error });
    });
    await this.publisher.publishInput(result);
    if (outcome.status === 'unavailable')
      log.error({ attempts: outcome.attempts, lastError: outcome.lastError }, 'SM-DP+ unavailable');
    else if (outcome.status === 'failed')
      log.warn(
        { subjectCode: outcome.subjectCode, reasonCode: outcome.reasonCode },
        'ES2+ call failed',
      );
    else log.info('ES2+ call succeeded');
  }

  private async reject(
    origin: RecordOrigin,
    code: string,
    reason: string,
    parameter: string | null,
    transactionId: string | null = origin.key,
  ): Promise<void> {
    this.logger.warn(
      { topic: origin.topic, partition: origin.partition, offset: origin.offset, code, reason },
      'effect record rejected',
    );
    smdpRejectedEffects.inc({ code });
    await this.publisher.publishRejected(
      rejectedRecord(origin, { code, reason, parameter, transactionId }, new Date().toISOString()),
    );
  }
}

type Parsed =
  | { ok: true; record: z.output<typeof purchaseEffectRecordSchema> }
  | { ok: false; reason: string; parameter: string | null };

function parseEffectRecord(json: unknown): Parsed {
  const result = purchaseEffectRecordSchema.safeParse(json);
  if (result.success) return { ok: true, record: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: issue
      ? `${issue.path.join('.') || 'value'}: ${issue.message}`
      : 'invalid effect record',
    parameter: issue && issue.path.length > 0 ? issue.path.join('.') : null,
  };
}
