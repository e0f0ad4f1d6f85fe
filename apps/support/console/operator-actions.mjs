// Who is signed in, and what operators did (redrives, index rebuilds), newest first: the audit every support user
// can read.
import { Component, h } from './preact.mjs';
import htm from './htm.mjs';
import { api } from './api.mjs';

const html = htm.bind(h);

/** The token form: the page holds no secret of its own; the token stays in this tab's session storage. */
export function loginForm({ draft, onInput, onSubmit }) {
  return html`<form class="login" onSubmit=${onSubmit}>
    <label>
      Support token
      <input
        type="password"
        data-testid="token"
        autocomplete="off"
        value=${draft}
        onInput=${(event) => onInput(event.target.value)}
      />
    </label>
    <button type="submit" data-testid="use-token">Sign in</button>
  </form>`;
}

export function signedInText(me) {
  return `Signed in as ${me.user} (${me.roles.includes('operator') ? 'operator' : 'read-only'})`;
}

export class OperatorActions extends Component {
  state = { actions: null, error: null };

  componentDidMount() {
    void this.load();
  }

  componentDidUpdate(previous) {
    if (previous.version !== this.props.version) void this.load();
  }

  async load() {
    try {
      const answer = await api('/v1/support/operator-actions?limit=20', this.props.token);
      this.setState({ actions: answer.operatorActions, error: null });
    } catch (error) {
      this.setState({ error: error.message });
    }
  }

  render() {
    const { actions, error } = this.state;
    return html`<section class="operator-actions" data-testid="operator-actions">
      <h3>Operator actions</h3>
      ${error ? html`<p class="error">${error}</p>` : null}
      ${
        actions === null || actions.length === 0
          ? html`<p class="notice">None yet.</p>`
          : html`<table class="results">
              <thead>
                <tr>
                  <th>when</th>
                  <th>who</th>
                  <th>action</th>
                  <th>purchase</th>
                  <th>reason</th>
                </tr>
              </thead>
              <tbody>
                ${actions.map(
                  (action) =>
                    html`<tr key=${action.actionId} data-testid="operator-action">
                      <td>${action.requestedAt}</td>
                      <td>${action.requestedBy}</td>
                      <td>${action.action}</td>
                      <td>${action.transactionId ?? '—'}</td>
                      <td>${action.reason ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  }
}
