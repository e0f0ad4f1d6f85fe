import {
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { refusedRecordsReason } from './refused-records';

// kafkajs builds protocol errors from its table of broker error codes (its typings only name the Error part).
const protocolError = (fields: {
  type: string;
  code: number;
  retriable: boolean;
  message: string;
}) => new KafkaJSProtocolError(fields as unknown as Error);

const tooLarge = () =>
  protocolError({
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
    message:
      'The request included a message larger than the max message size the server will accept',
  });

describe('refusedRecordsReason', () => {
  it('names a record-too-large refusal, however kafkajs wrapped it', () => {
    expect(refusedRecordsReason(tooLarge())).toMatch(/MESSAGE_TOO_LARGE/);
    expect(
      refusedRecordsReason(
        new KafkaJSNumberOfRetriesExceeded(tooLarge(), { retryCount: 5, retryTime: 100 }),
      ),
    ).toMatch(/MESSAGE_TOO_LARGE/);
    const aggregate = Object.assign(new Error('several'), { errors: [new Error('x'), tooLarge()] });
    expect(refusedRecordsReason(aggregate)).toMatch(/max message size/);
  });

  it('says nothing of errors a retry may cure', () => {
    expect(refusedRecordsReason(new KafkaJSNonRetriableError('Connection error'))).toBeNull();
    expect(
      refusedRecordsReason(
        protocolError({
          type: 'NOT_COORDINATOR',
          code: 16,
          retriable: true,
          message: 'not the coordinator',
        }),
      ),
    ).toBeNull();
    expect(refusedRecordsReason('text')).toBeNull();
  });
});
