/**
 * The AWS SDK's clients are CommonJS. Imported dynamically (so an action loads them only when it
 * talks to AWS) from the ESM action bundle, esbuild hands over the module as its default export
 * only, as Node's own ESM loader would without its export lexer; under Node and jest the named
 * exports are there. Either way, the named exports.
 */
export function namedExports<T extends object>(module: T): T {
  const keys = Object.keys(module);
  const fallback = (module as { default?: unknown }).default;
  return keys.length === 1 && keys[0] === 'default' && fallback !== null && typeof fallback === 'object'
    ? (fallback as T)
    : module;
}
