import { describe, expect, it } from '@jest/globals';
import { evaluateKillSwitch, parseKillVariable, type KillSwitchEntry } from '../../src/index.js';

const subject = { service: 'github:acme/web:CI', action: 'rerun-failed-jobs' };
const on = (scope: KillSwitchEntry['scope'], target: string, reason: string): KillSwitchEntry => ({
  scope,
  target,
  active: true,
  reason,
});

describe('kill switch precedence', () => {
  it('global beats service beats action', () => {
    const all = [on('action', 'rerun-failed-jobs', 'a'), on('service', subject.service, 's'), on('global', '*', 'g')];
    expect(evaluateKillSwitch(all, subject)).toMatchObject({ killed: true, scope: 'global', reason: 'g' });
    expect(evaluateKillSwitch(all.slice(0, 2), subject)).toMatchObject({ scope: 'service', reason: 's' });
    expect(evaluateKillSwitch(all.slice(0, 1), subject)).toMatchObject({ scope: 'action', reason: 'a' });
  });

  it('ignores inactive switches and other targets', () => {
    const entries = [
      { ...on('global', '*', 'g'), active: false },
      on('service', 'github:acme/web:Deploy', 'x'),
      on('action', 'cancel-run', 'y'),
    ];
    expect(evaluateKillSwitch(entries, subject)).toEqual({ killed: false });
  });
});

describe('OPSGUARD_KILL variable', () => {
  it('is off when unset or false', () => {
    expect(parseKillVariable(undefined)).toEqual([]);
    expect(parseKillVariable(' false ')).toEqual([]);
  });

  it('stops everything on true', () => {
    expect(parseKillVariable('true')).toMatchObject([{ scope: 'global' }]);
  });

  it('reads scoped entries', () => {
    expect(parseKillVariable('service:github:acme/web:CI, action:cancel-run')).toMatchObject([
      { scope: 'service', target: 'github:acme/web:CI' },
      { scope: 'action', target: 'cancel-run' },
    ]);
  });

  it('fails closed on anything it does not understand', () => {
    expect(parseKillVariable('please stop')).toMatchObject([{ scope: 'global' }]);
  });
});
