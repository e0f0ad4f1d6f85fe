export * from './decider/decision.types';
export { fold, initialSnapshot, stateOf, step } from './decider/fold';
export * from './decider/decider-state';
export {
  admitInput,
  decide,
  decideAdmitted,
  decideFrom,
  type AdmittedInput,
} from './decider/purchase-decider';
export * from './directive/directive.builder';
export * from './ids/deterministic-ids';
export { type ProfileRecord, type PurchaseContext } from './machine/purchase.context';
export {
  purchaseMachine,
  type PurchaseMachine,
  type PurchaseStateValue,
} from './machine/purchase.machine';
export * from './view/balance-credit.policy';
export * from './view/purchase-view.mapper';
