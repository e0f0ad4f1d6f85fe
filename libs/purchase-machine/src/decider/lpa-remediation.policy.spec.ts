import { fold } from './fold';
import { given } from '../testing/given-when-then.helper';
import { inputs } from '../testing/inputs.fixture';
import { remediate } from './lpa-remediation.policy';

// G14: LPA codes are the portal's strings as sent. Names that mean something to a plain object must be just
// unknown codes, remediated like any other.
const hostile = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];

describe('LPA remediation of codes named like Object.prototype members', () => {
  const t = inputs();
  const snapshot = fold(given(t.completed('inline'), t.reserved(), t.confirmed()).history);
  const unknown = remediate('SomethingNobodyDefined', snapshot.context, null);

  it.each(hostile)('%s is remediated as an unknown code', (code) => {
    expect(remediate(code, snapshot.context, null)).toEqual(unknown);
  });

  it('and a known code still finds its category whatever its case', () => {
    expect(remediate('ProfileNotReleasedByOperator', snapshot.context, null).remediation).toEqual({
      kind: 'releaseProfile',
    });
  });
});
