import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ADMIN_PROTOCOL,
  ADMIN_PROTOCOL_PATTERN,
  ES2PLUS_PATH_PREFIX,
  Es2StatusCodes,
  failedBody,
  HANDLE_DOWNLOAD_PROGRESS_INFO,
  parseHandleDownloadProgressInfoRequest,
  type HeaderOnlyBody,
} from '@mp/es2plus';
import {
  ApiError,
  APP_CONFIG,
  APP_LOGGER,
  CallerOf,
  Requires,
  type AppLogger,
  type Caller,
} from '@mp/platform';
import { type SmdpAdapterConfig } from '../adapter.config';
import { smdpNotifications } from '../es2/smdp-metrics';
import { InputPublisher } from '../kafka/input.publisher';
import { downloadProgressRecord } from '../kafka/input-records.mapper';
import { SMDP_NOTIFIER } from '../security/smdp-access';

/**
 * HandleDownloadProgressInfo (SM-DP+ → operator, section 14.2), from the SM-DP+ only: its client certificate must
 * chain to the configured CA (checked before the body is read) and its functionRequesterIdentifier must be a
 * configured one (403 otherwise). A valid notification becomes a `downloadProgress` input addressed by ICCID and is
 * answered 204 once Kafka has it; a bad one gets the ES2+ `Failed` body (HTTP 200) naming the missing or invalid
 * element. A Kafka failure is a 5xx, so the SM-DP+ sends it again.
 */
@Controller(ES2PLUS_PATH_PREFIX)
export class DownloadProgressController {
  private readonly requesters: ReadonlySet<string>;

  constructor(
    @Inject(InputPublisher) private readonly publisher: InputPublisher,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(APP_CONFIG) config: SmdpAdapterConfig,
  ) {
    this.requesters = new Set(config.smdpAdapter.notifications.requesters);
  }

  @Post(HANDLE_DOWNLOAD_PROGRESS_INFO)
  @Requires(SMDP_NOTIFIER)
  @HttpCode(204)
  async handle(
    @Body() body: unknown,
    @Headers('x-admin-protocol') adminProtocol: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CallerOf() sender: Caller,
  ): Promise<HeaderOnlyBody | undefined> {
    void reply.header('x-admin-protocol', ADMIN_PROTOCOL);
    if (adminProtocol === undefined || !ADMIN_PROTOCOL_PATTERN.test(adminProtocol))
      return this.refuse(reply, {
        ...Es2StatusCodes.unsupportedAdminProtocol,
        message: 'unsupported X-Admin-Protocol',
      });
    const parsed = parseHandleDownloadProgressInfoRequest(body);
    if (!parsed.ok) return this.refuse(reply, parsed);
    const requester = parsed.value.header.functionRequesterIdentifier;
    if (!this.requesters.has(requester)) {
      smdpNotifications.inc({ result: 'refused' });
      this.logger.warn(
        { sender: sender.name, functionRequesterIdentifier: requester.slice(0, 64) },
        'download progress notification from an unknown function requester refused',
      );
      throw new ApiError(
        403,
        'FUNCTION_REQUESTER_NOT_ALLOWED',
        'This functionRequesterIdentifier may not send notifications.',
        'header.functionRequesterIdentifier',
      );
    }
    const record = downloadProgressRecord(parsed.value, new Date().toISOString());
    await this.publisher.publishInput(record);
    smdpNotifications.inc({ result: 'accepted' });
    this.logger.info(
      {
        sender: sender.name,
        iccid: parsed.value.iccid,
        notificationPointId: parsed.value.notificationPointId,
        status: parsed.value.notificationPointStatus.status,
      },
      'download progress notification',
    );
    return undefined;
  }

  private refuse(
    reply: FastifyReply,
    code: { subjectCode: string; reasonCode: string; subjectIdentifier?: string; message?: string },
  ): HeaderOnlyBody {
    smdpNotifications.inc({ result: 'refused' });
    this.logger.warn({ ...code }, 'download progress notification refused');
    void reply.status(200);
    return failedBody(code);
  }
}
