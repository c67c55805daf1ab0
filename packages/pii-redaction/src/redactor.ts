import type { ContextKind } from './detect/context.js';
import { detectFindings } from './detect/detect.js';
import { PiiRedactionError } from './errors.js';
import { type JsonRedaction, type JsonValue, redactJsonDocument, redactJsonValue } from './inputs/json.js';
import { createRedactionStream, type RedactionStream, type StreamOptions } from './inputs/stream.js';
import { parseRedactorOptions, type RedactorOptions } from './options.js';
import { applyReplacements, failClosed } from './render/apply.js';
import type { RedactionPolicy } from './transform/policy.js';
import { createPolicy } from './transform/registry.js';
import { type Finding, type PiiType, piiTypes } from './types.js';

export interface TextRedaction {
  text: string;
  findings: Finding[];
  /** Set when redaction failed internally and the whole text was masked instead (fail closed). */
  failure?: { code: string; message: string };
}

/** Detection settings plus the chosen policy, built once and reused for every input. */
export class Redactor {
  readonly policy: RedactionPolicy;
  readonly enabled: ReadonlySet<PiiType>;
  readonly minConfidence: number;

  constructor(options: RedactorOptions = {}) {
    const resolved = parseRedactorOptions(options);
    const disabled = new Set(resolved.disabledTypes);
    this.enabled = new Set((resolved.types ?? piiTypes).filter((t) => !disabled.has(t)));
    this.minConfidence = resolved.minConfidence;
    this.policy = createPolicy(resolved.policy, resolved.policyOptions, {
      keyProvider: resolved.keyProvider,
    });
  }

  /** Findings in `text`, sorted, without overlaps. `hint` is context given from outside (a JSON field). */
  detect(text: string, hint?: { kind: ContextKind; word: string }): Finding[] {
    return detectFindings(text, { enabled: this.enabled, minConfidence: this.minConfidence, hint });
  }

  /** Replacement text of one finding under the policy. */
  replace(value: string, finding: Finding): string {
    return this.policy.replace(value, finding);
  }

  /** Redacts a string; on any internal failure every non-space character is masked. */
  redactText(text: string, hint?: { kind: ContextKind; word: string }): TextRedaction {
    try {
      const findings = this.detect(text, hint);
      return {
        text: applyReplacements(text, findings, (value, f) => this.policy.replace(value, f)),
        findings,
      };
    } catch (error) {
      const code = error instanceof PiiRedactionError ? error.code : 'REDACTION_FAILED';
      const message = error instanceof Error ? error.message : 'unknown failure';
      return { text: failClosed(text), findings: [], failure: { code, message } };
    }
  }

  /** Redacts a parsed JSON value (keys and values; field names as hints). */
  redactJson(value: JsonValue): JsonRedaction {
    return redactJsonValue(this, value);
  }

  /**
   * Redacts JSON text in one pass over the text: only changed values are rewritten, the formatting
   * is kept. Integers of 16+ digits are read exactly (a parser would round them) and reported with
   * `why.corruptedNumber`. Throws INVALID_JSON when the text is not JSON.
   */
  redactJsonText(text: string): Omit<JsonRedaction, 'value'> & { text: string } {
    return redactJsonDocument(this, text);
  }

  /** A Transform stream redacting text in constant memory. */
  createStream(options: StreamOptions = {}): RedactionStream {
    return createRedactionStream(this, options);
  }
}

export function createRedactor(options: RedactorOptions = {}): Redactor {
  return new Redactor(options);
}

let defaultRedactor: Redactor | undefined;

/** Redacts with the default display masking; build a Redactor once for other settings. */
export function redactText(text: string): TextRedaction {
  defaultRedactor ??= new Redactor();
  return defaultRedactor.redactText(text);
}
