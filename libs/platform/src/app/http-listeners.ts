import { Injectable } from '@nestjs/common';
import type { RouteEntry } from '../security/access-control';

/** One listening HTTP server of an app, with its router's table. */
export interface HttpListener {
  /** 'app' for the app's own port; others name their role ('get-balance', 'es2plus'). */
  readonly name: string;
  readonly url: string;
  readonly routes: readonly RouteEntry[];
}

/** The extra listeners an app's providers start (GetBalance, the simulator's ES2+), so the app can list them all. */
@Injectable()
export class HttpListeners {
  private readonly listeners: HttpListener[] = [];

  add(listener: HttpListener): void {
    this.listeners.push(listener);
  }

  all(): readonly HttpListener[] {
    return [...this.listeners];
  }
}
