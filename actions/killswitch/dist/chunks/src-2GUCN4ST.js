import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{a,b,c,d,e,f,g,h,i}from"./chunk-2A6F3NL3.js";import"./chunk-R6ZCEJG3.js";import"./chunk-GDKXHWNX.js";export{f as DEFAULT_GUARD_POLICY,a as auditId,c as breakerFor,b as bucketsFor,e as createGuard,d as defaultFailureClassifier,i as killSwitchStatus,g as resolveTarget,h as setKillSwitch};
