export * from './iccid.validator';
export * from './es2plus-iccid.codec';
export * from './eid.validator';
export * from './sim-id.parser';
export * from './iccid-range.types';
export * from './iccid-range.config';
export * from './sim-gate';
export { luhnCheckDigit, passesLuhn } from './luhn.checksum';
