import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{i as m,n as s,s as n}from"./chunk-VVBEV3ZU.js";import"./chunk-GDKXHWNX.js";import*as o from"fs";import*as t from"path";m();var S=class extends n{constructor(r){super(r),this.rootDir=t.resolve(r),o.existsSync(t.join(this.rootDir))||o.mkdirSync(this.rootDir)}async init(r,e){return this.pg=r,{emscriptenOpts:{...e,preRun:[...e.preRun||[],i=>{let p=i.NODEFS;i.FS.mkdirTree(s),i.FS.mount(p,{root:this.rootDir},s)}]}}}async closeFs(){this.pg.Module.FS.quit()}};export{S as NodeFS};
