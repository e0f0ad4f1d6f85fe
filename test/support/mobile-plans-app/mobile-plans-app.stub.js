// A stand-in for the objects the Mobile Plans app puts into the portal's page, built only from what the documents
// show: the seed documents (../shared/seeds/001 and 002, "Mobile Plans asynchronous fulfillment": MobilePlans,
// MobilePlansInlineProfileDownload, the enum objects and the listener hooks) and, for the current generation that the
// seeds predate, mobile-plans.md section 3.1 (MobilePlansInlineOperations, MobilePlansOperationContext).
// It records every call and fails on any member the documents do not name. A plain script: Node's `vm` runs it
// (test/directives/directive-scripts.spec.ts) and so does a browser page (test/integration/portal-app-reports).
(function (root) {
  'use strict';

  // Enum objects: the members the samples and tables name, with the wire values of the tables' examples.
  const stepOutcome = { new: 'New', existing: 'Existing', bailed: 'Bailed', none: 'None' };
  const enums = {
    MobilePlansUserAccount: stepOutcome,
    MobilePlansPurchaseInstrument: stepOutcome,
    MobilePlansLineType: stepOutcome,
    // The moDirectStatus table, plus `cancelled` from the cancellation sample.
    MobilePlansMoDirectStatus: {
      complete: 'Complete',
      serviceError: 'ServiceError',
      invalidSIM: 'InvalidSIM',
      logOnFailed: 'LogOnFailed',
      purchaseFailed: 'PurchaseFailed',
      clientError: 'ClientError',
      billingError: 'BillingError',
      cancelled: 'Cancelled',
    },
    MobilePlansNetworkRegistrationState: {
      none: 'none',
      deregistered: 'deregistered',
      searching: 'searching',
      home: 'home',
      roaming: 'roaming',
      partner: 'partner',
      denied: 'denied',
    },
    MobilePlansActivationError: Object.fromEntries(
      [
        'success',
        'notAuthorized',
        'notFound',
        'policyViolation',
        'insufficientSpaceOnCard',
        'serverFailure',
        'serverNotReachable',
        'timeoutWaitingForUserConsent',
        'incorrectConfirmationCode',
        'confirmationCodeMaxRetriesExceeded',
        'cardRemoved',
        'cardBusy',
        'other',
        'cardGeneralFailure',
        'confirmationCodeMissing',
        'invalidMatchingId',
        'noEligibleProfileForThisDevice',
        'operationAborted',
        'eidMismatch',
        'profileNotAvailableForNewBinding',
        'profileNotReleasedByOperator',
        'operationProhibitedByProfileClass',
        'profileNotPresent',
        'noCorrespondingRequest',
        'unknownError',
        'lpaInitializationError',
        'modemNotFound',
        'localSettingsAccessFailed',
        'invalidCallback',
        'invalidActivationCode',
        'invalidIccid',
      ].map((name) => [name, name]),
    ),
  };

  // The metadata fields of the property table; the inline sample spells two of them `lineType` and `modirectStatus`.
  const metadataFields = [
    'userAccount',
    'purchaseInstrument',
    'line',
    'lineType',
    'moDirectStatus',
    'modirectStatus',
    'planName',
  ];

  // Parameter kinds of each documented function, one list per documented overload.
  const apis = {
    MobilePlans: {
      notifyPurchaseWithProfileDownload: [['metadata', 'string', 'uint']],
      notifyPurchaseDelayedProfile: [['metadata', 'uint']],
      notifyBalanceAddition: [['metadata', 'string']],
      notifyCancelledPurchase: [['metadata']],
    },
    MobilePlansInlineProfileDownload: {
      notifyInlineProfileDownload: [['metadata', 'string']],
    },
    MobilePlansInlineOperations: {
      notifyProfileDownload: [
        ['metadata', 'string'],
        ['metadata', 'string', 'uint'],
      ],
      notifyBalanceAddition: [['metadata'], ['metadata', 'string']],
      notifyOperationCancel: [['operationContext']],
    },
  };
  // The current generation's calls return a MobilePlansOperationContext.
  const returnsContext = new Set([
    'MobilePlansInlineOperations.notifyProfileDownload',
    'MobilePlansInlineOperations.notifyBalanceAddition',
  ]);
  const listenerHooks = ['registrationChangedScript', 'profileActivationCompleteScript'];
  const withListeners = new Set([
    'MobilePlansInlineProfileDownload',
    'MobilePlansInlineOperations',
  ]);

  function install(target) {
    const calls = [];
    const problems = [];
    const madeMetadata = new WeakMap();
    const madeContexts = new WeakSet();
    let operations = 0;

    const fail = (message) => {
      problems.push(message);
      throw new Error(message);
    };

    /** An object that answers only the members it has, and lets only `writable` ones be assigned. */
    const guarded = (name, members, writable) =>
      new Proxy(members, {
        get(object, key) {
          if (typeof key === 'symbol') return undefined;
          if (!Object.prototype.hasOwnProperty.call(object, key) && !writable.includes(key))
            fail(`${name}.${key} is not documented`);
          return object[key];
        },
        set(object, key, value) {
          if (typeof key === 'symbol' || !writable.includes(key))
            fail(`${name}.${String(key)} cannot be set`);
          if (typeof value !== 'string') fail(`${name}.${key} must be a string`);
          object[key] = value;
          return true;
        },
        has: (object, key) => Object.prototype.hasOwnProperty.call(object, key),
        deleteProperty: (_object, key) => fail(`${name}.${String(key)} cannot be deleted`),
        defineProperty: (_object, key) => fail(`${name}.${String(key)} cannot be defined`),
      });

    const createPurchaseMetaData = () => {
      const fields = {};
      const metadata = guarded('purchaseMetaData', fields, metadataFields);
      madeMetadata.set(metadata, fields);
      return metadata;
    };

    const argument = (qualified, kind, value, index) => {
      const where = `${qualified} argument ${index + 1}`;
      switch (kind) {
        case 'metadata': {
          const fields = madeMetadata.get(value);
          if (fields === undefined)
            fail(`${where}: not made by MobilePlans.createPurchaseMetaData()`);
          return { ...fields };
        }
        case 'string':
          if (typeof value !== 'string') fail(`${where}: must be a string`);
          return value;
        case 'uint':
          if (!Number.isInteger(value) || value < 0) fail(`${where}: must be an unsigned integer`);
          return value;
        case 'operationContext':
          if (typeof value !== 'object' || value === null || typeof value.Id !== 'string')
            fail(`${where}: must be a MobilePlansOperationContext`);
          return { Id: value.Id };
        default:
          return fail(`unknown parameter kind ${kind}`);
      }
    };

    const objects = {};
    for (const [objectName, functions] of Object.entries(apis)) {
      const members = objectName === 'MobilePlans' ? { createPurchaseMetaData } : {};
      const hooks = withListeners.has(objectName) ? listenerHooks : [];
      for (const hook of hooks) members[hook] = undefined;
      for (const [fn, overloads] of Object.entries(functions)) {
        const qualified = `${objectName}.${fn}`;
        members[fn] = (...args) => {
          const overload = overloads.find((kinds) => kinds.length === args.length);
          if (overload === undefined) fail(`${qualified}: called with ${args.length} arguments`);
          const call = {
            api: qualified,
            args: overload.map((kind, index) => argument(qualified, kind, args[index], index)),
          };
          const set = hooks.filter((hook) => members[hook] !== undefined);
          if (set.length > 0)
            call.listeners = Object.fromEntries(set.map((hook) => [hook, members[hook]]));
          calls.push(call);
          if (!returnsContext.has(qualified)) return undefined;
          operations += 1;
          const context = Object.freeze({ Id: `stub-operation-${operations}` });
          madeContexts.add(context);
          return context;
        };
      }
      objects[objectName] = guarded(objectName, members, hooks);
    }
    for (const [enumName, members] of Object.entries(enums)) {
      objects[enumName] = guarded(enumName, Object.freeze({ ...members }), []);
    }
    Object.assign(target, objects);

    /** The app's side of the listeners: calls the global function the last call named, with the JSON string. */
    const fire = (hook, args) => {
      const named = [...calls].reverse().find((call) => call.listeners?.[hook] !== undefined);
      if (named === undefined) return fail(`no call set ${hook}`);
      const listener = target[named.listeners[hook]];
      if (typeof listener !== 'function') return fail(`${named.listeners[hook]} is not a function`);
      return listener(JSON.stringify(args));
    };

    target.MobilePlansAppStub = {
      calls,
      problems,
      fireRegistration: (networkRegistrationState, iccid) =>
        fire('registrationChangedScript', { networkRegistrationState, iccid }),
      fireActivation: (activationResult, iccid) =>
        fire('profileActivationCompleteScript', { activationResult, iccid }),
    };
    return target.MobilePlansAppStub;
  }

  root.installMobilePlansStub = install;
})(globalThis);
