import { describe, expect, it } from 'vitest';
// @ts-expect-error The CI script is plain JavaScript without declarations.
import { auditOutcome, packageProblems } from '../../.ci/dependencyAudit.mjs';

const packument = (versions: Record<string, { deprecated?: string }>) => ({ versions });

describe('the shipped-dependency check', () => {
  it('passes the newest release of a major line', () => {
    expect(packageProblems('dompurify', '3.5.0', packument({ '2.9.0': {}, '3.4.18': {}, '3.5.0': {}, '4.0.0-beta.1': {} }))).toEqual([]);
  });

  it('fails a release behind its major line, as Electron 45.4.1 was behind 45.6.1', () => {
    expect(packageProblems('electron', '45.4.1', packument({ '45.4.1': {}, '45.6.1': {}, '46.0.0': {} }))).toEqual([
      'electron@45.4.1 is behind 45.6.1, the newest release of its major line',
    ]);
  });

  it('fails a deprecated release and does not send anyone to a deprecated one', () => {
    const versions = packument({ '8.23.0': { deprecated: 'DoS, upgrade to 8.23.1' }, '8.23.1': {}, '8.24.0': { deprecated: 'broken' } });
    expect(packageProblems('ws', '8.23.0', versions)).toEqual([
      'ws@8.23.0 is deprecated: DoS, upgrade to 8.23.1',
      'ws@8.23.0 is behind 8.23.1, the newest release of its major line',
    ]);
  });

  it('fails a version the registry does not have', () => {
    expect(packageProblems('werift', '0.99.0', packument({ '0.24.4': {} }))).toEqual(['werift@0.99.0 is not in the registry']);
  });

  it('lists the advisories npm audit found', () => {
    const report = { vulnerabilities: { dompurify: { name: 'dompurify', severity: 'moderate', range: '<3.5.0' } } };
    expect(auditOutcome(JSON.stringify(report))).toEqual({ checked: true, advisories: ['dompurify (moderate) <3.5.0'] });
    expect(auditOutcome(JSON.stringify({ vulnerabilities: {} }))).toEqual({ checked: true, advisories: [] });
  });

  it('says so when the registry refused the audit, instead of passing it', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', error: { summary: '' } };
    expect(auditOutcome(JSON.stringify(refused))).toEqual({ checked: false, why: refused.message });
    expect(auditOutcome('')).toEqual({ checked: false, why: 'npm audit printed no report' });
  });
});
