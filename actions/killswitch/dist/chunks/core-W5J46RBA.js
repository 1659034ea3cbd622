import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{A as y,B as z,C as A,D as B,c as a,d as b,e as c,f as d,g as e,h as f,i as g,j as h,k as i,l as j,m as k,n as l,o as m,p as n,q as o,r as p,s as q,t as r,u as s,v as t,w as u,x as v,y as w,z as x}from"./chunk-EGSTXA6G.js";import"./chunk-GDKXHWNX.js";export{g as ExitCode,j as addPath,r as debug,x as endGroup,s as error,h as exportVariable,m as getBooleanInput,B as getIDToken,k as getInput,l as getMultilineInput,A as getState,y as group,v as info,q as isDebug,a as markdownSummary,u as notice,f as platform,z as saveState,o as setCommandEcho,p as setFailed,n as setOutput,i as setSecret,w as startGroup,b as summary,e as toPlatformPath,c as toPosixPath,d as toWin32Path,t as warning};
