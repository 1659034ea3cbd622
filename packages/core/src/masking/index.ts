export { createSanitizer } from './sanitizer.js';
export { BUILTIN_RULES } from './builtin-rules.js';
export { shannonEntropy, looksRandom } from './entropy.js';
export { isPlaceholder } from './placeholders.js';
export { valueVariants } from './registered-values.js';
export { compileRuleSpec } from './engine.js';
export type { MaskRule, MaskRuleSpec, MaskCounts, Sanitizer, SanitizerOptions, StreamSanitizer } from './types.js';
export { sanitizeDeep } from './sanitize-deep.js';
