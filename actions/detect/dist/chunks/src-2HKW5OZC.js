import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{A as y,B as z,C as A,D as B,E as C,c as a,d as b,e as c,f as d,g as e,h as f,i as g,j as h,k as i,l as j,m as k,n as l,o as m,p as n,q as o,r as p,s as q,t as r,u as s,v as t,w as u,x as v,y as w,z as x}from"./chunk-JU7VXDAH.js";import"./chunk-GDKXHWNX.js";export{v as BUNDLE_FILES,e as CorruptRecordFileError,b as DEFAULT_LOCK_OPTIONS,g as INDEX_FILE,c as LockTimeoutError,A as SanitizeStream,z as anomalyJobSummary,B as createSanitizeStream,n as duration,r as esc,y as kpiJobSummary,s as lineChart,i as listBundleFiles,f as mergeRecordFile,o as num,m as pct,l as renderAuditSummary,u as renderDashboard,p as renderOpsHealthKpi,k as runKey,q as sanitizeDeep,C as sanitizeFile,h as sha256File,x as sparkline,t as stackedBars,d as withFileLock,w as writeBundle,j as writeEvidenceIndex,a as writeFileAtomic};
