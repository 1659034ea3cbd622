import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{a,b,c,d,e,f,g,h,i,j}from"./chunk-YRNAMKJ7.js";import"./chunk-KVNJUEXR.js";import"./chunk-RDMTCXJ6.js";import"./chunk-D6JJHMDZ.js";import"./chunk-R6ZCEJG3.js";import"./chunk-GDKXHWNX.js";export{g as DEFAULT_GUARD_POLICY,a as auditId,f as brakeGuard,c as breakerFor,b as bucketsFor,j as createBrake,e as createGuard,d as defaultFailureClassifier,i as killSwitchStatus,h as setKillSwitch};
