/** The daemon's own log: one line per event to stderr, as text or JSON lines (`--log-format json`). */
export interface DaemonLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function daemonLog(
  format: 'text' | 'json',
  write: (line: string) => void = (l) => process.stderr.write(l),
): DaemonLog {
  const emit = (level: string, message: string, fields: Record<string, unknown> = {}): void => {
    const time = new Date().toISOString();
    if (format === 'json') {
      write(`${JSON.stringify({ time, level, msg: message, ...fields })}\n`);
      return;
    }
    const extra = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    write(`${time} ${level.padEnd(5)} ${message}${extra === '' ? '' : ` ${extra}`}\n`);
  };
  return {
    info: (message, fields) => {
      emit('info', message, fields);
    },
    warn: (message, fields) => {
      emit('warn', message, fields);
    },
    error: (message, fields) => {
      emit('error', message, fields);
    },
  };
}
