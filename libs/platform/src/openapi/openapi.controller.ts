import { Controller, Get, Header, type Type } from '@nestjs/common';
import { Public } from '../security/route-access';

/**
 * The controller that serves an app's OpenAPI document at /openapi.json, without credentials (like health and
 * metrics). The same document is committed under docs/openapi/ (`npm run docs:openapi`); each app's test keeps
 * the two equal.
 */
export function openApiController(document: object, title: string): Type {
  @Controller('openapi.json')
  class OpenApiController {
    @Get()
    @Public(`the OpenAPI document of ${title}`)
    @Header('Content-Type', 'application/json; charset=utf-8')
    document(): object {
      return document;
    }
  }
  return OpenApiController;
}
