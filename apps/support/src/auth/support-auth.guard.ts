import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '@mp/platform';
import { SupportCredentials } from './support-credentials';

const users = new WeakMap<object, string>();

/** Every support endpoint needs a configured bearer token; the user it names is who acted (redrives). */
@Injectable()
export class SupportAuthGuard implements CanActivate {
  constructor(@Inject(SupportCredentials) private readonly credentials: SupportCredentials) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const user = this.credentials.userOf(request.headers.authorization);
    if (user === null) {
      void http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="support"');
      throw new ApiError(
        401,
        'UNAUTHORIZED',
        'Support endpoints need a support credential: Authorization: Bearer <token>.',
      );
    }
    users.set(request.raw, user);
    return true;
  }
}

/** The authenticated support user of the request (set by SupportAuthGuard). */
export const SupportUser = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const user = users.get(request.raw);
  if (user === undefined) throw new ApiError(401, 'UNAUTHORIZED', 'No support user.');
  return user;
});
