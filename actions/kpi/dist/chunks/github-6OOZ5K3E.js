import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{b as a,c as b}from"./chunk-7P22AYXL.js";import"./chunk-432TAGNX.js";import"./chunk-OXTV66IT.js";import"./chunk-GDKXHWNX.js";export{a as context,b as getOctokit};
