import { eidSchema, iccidSchema } from './identifiers.schema';

// The contracts apply @mp/sim's full rules, not only the shape.
describe('identifier schemas', () => {
  it('accept a valid ICCID, dropping the F filler', () => {
    expect(iccidSchema.parse('8988247000100003319F')).toBe('8988247000100003319');
  });

  it('reject an ICCID of the right shape whose Luhn check fails, naming the rule', () => {
    const result = iccidSchema.safeParse('89000000000000000000');

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^must be an ICCID: .*Luhn/i);
  });

  it('accept a valid EID and reject one whose MOD 97-10 check fails', () => {
    expect(eidSchema.parse('89033023422130000000000199055797')).toBe(
      '89033023422130000000000199055797',
    );
    expect(eidSchema.safeParse('89033023422130000000000199055798').success).toBe(false);
  });
});
