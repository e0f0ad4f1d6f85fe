import 'reflect-metadata';
import { runStandalone } from '@mp/platform';
import { portalGatewayApp } from './portal-gateway.app';

runStandalone(portalGatewayApp);
