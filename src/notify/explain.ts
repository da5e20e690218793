import { DeliveryError } from './types.js';

/** Node's and OpenSSL's error codes, in words an administrator can act on. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, is the port right?)',
  ENOTFOUND: 'unknown host (the name does not resolve: check the spelling and DNS)',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS unreachable)',
  ETIMEDOUT: 'timed out (a firewall may drop the connection, or the server is overloaded)',
  ECONNRESET: 'the connection was reset by the server',
  EHOSTUNREACH: 'host unreachable (no route to it)',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'the server closed the connection while we were writing',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS failure: the server certificate is self-signed (give its CA with `ca:`)',
  SELF_SIGNED_CERT_IN_CHAIN:
    'TLS failure: the certificate chain ends in an untrusted self-signed CA (give it with `ca:`)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'TLS failure: the server certificate cannot be verified (missing intermediate or CA)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS failure: the issuer of the server certificate is not trusted here',
  CERT_HAS_EXPIRED: 'TLS failure: the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS failure: the certificate is for another host name',
  ERR_SSL_WRONG_VERSION_NUMBER:
    'TLS failure: the server does not speak TLS on this port (implicit TLS vs STARTTLS mixed up?)',
};

/** The first known code on the error, its causes, or named in a message ("connect ECONNREFUSED …"). */
function codeOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, cause, message } = error as { code?: unknown; cause?: unknown; message?: unknown };
  if (typeof code === 'string' && code in NETWORK_REASONS) return code;
  const fromCause = codeOf(cause, depth + 1);
  if (fromCause !== undefined) return fromCause;
  if (typeof message === 'string') {
    if (/self[- ]signed certificate$/i.test(message)) return 'DEPTH_ZERO_SELF_SIGNED_CERT';
    const named = Object.keys(NETWORK_REASONS).find((known) => message.includes(known));
    if (named !== undefined) return named;
  }
  return typeof code === 'string' ? code : undefined;
}

/** `target: reason`, for a connection-level failure of any channel. */
export function explainNetworkError(error: unknown, target: string): string {
  const code = codeOf(error);
  const reason = code === undefined ? undefined : NETWORK_REASONS[code];
  if (reason !== undefined) return `${target}: ${reason}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${target}: ${message}${code !== undefined && !message.includes(code) ? ` (${code})` : ''}`;
}

/** Wraps any failure as a DeliveryError, keeping one already explained. */
export function deliveryError(error: unknown, target: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError(explainNetworkError(error, target), { cause: error });
}
