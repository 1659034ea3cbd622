import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
var u={failureThreshold:5,openMs:6e4,successThreshold:3},n={state:"closed",consecutiveFailures:0,consecutiveSuccesses:0,openedAtMs:null};function i(c,r,s){let e=c??n;if(e.state!=="open")return{allowed:!0,snapshot:e,retryAfterMs:0};let t=(e.openedAtMs??s)+r.openMs;return s>=t?{allowed:!0,snapshot:{...e,state:"half_open",consecutiveSuccesses:0},retryAfterMs:0}:{allowed:!1,snapshot:e,retryAfterMs:t-s}}export{u as a,n as b,i as c};
