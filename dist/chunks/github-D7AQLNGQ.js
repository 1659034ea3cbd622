import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{b as a,c as b}from"./chunk-ABAWFRH7.js";import"./chunk-UUQ6GEZO.js";import"./chunk-6VDISY3D.js";import"./chunk-OXTV66IT.js";import"./chunk-GDKXHWNX.js";export{a as context,b as getOctokit};
