// The support API as the console calls it: every request carries the support user's bearer token.

const tokenKey = 'mp-support-token';

export function storedToken() {
  return sessionStorage.getItem(tokenKey) ?? '';
}

export function storeToken(token) {
  sessionStorage.setItem(tokenKey, token);
}

export async function api(path, token, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(options.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body?.error?.message ?? `HTTP ${response.status}`);
    error.status = response.status;
    error.code = body?.error?.code;
    throw error;
  }
  return body;
}

export function searchPath(form) {
  const params = new URLSearchParams();
  if (form.q.trim() !== '') params.set('q', form.q.trim());
  if (form.state !== '') params.set('state', form.state);
  if (form.flow !== '') params.set('flow', form.flow);
  if (form.parked) params.set('parked', 'true');
  if (form.waitingOnTimer) params.set('waitingOnTimer', 'true');
  return `/v1/support/transactions?${params.toString()}`;
}
