import { NotFoundException } from '@nestjs/common';
import { lastValueFrom, throwError } from 'rxjs';
import { DomainError } from '@mp/contracts';
import { ApiError } from './api-error';
import { AnswersDomainErrors } from './domain-errors.interceptor';
import { errorAnswer } from './error-answer';
import { apiErrorOf, type ErrorStatuses } from './error-statuses';

type Code = 'NOT_PARKED' | 'UNKNOWN_TRANSACTION';
const STATUSES: ErrorStatuses<Code> = { NOT_PARKED: 409, UNKNOWN_TRANSACTION: 404 };

describe('errorAnswer: one error body for every listener', () => {
  const unexpected = jest.fn();
  beforeEach(() => unexpected.mockReset());

  it('gives a domain error the status of its code in the edge table, with the field it names', () => {
    const error = new DomainError<Code>(
      'NOT_PARKED',
      'Purchase t1 is not parked.',
      'transactionId',
    );

    expect(errorAnswer(error, unexpected, STATUSES)).toEqual([
      409,
      {
        error: {
          code: 'NOT_PARKED',
          message: 'Purchase t1 is not parked.',
          parameter: 'transactionId',
        },
      },
    ]);
    expect(unexpected).not.toHaveBeenCalled();
  });

  it('answers the codes every app shares without a table of its own', () => {
    const error = new DomainError('EVENT_LOG_UNAVAILABLE', 'the event could not be stored');

    expect(errorAnswer(error, unexpected)).toEqual([
      503,
      { error: { code: 'EVENT_LOG_UNAVAILABLE', message: 'the event could not be stored' } },
    ]);
  });

  it('answers a code the edge does not know as a 500 without its internals, and logs it', () => {
    for (const code of ['SOMETHING_ELSE', '__proto__', 'constructor', 'toString']) {
      const error = new DomainError(code, 'secret detail');

      expect(errorAnswer(error, unexpected, STATUSES)).toEqual([
        500,
        { error: { code: 'INTERNAL', message: 'The service failed to handle the request.' } },
      ]);
      expect(unexpected).toHaveBeenLastCalledWith(error);
    }
  });

  it('keeps ApiErrors and Nest HTTP exceptions as they were answered', () => {
    expect(errorAnswer(new ApiError(400, 'INVALID_EVENT', 'bad', 'eventId'), unexpected)).toEqual([
      400,
      { error: { code: 'INVALID_EVENT', message: 'bad', parameter: 'eventId' } },
    ]);
    expect(errorAnswer(new NotFoundException('Cannot GET /x'), unexpected)).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: 'Cannot GET /x' } },
    ]);
  });
});

describe('AnswersDomainErrors', () => {
  it("turns a handler's domain errors into ApiErrors by the controller's table and leaves others alone", async () => {
    class Controller {
      handle(): void {}
    }
    AnswersDomainErrors(STATUSES)(Controller);
    const [interceptor] = Reflect.getMetadata('__interceptors__', Controller) as [
      { intercept: (context: unknown, next: { handle: () => unknown }) => Promise<never> },
    ];
    const run = (error: Error) =>
      lastValueFrom(
        interceptor.intercept(undefined, { handle: () => throwError(() => error) }) as never,
      );

    await expect(
      run(new DomainError<Code>('UNKNOWN_TRANSACTION', 'No purchase t1.')),
    ).rejects.toEqual(new ApiError(404, 'UNKNOWN_TRANSACTION', 'No purchase t1.'));
    const other = new Error('bug');
    await expect(run(other)).rejects.toBe(other);
    expect(apiErrorOf(new DomainError('OTHER', 'x'), STATUSES)).toBeUndefined();
  });
});
