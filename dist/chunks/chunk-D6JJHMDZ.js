import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
var m={baseMs:1e3,factor:2,maxMs:3e4,jitter:.1};function c(a,e,n){let t=Math.min(a.maxMs,a.baseMs*a.factor**Math.max(0,e)),r=Math.min(1,Math.max(0,a.jitter)),o=Math.min(1,Math.max(0,n()));return Math.round(t*(1-r)+t*r*o)}export{m as a,c as b};
