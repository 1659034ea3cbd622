export {
  requiredInput,
  optionalInput,
  secretInput,
  booleanInput,
  integerInput,
  choiceInput,
  listInput,
} from './inputs.js';
export { setOutputs, appendSummary, actionLogger, type ActionLogger, type OutputValue } from './outputs.js';
export { fail, runAction } from './fail.js';
export { storeInputs, hasDurableStore, type StoreEnvironment } from './store-inputs.js';
export { runContext, payloadValue, type RunContext } from './context.js';
export { readLoopInputs, splitRepository, type LoopInputs } from './loop-inputs.js';
export { uploadArtifact, type UploadedArtifact } from './artifact.js';
