import { readTokenSource } from '@mp/config';
import {
  BearerTokens,
  ClientCertificateCheck,
  edgeAuthenticator,
  type AccessPolicy,
} from '@mp/platform';
import { type SmdpSimulatorConfig } from '../simulator.state';

/** The admin API's callers (tests, people): bearer tokens. */
export const SIMULATOR_ADMIN = 'simulator-admin';
/** ES2+ callers: any client certificate chained to the operator CA, named by its CN in the call log. */
export const ES2_CLIENT = 'es2-client';

export function simulatorAccess(config: SmdpSimulatorConfig): AccessPolicy {
  return {
    [SIMULATOR_ADMIN]: edgeAuthenticator({
      tokens: new BearerTokens(readTokenSource(config.smdpSimulator.adminTokens)),
      realm: 'simulator admin',
    }),
  };
}

export function es2Access(): AccessPolicy {
  return {
    [ES2_CLIENT]: edgeAuthenticator({
      certificates: new ClientCertificateCheck('any'),
      realm: 'ES2+',
    }),
  };
}
