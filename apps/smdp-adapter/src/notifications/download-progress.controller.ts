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
import { APP_LOGGER, type AppLogger } from '@mp/platform';
import { smdpNotifications } from '../es2/smdp-metrics';
import { InputPublisher } from '../kafka/input.publisher';
import { downloadProgressRecord } from '../kafka/input-records.mapper';

/**
 * HandleDownloadProgressInfo (SM-DP+ → operator, section 14.2): a valid notification becomes a `downloadProgress`
 * input addressed by ICCID and is answered 204 once Kafka has it; a bad one gets the ES2+ `Failed` body (HTTP 200)
 * naming the missing or invalid element. A Kafka failure is a 5xx, so the SM-DP+ sends it again.
 */
@Controller(ES2PLUS_PATH_PREFIX)
export class DownloadProgressController {
  constructor(
    @Inject(InputPublisher) private readonly publisher: InputPublisher,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  @Post(HANDLE_DOWNLOAD_PROGRESS_INFO)
  @HttpCode(204)
  async handle(
    @Body() body: unknown,
    @Headers('x-admin-protocol') adminProtocol: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HeaderOnlyBody | undefined> {
    void reply.header('x-admin-protocol', ADMIN_PROTOCOL);
    if (adminProtocol === undefined || !ADMIN_PROTOCOL_PATTERN.test(adminProtocol))
      return this.refuse(reply, {
        ...Es2StatusCodes.unsupportedAdminProtocol,
        message: 'unsupported X-Admin-Protocol',
      });
    const parsed = parseHandleDownloadProgressInfoRequest(body);
    if (!parsed.ok) return this.refuse(reply, parsed);
    const record = downloadProgressRecord(parsed.value, new Date().toISOString());
    await this.publisher.publishInput(record);
    smdpNotifications.inc({ result: 'accepted' });
    this.logger.info(
      {
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
