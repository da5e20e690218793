/**
 * Errors a user can meet carry a stable code, documented in docs/errors.md
 * (a test checks that every code here is documented there).
 */
export const ErrorCodes = {
  configInvalid: 'LW_CONFIG_INVALID',
  configNotFound: 'LW_CONFIG_NOT_FOUND',
  configSyntax: 'LW_CONFIG_SYNTAX',
  secretUnresolved: 'LW_SECRET_UNRESOLVED',
  inputNotFound: 'LW_INPUT_NOT_FOUND',
  inputUnreadable: 'LW_INPUT_UNREADABLE',
  formatUnknown: 'LW_FORMAT_UNKNOWN',
  formatInvalid: 'LW_FORMAT_INVALID',
  usage: 'LW_USAGE',
  queryFailed: 'LW_QUERY_FAILED',
  scheduleNeedsRoot: 'LW_SCHEDULE_NEEDS_ROOT',
  scheduleCommandFailed: 'LW_SCHEDULE_COMMAND_FAILED',
  sshUnreachable: 'LW_SSH_UNREACHABLE',
  sshTimeout: 'LW_SSH_TIMEOUT',
  sshAuthFailed: 'LW_SSH_AUTH_FAILED',
  sshHostKeyUnknown: 'LW_SSH_HOSTKEY_UNKNOWN',
  sshHostKeyChanged: 'LW_SSH_HOSTKEY_CHANGED',
  collectFailed: 'LW_COLLECT_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class LogwardenError extends Error {
  override readonly name = 'LogwardenError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Warnings never stop a run: a truncated .gz, a binary file, a cut line. They name the file
 * (and line when known) so the user can find the problem.
 */
export const WarningCodes = {
  gzipTruncated: 'LW_GZIP_TRUNCATED',
  binaryFile: 'LW_BINARY_FILE',
  lineTooLong: 'LW_LINE_TOO_LONG',
  emptyInput: 'LW_EMPTY_INPUT',
  formatUndetected: 'LW_FORMAT_UNDETECTED',
  readFailed: 'LW_READ_FAILED',
  iocInvalid: 'LW_IOC_INVALID',
  alertLogUnreadable: 'LW_ALERT_LOG_UNREADABLE',
} as const;

export type WarningCode = (typeof WarningCodes)[keyof typeof WarningCodes];

export interface Warning {
  code: WarningCode;
  file: string;
  line?: number;
  message: string;
}
