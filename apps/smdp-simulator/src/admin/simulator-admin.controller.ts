import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiError, Requires } from '@mp/platform';
import { DeviceSimulator } from '../device/device-simulator.service';
import { Es2plusHttpsServer } from '../es2/es2plus-https.server';
import { faultRuleSchema, faultRulesSchema } from '../es2/fault-switches';
import { SIMULATOR_ADMIN } from '../security/simulator-access';
import { SIMULATOR_STATE } from '../simulator.tokens';
import { type SimulatorState } from '../simulator.state';
import { deviceDownloadSchema, parseBody, poolResetSchema } from './admin-requests.schema';

/**
 * The simulator's admin API for tests and people (plain HTTP on the app's port, bearer tokens): the call log, the
 * profiles and their states, the fault switches, and the device side.
 */
@Controller('simulator')
export class SimulatorAdminController {
  constructor(
    @Inject(SIMULATOR_STATE) private readonly state: SimulatorState,
    @Inject(Es2plusHttpsServer) private readonly server: Es2plusHttpsServer,
    @Inject(DeviceSimulator) private readonly device: DeviceSimulator,
  ) {}

  @Get()
  @Requires(SIMULATOR_ADMIN)
  describe() {
    return {
      es2Url: this.server.url,
      profileTypes: this.state.shape.profileTypes,
      sizePerType: this.state.shape.sizePerType,
      available: this.state.pool.list().filter((profile) => profile.state === 'Available').length,
    };
  }

  @Get('calls')
  @Requires(SIMULATOR_ADMIN)
  calls(@Query('function') fn?: string, @Query('functionCallIdentifier') fcid?: string) {
    return {
      calls: this.state.calls.list({
        ...(fn === undefined ? {} : { function: fn }),
        ...(fcid === undefined ? {} : { functionCallIdentifier: fcid }),
      }),
    };
  }

  @Delete('calls')
  @Requires(SIMULATOR_ADMIN)
  @HttpCode(204)
  clearCalls(): void {
    this.state.calls.clear();
  }

  @Get('profiles')
  @Requires(SIMULATOR_ADMIN)
  profiles(@Query('state') state?: string, @Query('profileType') profileType?: string) {
    return {
      profiles: this.state.pool
        .list()
        .filter(
          (profile) =>
            (state === undefined || profile.state === state) &&
            (profileType === undefined || profile.profileType === profileType),
        ),
    };
  }

  @Get('profiles/:iccid')
  @Requires(SIMULATOR_ADMIN)
  profile(@Param('iccid') iccid: string) {
    const profile = this.state.pool.get(iccid.replace(/[Ff]$/, ''));
    if (!profile) throw new ApiError(404, 'PROFILE_NOT_FOUND', 'no profile has this ICCID');
    return profile;
  }

  /** A fresh pool (optionally another shape, `iccidDigits` 18 to 20) and no stored answers. */
  @Post('pool')
  @Requires(SIMULATOR_ADMIN)
  resetPool(@Body() body: unknown) {
    const shape = parseBody(poolResetSchema, body);
    this.state.resetPool({
      profileTypes: shape.profileTypes ?? this.state.shape.profileTypes,
      sizePerType: shape.sizePerType ?? this.state.shape.sizePerType,
      sizes: shape.sizes ?? {},
      ...(shape.iccidDigits === undefined ? {} : { iccidDigits: shape.iccidDigits }),
    });
    return this.describe();
  }

  @Get('faults')
  @Requires(SIMULATOR_ADMIN)
  faults() {
    return { rules: this.state.faults.list() };
  }

  @Put('faults')
  @Requires(SIMULATOR_ADMIN)
  replaceFaults(@Body() body: unknown) {
    this.state.faults.replace(parseBody(faultRulesSchema, body).rules);
    return this.faults();
  }

  @Post('faults')
  @Requires(SIMULATOR_ADMIN)
  addFault(@Body() body: unknown) {
    this.state.faults.add(parseBody(faultRuleSchema, body));
    return this.faults();
  }

  @Delete('faults')
  @Requires(SIMULATOR_ADMIN)
  @HttpCode(204)
  clearFaults(): void {
    this.state.faults.clear();
  }

  /** The device downloads (and installs, or fails) the profile; the operator is notified. */
  @Post('device/downloads')
  @Requires(SIMULATOR_ADMIN)
  async download(@Body() body: unknown) {
    const { profile, notifications } = await this.device.download(
      parseBody(deviceDownloadSchema, body),
    );
    return { iccid: profile.iccid, state: profile.state, notifications };
  }
}
