import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
var o=class extends Error{name="ConfigurationError"};function t(r){return r instanceof Error&&r.name==="ConfigurationError"}function i(r){if(r instanceof Error||Object.prototype.toString.call(r)==="[object Error]")return r;if(typeof r=="string")return new Error(r);let n;try{n=JSON.stringify(r)??String(r)}catch{n=String(r)}return new Error(`non-error thrown: ${n}`,{cause:r})}export{o as a,t as b,i as c};
