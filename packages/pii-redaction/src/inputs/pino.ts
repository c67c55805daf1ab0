import type { RedactorOptions } from '../options.js';
import { createRedactor, type Redactor } from '../redactor.js';
import { failClosed } from '../render/apply.js';
import { redactJsonDocument } from './json.js';

/** The part of pino's options this integration fills in. */
export interface PinoRedactionHooks {
  hooks: { streamWrite: (line: string) => string };
}

/**
 * pino options that redact each serialised log line before it is written:
 * `pino({ ...pinoRedaction({ policy: 'redact' }) })`. Lines are JSON, so keys such as `mobile` or
 * `idCard` act as hints; a line that is not JSON is redacted as text; a failure masks the line.
 */
export function pinoRedaction(options: RedactorOptions | Redactor = {}): PinoRedactionHooks {
  const redactor = 'redactText' in options ? options : createRedactor(options);
  return {
    hooks: {
      streamWrite(line: string): string {
        const newline = line.endsWith('\n') ? '\n' : '';
        const body = newline ? line.slice(0, -1) : line;
        try {
          const result = redactJsonDocument(redactor, body);
          return (result.failure ? failClosed(body) : result.text) + newline;
        } catch {
          const result = redactor.redactText(body);
          return result.text + newline;
        }
      },
    },
  };
}
