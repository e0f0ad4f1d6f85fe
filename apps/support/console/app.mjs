/* global document */
// The support console: find a purchase, read its timeline, step through its replay on the machine's diagram.
import { Component, h, render } from './preact.mjs';
import htm from './htm.mjs';
import { api, searchPath, storedToken, storeToken } from './api.mjs';
import { MachineDiagram } from './diagram.mjs';
import { checkText, parkedText, short, stepLabel, stepMeta } from './format.mjs';
import { loginForm, OperatorActions, signedInText } from './operator-actions.mjs';

const html = htm.bind(h);
const emptySearch = { q: '', state: '', flow: '', parked: false, waitingOnTimer: false };
const flows = ['inline', 'asyncConnectivity', 'delayedProfile', 'balanceAddition'];

class SupportConsole extends Component {
  state = {
    token: storedToken(),
    tokenDraft: '',
    machine: null,
    form: { ...emptySearch },
    results: null,
    selected: null,
    step: 0,
    error: null,
    busy: false,
    reason: '',
    notice: null,
    me: null,
    actionsVersion: 0,
  };

  componentDidMount() {
    if (this.state.token !== '') void this.loadMachine();
  }

  async call(work) {
    this.setState({ busy: true, error: null });
    try {
      return await work();
    } catch (error) {
      this.setState({ error: error.message });
      // A missing or refused token signs out; a missing role (403 ROLE_REQUIRED) does not.
      if (error.status === 401 || error.code === 'CREDENTIAL_REFUSED') this.setState({ token: '' });
      return undefined;
    } finally {
      this.setState({ busy: false });
    }
  }

  async loadMachine() {
    const me = await this.call(() => api('/v1/support/me', this.state.token));
    if (!me) return;
    const machine = await this.call(() => api('/v1/support/machine', this.state.token));
    if (machine) this.setState({ machine, me });
  }

  useToken = (event) => {
    event.preventDefault();
    const token = this.state.tokenDraft.trim();
    storeToken(token);
    this.setState({ token, tokenDraft: '' }, () => void this.loadMachine());
  };

  search = async (event) => {
    event.preventDefault();
    const found = await this.call(() => api(searchPath(this.state.form), this.state.token));
    if (!found) return;
    this.setState({ results: found.purchases });
    if (found.purchases.length === 1) await this.open(found.purchases[0].transactionId);
  };

  open = async (transactionId) => {
    const id = encodeURIComponent(transactionId);
    const loaded = await this.call(async () => {
      const [summary, history, replay] = await Promise.all([
        api(`/v1/support/transactions/${id}`, this.state.token),
        api(`/v1/support/transactions/${id}/events`, this.state.token).catch((error) =>
          error.status === 404 ? { events: [] } : Promise.reject(error),
        ),
        api(`/v1/support/transactions/${id}/replay`, this.state.token).catch((error) =>
          error.status === 404
            ? { steps: [], path: [], divergentSteps: [] }
            : Promise.reject(error),
        ),
      ]);
      return { summary, events: history.events, replay };
    });
    if (loaded)
      this.setState({
        selected: loaded,
        step: Math.max(0, loaded.replay.steps.length - 1),
        notice: null,
      });
  };

  go = (step) => {
    const last = (this.state.selected?.replay.steps.length ?? 1) - 1;
    this.setState({ step: Math.min(Math.max(step, 0), last) });
  };

  redrive = async (event) => {
    event.preventDefault();
    const { summary } = this.state.selected;
    const receipt = await this.call(() =>
      api(
        `/v1/support/transactions/${encodeURIComponent(summary.transactionId)}/redrive`,
        this.state.token,
        {
          method: 'POST',
          body: JSON.stringify({ reason: this.state.reason }),
        },
      ),
    );
    if (receipt)
      this.setState({
        reason: '',
        notice: `Redrive ${receipt.redriveId} sent by ${receipt.requestedBy}.`,
        actionsVersion: this.state.actionsVersion + 1,
      });
  };

  setForm(patch) {
    this.setState({ form: { ...this.state.form, ...patch } });
  }

  render() {
    const { token, error, busy, me, actionsVersion } = this.state;
    return html`
      <header>
        <h1>Mobile Plans support</h1>
        ${me && token !== '' ? html`<span class="me" data-testid="me">${signedInText(me)}</span>` : null}
        ${busy ? html`<span class="busy">working…</span>` : null}
      </header>
      ${error ? html`<p class="error" role="alert" data-testid="error">${error}</p>` : null}
      ${
        token === ''
          ? this.renderLogin()
          : html`${this.renderSearch()} ${this.renderResults()} ${this.renderPurchase()}
              <${OperatorActions} token=${token} version=${actionsVersion} />`
      }
    `;
  }

  renderLogin() {
    return loginForm({
      draft: this.state.tokenDraft,
      onInput: (tokenDraft) => this.setState({ tokenDraft }),
      onSubmit: this.useToken,
    });
  }

  renderSearch() {
    const { form, machine } = this.state;
    return html`<form class="search" onSubmit=${this.search} role="search">
      <input
        type="search"
        data-testid="search"
        placeholder="transactionId (or its start), or ICCID"
        value=${form.q}
        onInput=${(event) => this.setForm({ q: event.target.value })}
      />
      <select
        data-testid="state"
        value=${form.state}
        onChange=${(event) => this.setForm({ state: event.target.value })}
      >
        <option value="">any state</option>
        ${(machine?.states ?? []).map((state) => html`<option value=${state.id}>${state.id}</option>`)}
      </select>
      <select value=${form.flow} onChange=${(event) => this.setForm({ flow: event.target.value })}>
        <option value="">any flow</option>
        ${flows.map((flow) => html`<option value=${flow}>${flow}</option>`)}
      </select>
      <label
        ><input
          type="checkbox"
          checked=${form.parked}
          onChange=${(event) => this.setForm({ parked: event.target.checked })}
        />
        parked</label
      >
      <label
        ><input
          type="checkbox"
          checked=${form.waitingOnTimer}
          onChange=${(event) => this.setForm({ waitingOnTimer: event.target.checked })}
        />
        waiting on a timer</label
      >
      <button type="submit" data-testid="search-button">Search</button>
    </form>`;
  }

  renderResults() {
    const { results } = this.state;
    if (results === null) return null;
    if (results.length === 0) return html`<p data-testid="no-results">No purchase matches.</p>`;
    return html`<table class="results" data-testid="results">
      <thead>
        <tr>
          <th>transactionId</th>
          <th>flow</th>
          <th>state</th>
          <th>started</th>
          <th>events</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${results.map(
          (purchase) =>
            html`<tr key=${purchase.transactionId}>
              <td>
                <button
                  class="link"
                  data-testid="result"
                  onClick=${() => this.open(purchase.transactionId)}
                >
                  ${purchase.transactionId}
                </button>
              </td>
              <td>${purchase.flow ?? '—'}</td>
              <td>${purchase.state ?? '—'}</td>
              <td>${purchase.startedAt ?? '—'}</td>
              <td>${purchase.eventCount}</td>
              <td>
                ${purchase.parked ? html`<span class="badge parked">parked</span>` : null}
                ${purchase.waitingOnTimer ? html`<span class="badge timer">timer ${purchase.waitingOnTimer.dueAt}</span>` : null}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  renderPurchase() {
    const { selected, step, machine } = this.state;
    if (selected === null) return null;
    const { summary, events, replay } = selected;
    const steps = replay.steps;
    const current = steps[step];
    const upTo = steps.slice(0, step + 1);
    const visited = new Set([replay.initialState, ...upTo.map((s) => s.stateAfter)]);
    const taken = new Set(
      upTo
        .filter((s) => s.stateBefore !== s.stateAfter)
        .map((s) => `${s.stateBefore}->${s.stateAfter}`),
    );
    return html`<section class="purchase" data-testid="purchase">
      <h2 data-testid="purchase-id">${summary.transactionId}</h2>
      <p class="facts">
        <span>flow <b>${summary.flow ?? '—'}</b></span>
        <span>state <b data-testid="purchase-state">${summary.state ?? '—'}</b></span>
        <span>status <b>${summary.status ?? '—'}</b></span>
        ${
          replay.divergentSteps.length > 0
            ? html`<span class="badge divergent" data-testid="divergent"
                >would now decide differently at ${replay.divergentSteps.join(', ')}</span
              >`
            : null
        }
      </p>
      ${summary.parked ? this.renderParked(summary) : null}
      <div class="replay">
        <${MachineDiagram}
          machine=${machine}
          visited=${visited}
          taken=${taken}
          current=${current?.stateAfter ?? replay.initialState}
        />
        <div class="stepper">
          <button data-testid="first" onClick=${() => this.go(0)} disabled=${step === 0}>
            « First
          </button>
          <button data-testid="back" onClick=${() => this.go(step - 1)} disabled=${step === 0}>
            ◀ Back
          </button>
          <span data-testid="step-label">${stepLabel(step, steps)}</span>
          <button
            data-testid="forward"
            onClick=${() => this.go(step + 1)}
            disabled=${step >= steps.length - 1}
          >
            Forward ▶
          </button>
          <button
            data-testid="last"
            onClick=${() => this.go(steps.length - 1)}
            disabled=${step >= steps.length - 1}
          >
            Last »
          </button>
        </div>
        ${current ? this.renderStep(current) : null}
      </div>
      <h3>Timeline</h3>
      <ol class="timeline" data-testid="timeline">
        ${events.map(
          (event, index) =>
            html`<li
              key=${event.sequence}
              class=${index === step ? 'current' : index < step ? 'past' : ''}
              data-testid="timeline-event"
              onClick=${() => this.go(index)}
            >
              <span class="seq">#${event.sequence}</span>
              <span class="type">${event.type}</span>
              <time>${event.occurredAt}</time>
              <span class="kafka"
                >${event.kafka.topic} · p${event.kafka.partition} · @${event.kafka.offset}</span
              >
              ${steps[index]?.divergent ? html`<span class="badge divergent">differs</span>` : null}
            </li>`,
        )}
      </ol>
    </section>`;
  }

  renderParked(summary) {
    if (!this.state.me?.roles.includes('operator')) {
      return html`<div class="parked" data-testid="parked">
        <p>${parkedText(summary.parked)}</p>
        <p class="notice">Redrive needs the operator role.</p>
      </div>`;
    }
    return html`<form class="parked" onSubmit=${this.redrive} data-testid="parked">
      <p>${parkedText(summary.parked)}</p>
      <input
        data-testid="redrive-reason"
        placeholder="why redrive it?"
        value=${this.state.reason}
        onInput=${(event) => this.setState({ reason: event.target.value })}
      />
      <button type="submit" data-testid="redrive" disabled=${this.state.reason.trim() === ''}>
        Redrive
      </button>
      ${this.state.notice ? html`<span class="notice">${this.state.notice}</span>` : null}
    </form>`;
  }

  renderStep(current) {
    const timers = current.emitted.timers;
    return html`<div class="step" data-testid="step">
      <p class="transition" data-testid="transition">
        <b>${current.stateBefore}</b> — ${current.type} → <b>${current.stateAfter}</b>
        ${current.accepted ? null : html`<span class="badge divergent">not accepted by today's machine</span>`}
      </p>
      <p class="meta">${stepMeta(current)}</p>
      <div class="columns">
        <div>
          <h4>Context that changed</h4>
          <table class="changes" data-testid="changes">
            <tbody>
              ${current.changes.map(
                (change) =>
                  html`<tr key=${change.path}>
                    <th>${change.path}</th>
                    <td>${short(change.before)}</td>
                    <td>→ ${short(change.after)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div>
          <h4>Emitted</h4>
          <ul class="emitted" data-testid="emitted">
            ${current.emitted.es2Requests.map((effect) => html`<li>ES2+ ${effect.function} <code>${effect.functionCallIdentifier}</code></li>`)}
            ${current.emitted.directives.map((effect) => html`<li>directive ${effect.directive?.reason ?? ''} ${effect.directive?.api ?? ''}</li>`)}
            ${current.emitted.connectivity.map((effect) => html`<li>provision connectivity by ${effect.completeBy}</li>`)}
            ${current.emitted.alerts.map((effect) => html`<li>alert ${effect.code}</li>`)}
            ${timers.scheduled.map((timer) => html`<li>timer ${timer.purpose} scheduled for ${timer.dueAt}</li>`)}
            ${timers.cancelled.map((timer) => html`<li>timer ${timer.purpose} cancelled</li>`)}
            ${timers.fired.map((timer) => html`<li>timer ${timer.purpose} fired</li>`)}
          </ul>
          ${
            current.check
              ? html`<p
                  class=${current.check.status === 'same' ? 'check same' : 'check differs'}
                  data-testid="check"
                >
                  ${checkText(current.check)}
                </p>`
              : null
          }
        </div>
      </div>
    </div>`;
  }
}

const container = document.getElementById('app');
container.textContent = '';
render(html`<${SupportConsole} />`, container);
