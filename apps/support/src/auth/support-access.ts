import { readTokenSource, type SupportConfig, type SupportRole } from '@mp/config';
import { BearerTokens, edgeAuthenticator, type AccessPolicy } from '@mp/platform';

/** Reading the index, history and replay: any support user. */
export const SUPPORT_READ = 'support:read';
/** Redrive and index rebuild: users with the operator role (SUPPORT_OPERATORS). */
export const SUPPORT_OPERATOR = 'support:operator';

export function supportAccess(config: SupportConfig): AccessPolicy {
  const operators = new Set(config.support.operators);
  const credentials = {
    tokens: new BearerTokens(readTokenSource(config.support.credentials)),
    rolesOf: (user: string): SupportRole[] =>
      operators.has(user) ? ['read', 'operator'] : ['read'],
    realm: 'support',
  };
  return {
    [SUPPORT_READ]: edgeAuthenticator(credentials, 'read'),
    [SUPPORT_OPERATOR]: edgeAuthenticator(credentials, 'operator'),
  };
}
