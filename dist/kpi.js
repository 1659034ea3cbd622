import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{f as s,h as n,i as p,j as d,k as m,t as u}from"./chunks/chunk-JW4F4ZQS.js";import"./chunks/chunk-I6EXHRUH.js";import"./chunks/chunk-R6ZCEJG3.js";import"./chunks/chunk-GDKXHWNX.js";import{join as j}from"node:path";function l(){return{...u({days:30,outDir:"docs"}),jobs:s("jobs",["failed","all"],"failed")}}async function c(){await m(async()=>{let i=l(),{auditRepository:b,auditSetupOf:f,loopProblems:y,describeProblem:w}=await import("./chunks/src-XI55Y4D5.js"),{kpiJobSummary:g,guaranteesSummary:S,problemsSummary:h}=await import("./chunks/src-JPN6W23Q.js"),t=await b({...f(i,a=>d.info(a)),kind:"kpi",apply:!1,jobs:i.jobs}),o=t.kpi.windows.find(a=>a.days===7)?.overall,e=j(t.bundle.dir,"dashboard.html");n({"success-rate":o?.successRateByRun??"","p95-duration-ms":o?.durationMs.p95??"","mttr-ms":o?.mttrMs??"",dashboard:e,"bundle-path":t.bundle.dir});let r=y(t).map(w);if(await p([g(t.kpi,t.daily,e),h(r),S(t.guarantees)].join(`

`)),r.length>0)throw new Error(`the KPI report is partial: ${r.join("; ")}`)})}await c();
