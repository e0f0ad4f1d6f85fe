/*!
 * mobile-plans-reports.js: relays what the Mobile Plans app reports on a portal page to the operator's back end.
 *
 * Served by the portal gateway: GET /assets/mobile-plans-reports-<version>.js (cached for good) and
 * GET /assets/mobile-plans-reports.js (the current version, not cached). docs/adr/0013 explains the design.
 *
 * On the page that runs the purchase's directive:
 *
 *   <script src="https://<gateway>/assets/mobile-plans-reports-1.0.0.js"></script>
 *   MobilePlansReports.configure({
 *     endpoint: '/mobile-plans/app-reports',   // your portal backend (see below)
 *     transactionId: '<the launch transactionId>',
 *   });
 *   MobilePlansReports.run(directive);           // `directive` of GET /v1/purchases/{transactionId}
 *
 * The inline directives name two listeners (`directive.listeners`): onMobilePlansRegistrationChanged and
 * onMobilePlansActivationComplete, which this script defines. The app calls them with its reports; each report is
 * POSTed to `endpoint` as one portal event (RegistrationStateChanged / ActivationResultReported, contracts.md
 * section 1) in JSON, with the page's cookies. `run` also reports the MobilePlansOperationContext the current
 * generation's calls return (OperationContextReported), which a later cancellation needs. A portal that runs
 * `directive.script` its own way passes the value the script returns to MobilePlansReports.operationStarted.
 *
 * The endpoint is the portal's own backend, never the gateway: a user's browser holds no portal credential. It must
 * check that the signed-in user's session owns `transactionId`, then forward the body unchanged to the gateway's
 * POST /v1/portal-events with the portal's credential, and answer with the gateway's status. A report that fails
 * with a network error, a 429 or a 5xx is sent again (same eventId, same body: the gateway counts it once).
 *
 * Plain ES5 with fetch and Promise, for the app's WebView. No dependencies. Version: see VERSION.
 */
(function (root) {
  'use strict';

  var VERSION = '1.0.0';
  var LISTENERS = {
    registration: 'onMobilePlansRegistrationChanged',
    activation: 'onMobilePlansActivationComplete',
  };
  var defaults = { retries: 4, retryDelayMs: 500, headers: {}, onError: null };
  var config = null;
  var inFlight = [];

  function configure(options) {
    if (!options || typeof options.endpoint !== 'string' || options.endpoint === '') {
      throw new Error('MobilePlansReports.configure: endpoint must be a non-empty string');
    }
    var id = options.transactionId;
    if (typeof id !== 'string' || id.length < 1 || id.length > 64) {
      throw new Error('MobilePlansReports.configure: transactionId must be 1 to 64 characters');
    }
    config = {
      endpoint: options.endpoint,
      transactionId: id,
      retries: typeof options.retries === 'number' ? options.retries : defaults.retries,
      retryDelayMs:
        typeof options.retryDelayMs === 'number' ? options.retryDelayMs : defaults.retryDelayMs,
      headers: options.headers || defaults.headers,
      onError: typeof options.onError === 'function' ? options.onError : defaults.onError,
    };
  }

  function eventId() {
    var crypto = root.crypto;
    if (crypto && typeof crypto.randomUUID === 'function') return 'app-' + crypto.randomUUID();
    return 'app-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 14);
  }

  function failed(reason, event) {
    if (config && config.onError) config.onError(reason, event);
    else if (root.console) root.console.warn('MobilePlansReports: ' + reason);
  }

  function send(body, attempt) {
    var headers = { 'content-type': 'application/json' };
    for (var name in config.headers) {
      if (Object.prototype.hasOwnProperty.call(config.headers, name))
        headers[name] = config.headers[name];
    }
    return root
      .fetch(config.endpoint, {
        method: 'POST',
        headers: headers,
        body: body,
        credentials: 'same-origin',
      })
      .then(
        function (response) {
          if (response.ok) return response.status;
          var retry = response.status === 429 || response.status >= 500;
          return retry ? again(body, attempt, 'HTTP ' + response.status) : rejected(response);
        },
        function (error) {
          return again(body, attempt, String(error));
        }
      );
  }

  function again(body, attempt, reason) {
    if (attempt >= config.retries) return Promise.reject(new Error(reason));
    var delay = config.retryDelayMs * Math.pow(2, attempt);
    return new Promise(function (resolve) {
      root.setTimeout(resolve, delay);
    }).then(function () {
      return send(body, attempt + 1);
    });
  }

  function rejected(response) {
    return Promise.reject(new Error('HTTP ' + response.status));
  }

  /** Sends one portal event; the promise settles when it is delivered or given up (never rejects). */
  function report(type, fields) {
    if (config === null) {
      failed(type + ' before MobilePlansReports.configure', null);
      return Promise.resolve(null);
    }
    var event = {
      eventId: eventId(),
      type: type,
      transactionId: config.transactionId,
      occurredAt: new Date().toISOString(),
    };
    for (var key in fields) {
      if (Object.prototype.hasOwnProperty.call(fields, key)) event[key] = fields[key];
    }
    var delivery = send(JSON.stringify(event), 0).then(
      function () {
        return event;
      },
      function (error) {
        failed(type + ' not delivered: ' + error.message, event);
        return null;
      }
    );
    inFlight.push(delivery);
    delivery.then(function () {
      inFlight.splice(inFlight.indexOf(delivery), 1);
    });
    return delivery;
  }

  // The app passes a string holding JSON (seed documents: "registrationArgs / activationArgs").
  function parsed(args) {
    if (typeof args !== 'string') return args && typeof args === 'object' ? args : null;
    try {
      var value = JSON.parse(args);
      return value && typeof value === 'object' ? value : null;
    } catch (error) {
      return null;
    }
  }

  function text(value) {
    return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : null;
  }

  root[LISTENERS.registration] = function (registrationArgs) {
    var args = parsed(registrationArgs);
    var state = args && text(args.networkRegistrationState);
    var iccid = args && text(args.iccid);
    if (!state || !iccid) return failed('unreadable registrationArgs', null);
    return report('RegistrationStateChanged', { iccid: iccid, networkRegistrationState: state });
  };

  root[LISTENERS.activation] = function (activationArgs) {
    var args = parsed(activationArgs);
    var result = args && text(args.activationResult);
    var iccid = args && text(args.iccid);
    if (!result || !iccid) return failed('unreadable activationArgs', null);
    return report('ActivationResultReported', { iccid: iccid, activationResult: result });
  };

  /** Reports the MobilePlansOperationContext a current-generation call returned; anything else is ignored. */
  function operationStarted(operation) {
    var id = operation && text(operation.Id);
    if (!id) return Promise.resolve(null);
    return report('OperationContextReported', { operationContext: { Id: id } });
  }

  /** Runs the directive's script (one line of JavaScript) and reports the operation it returned, if any. */
  function run(directive) {
    if (!directive || typeof directive.script !== 'string') {
      throw new Error('MobilePlansReports.run: a directive with a script is needed');
    }
    var value = new Function('return ' + directive.script)();
    operationStarted(value);
    return value;
  }

  /** Settles once every report sent so far is delivered or given up. */
  function settled() {
    return Promise.all(inFlight.slice()).then(function () {
      return inFlight.length === 0 ? undefined : settled();
    });
  }

  root.MobilePlansReports = {
    version: VERSION,
    listeners: LISTENERS,
    configure: configure,
    run: run,
    operationStarted: operationStarted,
    settled: settled,
  };
})(window);
