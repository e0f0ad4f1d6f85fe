import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, fetch } from 'undici';
import { SIMULATOR_FUNCTION_REQUESTER_ID } from '@mp/config';
import { ADMIN_PROTOCOL, ES2PLUS_CONTENT_TYPE, toWireIccid } from '@mp/es2plus';
import { APP_CONFIG, ApiError } from '@mp/platform';
import { type Iccid } from '@mp/sim';
import { type Profile } from '../pool/profile.model';
import { SIMULATOR_STATE } from '../simulator.tokens';
import { type SimulatorState, type SmdpSimulatorConfig } from '../simulator.state';

export type DeviceOutcome = 'installed' | 'downloaded' | 'downloadFailed' | 'installFailed';

export interface DeviceDownload {
  readonly matchingId?: string;
  readonly iccid?: string;
  readonly eid?: string;
  readonly outcome: DeviceOutcome;
}

export interface SentNotification {
  readonly notificationPointId: number;
  readonly status: string;
  /** The operator's HTTP answer; null when it could not be reached. */
  readonly httpStatus: number | null;
  readonly error: string | null;
}

// A download error as the LPA reports it (ESimOperationStatus names, mobile-plans.md section 11): what the device
// would see, so a test can feed it back as LpaErrorReported.
const lpaError = (code: string, message: string) => new ApiError(409, code, message);

/**
 * The device side: an LPA downloads and installs the profile (ES9+ is not simulated), and the SM-DP+ tells the
 * operator through HandleDownloadProgressInfo at points 3 (BPP download) and 4 (installation), over mutual TLS
 * with the SM-DP+'s client certificate (an `http:` notification URL sends none: the adapter's development mode).
 */
@Injectable()
export class DeviceSimulator implements OnModuleDestroy {
  private readonly dispatcher: Agent;

  constructor(
    @Inject(APP_CONFIG) private readonly config: SmdpSimulatorConfig,
    @Inject(SIMULATOR_STATE) private readonly state: SimulatorState,
  ) {
    const tls = config.smdpSimulator.notificationTls;
    this.dispatcher = new Agent({
      connect: config.smdpSimulator.notificationUrl.startsWith('https:')
        ? {
            cert: readFileSync(tls.certPath),
            key: readFileSync(tls.keyPath),
            ca: readFileSync(tls.caPath),
            rejectUnauthorized: true,
          }
        : {},
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.close();
  }

  async download(
    request: DeviceDownload,
  ): Promise<{ profile: Profile; notifications: SentNotification[] }> {
    const profile = this.find(request);
    if (profile.state === 'Confirmed')
      throw lpaError('ProfileNotReleasedByOperator', 'the profile is confirmed but not released');
    if (profile.state !== 'Released' && profile.state !== 'Error')
      throw lpaError('ProfileNotAvailableForNewBinding', `the profile is ${profile.state}`);
    if (request.eid !== undefined && profile.eid !== null && request.eid !== profile.eid)
      throw lpaError('EidMismatch', 'the profile is linked to another EID');
    const eid = request.eid ?? profile.eid;
    const notifications: SentNotification[] = [];
    const notify = async (point: number, failed: boolean) =>
      notifications.push(await this.notify(profile, eid, point, failed));

    if (request.outcome === 'downloadFailed') {
      this.state.pool.deviceStep(profile, 'Error', 'device: download failed');
      await notify(3, true);
      return { profile, notifications };
    }
    this.state.pool.deviceStep(profile, 'Downloaded', 'device: downloaded');
    await notify(3, false);
    if (request.outcome === 'downloaded') return { profile, notifications };
    if (request.outcome === 'installFailed') {
      this.state.pool.deviceStep(profile, 'Error', 'device: install failed');
      await notify(4, true);
      return { profile, notifications };
    }
    this.state.pool.deviceStep(profile, 'Installed', 'device: installed');
    await notify(4, false);
    return { profile, notifications };
  }

  private find(request: DeviceDownload): Profile {
    const profile =
      request.matchingId !== undefined
        ? this.state.pool.byMatchingId(request.matchingId)
        : request.iccid !== undefined
          ? this.state.pool.get(request.iccid)
          : undefined;
    if (!profile) throw lpaError('InvalidMatchingId', 'no profile has this matchingId or ICCID');
    return profile;
  }

  private async notify(
    profile: Profile,
    eid: string | null,
    notificationPointId: number,
    failed: boolean,
  ): Promise<SentNotification> {
    const status = failed ? 'Failed' : 'Executed-Success';
    const body = {
      header: {
        functionRequesterIdentifier: SIMULATOR_FUNCTION_REQUESTER_ID,
        functionCallIdentifier: randomUUID(),
      },
      ...(eid === null ? {} : { eid }),
      iccid: toWireIccid(profile.iccid as Iccid),
      profileType: profile.profileType,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      notificationPointId,
      notificationPointStatus: failed
        ? {
            status,
            statusCodeData: { subjectCode: '8.1', reasonCode: '4.2', message: 'simulated failure' },
          }
        : { status },
    };
    try {
      const response = await fetch(this.config.smdpSimulator.notificationUrl, {
        method: 'POST',
        headers: { 'content-type': ES2PLUS_CONTENT_TYPE, 'x-admin-protocol': ADMIN_PROTOCOL },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
        dispatcher: this.dispatcher,
      });
      await response.arrayBuffer();
      return { notificationPointId, status, httpStatus: response.status, error: null };
    } catch (error) {
      return {
        notificationPointId,
        status,
        httpStatus: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
