export { header, type HeaderBag } from './headers.js';
export { signPayload, type SignOptions, type SignatureStyle } from './sign.js';
export {
  verifyDelivery,
  DEFAULT_TOLERANCE_MS,
  type VerifyOptions,
  type VerifyResult,
  type VerifyFailureReason,
} from './verify.js';
export {
  signDispatchPayload,
  verifyDispatchPayload,
  type SignedDispatchPayload,
  type DispatchVerifyResult,
} from './dispatch-payload.js';
