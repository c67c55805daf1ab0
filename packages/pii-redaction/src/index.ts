export { type HmacAlgorithm, hmac, hmacAlgorithms, hmacSm3 } from './crypto/hmac.js';
export { envKeyProvider, type KeyProvider, staticKeyProvider } from './crypto/key-provider.js';
export { sm3 } from './crypto/sm3.js';
export { resolveOverlaps } from './decide/resolve-overlaps.js';
export { type ContextKind, contextKinds, fieldNameKind } from './detect/context.js';
export { type DetectSettings, detectFindings } from './detect/detect.js';
export { PiiRedactionError, type PiiRedactionErrorCode } from './errors.js';
export { type CorpusOptions, type CorpusSample, generateCorpus, type LabelledSpan } from './eval/corpus.js';
export { type EvaluationReport, evaluate, type TypeScore } from './eval/score.js';
export {
  type CoveredFace,
  type ImageRedaction,
  type RawImagePixels,
  type RedactableImage,
  type RedactImageOptions,
  redactImage,
  redactImageOptionsSchema,
} from './inputs/image.js';
export type { JsonFinding, JsonRedaction, JsonValue } from './inputs/json.js';
export { type PinoRedactionHooks, pinoRedaction } from './inputs/pino.js';
export { createRedactionStream, RedactionStream, type StreamOptions } from './inputs/stream.js';
export { type RedactorOptions, redactorOptionsSchema } from './options.js';
export { createRedactor, Redactor, redactText, type TextRedaction } from './redactor.js';
export { applyReplacements, failClosed } from './render/apply.js';
export { type ReportEntry, renderReportLine, toReport } from './render/report.js';
export { type DisplayMaskOptions, defaultKeepRules } from './transform/display-mask.js';
export { type FormatPreservingOptions, formatPreservingTypes } from './transform/format-preserving.js';
export type { FullRedactionOptions } from './transform/full-redaction.js';
export { chineseLabels } from './transform/labels.js';
export type { PolicyDefinition, PolicyRuntime, RedactionPolicy } from './transform/policy.js';
export type { PseudonymiseOptions } from './transform/pseudonymise.js';
export { createPolicy, describePolicies, policyNames } from './transform/registry.js';
export { checksumTypes, type Finding, type FindingWhy, type PiiType, piiTypes } from './types.js';
export { luhnValid } from './validators/luhn.js';
export { isMobileNumber } from './validators/phone.js';
export { validateEighteenDigitId, validateFifteenDigitId } from './validators/resident-id.js';
export { validateUscc } from './validators/uscc.js';
