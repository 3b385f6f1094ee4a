/** Structured `key=value` logging to stderr; the extension shows it in its output channel. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, component: string, message: string, fields?: LogFields): void;
}

function formatValue(value: string | number | boolean | null): string {
  const text = String(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

export function createStderrLogger(minLevel: LogLevel = 'info'): Logger {
  return createLogger(minLevel, (line) => process.stderr.write(line));
}

/** The same lines, written by `write` (the host's log file). */
export function createLogger(minLevel: LogLevel, write: (line: string) => void): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const threshold = order.indexOf(minLevel);
  return {
    log(level, component, message, fields = {}) {
      if (order.indexOf(level) < threshold) return;
      const pairs = Object.entries(fields)
        .filter((entry): entry is [string, string | number | boolean | null] => entry[1] !== undefined)
        .map(([key, value]) => `${key}=${formatValue(value)}`);
      write(`${new Date().toISOString()} ${level.toUpperCase()} [${component}] ${message}${pairs.length ? ' ' + pairs.join(' ') : ''}\n`);
    },
  };
}
