import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@mp/platform';
import { balanceApiOpenApi } from './balance-api.openapi';

@Controller('openapi.json')
export class OpenApiController {
  @Get()
  @Public('the OpenAPI document of GetBalance')
  @Header('Content-Type', 'application/json; charset=utf-8')
  document(): typeof balanceApiOpenApi {
    return balanceApiOpenApi;
  }
}
