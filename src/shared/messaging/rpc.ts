/**
 * Typed calls over a message transport. Senders get `call(name, payload)`; the receiver gets
 * `createReceiver(map, handlers)`, which checks the envelope, the call name and the payload schema
 * before a handler runs, and always answers with a Result: nothing throws across the boundary.
 */
import * as v from 'valibot';
import { err, ok, type Result } from '../result';
import type { CallMap, CallName, Handlers, RequestIn, ResponseOf } from './protocol';

/** Marks our messages, so that anything else arriving on the channel is told apart. */
export const RPC_TAG = 'forum-annotator/rpc@1';

export interface Envelope {
  rpc: typeof RPC_TAG;
  type: string;
  payload: unknown;
}

export type RpcResult<T> = Result<T, string>;

/** An error whose message is meant for the caller (not found, not allowed, ...). */
export class RpcError extends Error {
  override name = 'RpcError';
}

const MAX_ISSUES = 3;
/** An issue's message may quote the input (valibot's "received ..."): never echo a huge one back. */
const MAX_ISSUE_CHARS = 160;

const clip = (text: string) => (text.length > MAX_ISSUE_CHARS ? `${text.slice(0, MAX_ISSUE_CHARS)}…` : text);

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = (issue.path ?? []).map((item) => String(item.key)).join('.');
    return clip(path ? `${path}: ${issue.message}` : issue.message);
  });
  if (issues.length > MAX_ISSUES) parts.push(`and ${issues.length - MAX_ISSUES} more`);
  return parts.join('; ');
}

/** What a caller is told when the browser refuses a write for lack of space. */
export const STORAGE_FULL =
  "the browser's storage for Forum Annotator is full: nothing was saved. Free some disk space and try again";

/** A QuotaExceededError, as IndexedDB raises it or as Dexie wraps it (`inner`, or a transaction's `cause`). */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if ((e as { name?: unknown }).name === 'QuotaExceededError') return true;
    e = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

function messageOf(error: unknown): string {
  if (isQuotaError(error)) return STORAGE_FULL;
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { rpc?: unknown }).rpc === RPC_TAG &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

export type Receiver<Ctx> = (message: unknown, ctx: Ctx) => Promise<RpcResult<unknown>>;

/** The receiving side of one call map. */
export function createReceiver<M extends CallMap, Ctx>(map: M, handlers: Handlers<M, Ctx>): Receiver<Ctx> {
  return async (message, ctx) => {
    if (!isEnvelope(message)) return err('not a Forum Annotator message');
    const { type } = message;
    if (!Object.hasOwn(map, type) || !Object.hasOwn(handlers, type))
      return err(`unknown call "${type.slice(0, 80)}"`);
    const spec = map[type];
    const handler = handlers[type];
    if (!spec || !handler) return err(`unknown call "${type.slice(0, 80)}"`);
    // Every request is an object of named fields; valibot's object schemas would let an array pass.
    if (Array.isArray(message.payload)) return err(`${type}: invalid request: the payload must be an object`);
    const parsed = v.safeParse(spec.request, message.payload, { abortPipeEarly: true });
    if (!parsed.success) return err(`${type}: invalid request: ${describeIssues(parsed.issues)}`);
    try {
      return ok(await handler(parsed.output, ctx));
    } catch (error) {
      return err(`${type} failed: ${messageOf(error)}`);
    }
  };
}

export interface CallOptions {
  /** Retries after a transport failure (service worker asleep or restarting). Default 0. */
  retries?: number;
  /** First delay between retries, doubled each time up to 2 s. Default 100 ms. */
  retryDelayMs?: number;
  /**
   * An attempt not answered within this time counts as lost and is retried. Chromium can drop a
   * message sent while a freshly installed or updated service worker starts: the sendMessage
   * promise then neither resolves nor rejects (seen here with Chromium 156; the worker never saw
   * it). Only for calls that are safe to send twice. Default: wait as long as it takes.
   */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function within<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isResult(reply: unknown): reply is RpcResult<unknown> {
  if (typeof reply !== 'object' || reply === null) return false;
  const r = reply as { ok?: unknown; error?: unknown };
  return r.ok === true ? 'value' in r : r.ok === false && typeof r.error === 'string';
}

export type Caller<M extends CallMap> = <K extends CallName<M>>(
  type: K,
  payload: RequestIn<M, K>,
  options?: CallOptions,
) => Promise<RpcResult<ResponseOf<M, K>>>;

/**
 * The sending side of one call map over `send` (e.g. runtime.sendMessage). Transport failures and
 * missing answers are retried as asked; the handler's own errors are returned, not retried.
 */
export function createCaller<M extends CallMap>(send: (message: Envelope) => Promise<unknown>): Caller<M> {
  return async (type, payload, options = {}) => {
    const retries = options.retries ?? 0;
    let delay = options.retryDelayMs ?? 100;
    let lastError = 'no answer';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
      try {
        const reply = await within(send({ rpc: RPC_TAG, type, payload }), options.timeoutMs);
        if (isResult(reply)) return reply as RpcResult<ResponseOf<M, typeof type>>;
        lastError =
          reply === undefined ? 'no answer from the background' : 'malformed answer from the background';
      } catch (error) {
        lastError = `could not reach the background: ${messageOf(error)}`;
      }
    }
    return err(lastError);
  };
}
