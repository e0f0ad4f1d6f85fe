import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError, Public } from '@mp/platform';
import { type ConsoleAsset, loadConsoleAssets } from './console-assets';

const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The support console: a static page (preact + htm) over the support API. The page holds no secret; the
 * support user pastes their token, and every API call carries it.
 */
@Controller('console')
export class ConsoleController {
  private readonly assets = loadConsoleAssets();

  @Get()
  @Public('the console page: static files, no data; every API call it makes needs a support token')
  page(@Res() reply: FastifyReply): void {
    this.send(reply, this.assets.get('index.html'));
  }

  @Get('assets/:name')
  @Public('the console scripts and styles: static files from a fixed list')
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    this.send(reply, this.assets.get(name));
  }

  private send(reply: FastifyReply, asset: ConsoleAsset | undefined): void {
    if (asset === undefined) throw new ApiError(404, 'NOT_FOUND', 'No such console file.');
    void reply
      .headers({
        ...securityHeaders,
        'content-type': asset.contentType,
        'cache-control': 'no-cache',
      })
      .send(asset.body);
  }
}
