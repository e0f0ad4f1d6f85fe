import type { CliSettings } from './cli-settings';

/** An error answer of the support API, with its status and stable code. */
export class SupportApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SupportApiError';
  }
}

/** The support API over HTTP, as the CLI uses it (the console and the CLI share the one API). */
export class SupportApiClient {
  constructor(private readonly settings: CliSettings) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.settings.token !== null) headers.authorization = `Bearer ${this.settings.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.settings.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      const cause =
        (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new SupportApiError(0, 'UNREACHABLE', `cannot reach ${this.settings.url} (${cause})`);
    }
    const answer = (await response.json().catch(() => null)) as
      (T & { error?: { code?: string; message?: string } }) | null;
    if (!response.ok) {
      const error = answer?.error;
      throw new SupportApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? `HTTP ${response.status}`,
      );
    }
    return answer as T;
  }
}
