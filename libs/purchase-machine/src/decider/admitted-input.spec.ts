import { admitInput, decide, decideAdmitted } from './purchase-decider';
import { currentSettings, inputs } from '../testing/inputs.fixture';

describe('decideAdmitted: the host validates an input once and the machine decides from it typed', () => {
  it('decides a parsed input as decide decides the raw one', () => {
    const input = inputs('tx-admitted').completed('inline');
    const admitted = admitInput(JSON.parse(JSON.stringify(input)));

    expect(admitted.ok).toBe(true);
    expect(decideAdmitted([], admitted, currentSettings)).toEqual(
      decide([], input, currentSettings),
    );
  });

  it('rejects what admission refused, naming the field, without validating again', () => {
    const raw = { ...inputs('tx-bad').completed('inline'), at: 'yesterday' };
    const admitted = admitInput(raw);

    expect(admitted).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_INPUT', parameter: 'at' },
    });
    expect(decideAdmitted([], admitted, currentSettings)).toEqual(decide([], raw, currentSettings));
  });
});
