import type { Event } from '../events.js';
import { QUICK_SLOTS, own, quickSlot } from './strings.js';
import type { WebLoginOptions } from './types.js';

/** Kinds of the events derived from login requests; rules subscribe to them like to any kind. */
export const LoginKinds = {
  failure: 'web.login_failure',
  success: 'web.login_success',
} as const;

/** A path's length and its last character (ASCII, lowercased) as one number. */
function shapeOf(length: number, last: number): number {
  return length * 128 + (last >= 65 && last <= 90 ? last + 32 : last);
}

/** How long a redirected login waits for the request that tells whether it failed. */
const REDIRECT_WAIT_MS = 30_000;
const MAX_PENDING = 50_000;

/**
 * Tells failed web logins from successful ones using what an access log shows: the status of
 * the login request and, for apps that redirect both, where the client goes next.
 */
export class LoginClassifier {
  private readonly paths: Set<string>;
  /** Length and last character (lowercased) of each login path: rules most paths out first. */
  private readonly pathShapes: Set<number>;
  private readonly methods: Set<string>;
  private readonly failure: Set<number>;
  private readonly success: Set<number>;
  /** Redirected logins waiting for the client's next request, by address (then user agent). */
  private readonly pending = new Map<string, Event[]>();
  private pendingCount = 0;
  /** Addresses in `pending` by {@link quickSlot}: most requests are ruled out without a lookup. */
  private readonly pendingSlots = new Uint16Array(QUICK_SLOTS);
  /** No pending login is older than this (it may be older than the oldest left). */
  private oldestPending = Number.POSITIVE_INFINITY;

  constructor(private readonly options: WebLoginOptions) {
    this.paths = new Set(options.paths.map((p) => p.toLowerCase()));
    this.pathShapes = new Set([...this.paths].map((p) => shapeOf(p.length, p.charCodeAt(p.length - 1) || 0)));
    this.methods = new Set(options.methods.map((m) => m.toUpperCase()));
    this.failure = new Set(options.failureStatus);
    this.success = new Set(options.successStatus);
  }

  /** True when the request is an attempt to log in (a login path with a login method). */
  isLoginAttempt(event: Event): boolean {
    const path = event.path;
    if (path === undefined || event.method === undefined) return false;
    return this.isLoginPath(path) && this.methods.has(event.method);
  }

  /**
   * The path, without its query, is a login path (any case). Its length and last character rule
   * most paths out before a string is lowercased and looked up.
   */
  private isLoginPath(path: string): boolean {
    const q = path.indexOf('?');
    const end = q < 0 ? path.length : q;
    const last = end > 0 ? path.charCodeAt(end - 1) : 0;
    // A non-ASCII last character may lowercase to anything: no shortcut for it.
    if (last < 128 && !this.pathShapes.has(shapeOf(end, last))) return false;
    return this.paths.has((q < 0 ? path : path.slice(0, q)).toLowerCase());
  }

  /**
   * A login answered with a redirect waits for the client's next request (same address and user
   * agent, so members behind one carrier NAT are not mixed up): back to the login form (or to
   * `failureRedirect`), or another login straight away, means it failed; anywhere else, that it
   * succeeded.
   */
  observe(event: Event, emit: DerivedEmit): void {
    const ip = event.ip;
    if (ip !== undefined && this.pendingCount > 0 && this.pendingSlots[quickSlot(ip)] !== 0) {
      const waiting = this.take(ip, event.ua);
      if (waiting !== undefined) {
        emit(
          derive(waiting, this.backToForm(event) || this.isLoginAttempt(event) ? 'failure' : 'success'),
          waiting,
        );
      }
    }
    if (!this.isLoginAttempt(event)) return;
    const status = event.status ?? 0;
    if (this.failure.has(status)) emit(derive(event, 'failure'), event);
    else if (status >= 300 && status < 400 && ip !== undefined) this.wait(ip, event);
    else if (this.success.has(status)) emit(derive(event, 'success'), event);
  }

  /**
   * A redirected login with no follow-up (a script that does not follow redirects): its status is
   * all there is to judge it by.
   */
  tick(now: number, emit: DerivedEmit): void {
    // Called every second of event time: nothing to look at before the oldest wait is over.
    if (this.pendingCount === 0 || now - this.oldestPending <= REDIRECT_WAIT_MS) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [ip, list] of this.pending) {
      const kept = list.filter((event) => {
        if (now - event.ts <= REDIRECT_WAIT_MS) {
          if (event.ts < oldest) oldest = event.ts;
          return true;
        }
        if (this.success.has(event.status ?? 0)) emit(derive(event, 'success'), event);
        return false;
      });
      this.pendingCount -= list.length - kept.length;
      if (kept.length === 0) this.forget(ip);
      else this.pending.set(ip, kept);
    }
    this.oldestPending = oldest;
  }

  private wait(ip: string, event: Event): void {
    if (this.pendingCount >= MAX_PENDING) {
      this.pending.clear();
      this.pendingSlots.fill(0);
      this.pendingCount = 0;
      this.oldestPending = Number.POSITIVE_INFINITY;
    }
    if (event.ts < this.oldestPending) this.oldestPending = event.ts;
    const list = this.pending.get(ip);
    if (list === undefined) {
      this.pending.set(own(ip), [event]);
      const slot = quickSlot(ip);
      this.pendingSlots[slot] = (this.pendingSlots[slot] ?? 0) + 1;
    } else {
      list.push(event);
    }
    this.pendingCount++;
  }

  /** The waiting login of this client (same address and user agent), taken off the list. */
  private take(ip: string, ua: string | undefined): Event | undefined {
    const list = this.pending.get(ip);
    if (list === undefined) return undefined;
    const at = list.findIndex((waiting) => waiting.ua === ua);
    if (at < 0) return undefined;
    const [waiting] = list.splice(at, 1);
    this.pendingCount--;
    if (list.length === 0) this.forget(ip);
    return waiting;
  }

  private forget(ip: string): void {
    this.pending.delete(ip);
    const slot = quickSlot(ip);
    this.pendingSlots[slot] = (this.pendingSlots[slot] ?? 1) - 1;
  }

  private backToForm(event: Event): boolean {
    if (event.method !== 'GET' || event.path === undefined) return false;
    const redirect = this.options.failureRedirect;
    if (redirect !== undefined) return event.path.startsWith(redirect);
    return this.isLoginPath(event.path);
  }
}

/** A login outcome, and the request it was derived from. */
export type DerivedEmit = (derived: Event, from: Event) => void;

function derive(event: Event, outcome: 'failure' | 'success'): Event {
  return { ...event, kind: outcome === 'failure' ? LoginKinds.failure : LoginKinds.success };
}
