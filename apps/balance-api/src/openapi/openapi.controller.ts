import { Controller, Get, Header } from '@nestjs/common';
import { balanceApiOpenApi } from './balance-api.openapi';

@Controller('openapi.json')
export class OpenApiController {
  @Get()
  @Header('Content-Type', 'application/json; charset=utf-8')
  document(): typeof balanceApiOpenApi {
    return balanceApiOpenApi;
  }
}
