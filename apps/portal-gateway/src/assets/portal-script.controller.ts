import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError, Public } from '@mp/platform';
import { loadPortalScript } from './portal-script.asset';

const name = 'mobile-plans-reports';

/**
 * The portal-side script as a static asset (docs/adr/0013). Public by design: it holds no secret, and portal
 * pages load it in users' browsers, which carry no portal credential. A versioned name never changes, so it is
 * cached for good; the plain name is the current version and is revalidated.
 */
@Controller('assets')
export class PortalScriptController {
  private readonly script = loadPortalScript();

  @Get(':file')
  @Public(
    'the portal-side script: a static file without data, loaded by browsers that hold no credential',
  )
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const { version, body } = this.script;
    const versioned = file === `${name}-${version}.js`;
    if (!versioned && file !== `${name}.js`) {
      throw new ApiError(404, 'NOT_FOUND', `no asset ${file.slice(0, 64)}`, 'file');
    }
    void reply
      .headers({
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'cross-origin',
        'access-control-allow-origin': '*',
        'x-script-version': version,
      })
      .send(body);
  }
}
