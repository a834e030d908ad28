// Fails when what the app ships has a known advisory or has fallen behind its release line.
// 1. `npm audit` over the production dependencies, when the registry answers it (some mirrors and proxies refuse
//    the advisory endpoint: that is said, never taken as a pass).
// 2. Always: every package whose code ships (the production dependencies, Electron and the Svelte runtime the
//    renderer bundles) is the newest release of its major line and not deprecated. Security fixes reach a major
//    line as minor and patch releases (Electron backports them so), and npm deprecates versions with known holes.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import semver from 'semver';

/** Packages bundled into the app although they are development dependencies of the build. */
const SHIPPED_DEV_DEPENDENCIES = ['electron', 'svelte'];

/**
 * What is wrong with one shipped package, given its registry metadata (the abbreviated packument:
 * `versions`, each maybe `deprecated`). An empty list means it is current.
 * @param {string} name
 * @param {string} installed
 * @param {{ versions: Record<string, { deprecated?: string }> }} packument
 * @returns {string[]}
 */
export function packageProblems(name, installed, packument) {
  const problems = [];
  const release = packument.versions[installed];
  if (!release) return [`${name}@${installed} is not in the registry`];
  if (release.deprecated) problems.push(`${name}@${installed} is deprecated: ${release.deprecated}`);
  const newest = semver.maxSatisfying(
    Object.keys(packument.versions).filter((version) => !packument.versions[version]?.deprecated),
    `^${semver.major(installed)}.0.0 >${installed}`,
  );
  if (newest) problems.push(`${name}@${installed} is behind ${newest}, the newest release of its major line`);
  return problems;
}

/**
 * What `npm audit --json` said: the advisories found, or why it could not tell.
 * @param {string} output
 * @returns {{ checked: true, advisories: string[] } | { checked: false, why: string }}
 */
export function auditOutcome(output) {
  let report;
  try {
    report = JSON.parse(output);
  } catch {
    return { checked: false, why: 'npm audit printed no report' };
  }
  if (!report.vulnerabilities) return { checked: false, why: report.error?.summary || report.message || 'npm audit printed no report' };
  const advisories = Object.values(report.vulnerabilities).map((found) => `${found.name} (${found.severity}) ${found.range}`);
  return { checked: true, advisories };
}

async function registryPackument(registry, name) {
  const response = await fetch(new URL(name.replace('/', '%2f'), registry), { headers: { accept: 'application/vnd.npm.install-v1+json' } });
  if (!response.ok) throw new Error(`the registry answered ${response.status} for ${name}`);
  return response.json();
}

async function npmAudit() {
  const run = promisify(execFile);
  try {
    const { stdout } = await run('npm', ['audit', '--omit=dev', '--json'], { maxBuffer: 64 * 1024 * 1024 });
    return auditOutcome(stdout);
  } catch (failure) {
    // npm audit exits 1 both when it finds advisories and when it cannot ask: the report tells which.
    return auditOutcome(failure.stdout ?? '');
  }
}

async function main() {
  const manifest = JSON.parse(await readFile('package.json', 'utf8'));
  const lock = JSON.parse(await readFile('package-lock.json', 'utf8'));
  const { stdout: registryOutput } = await promisify(execFile)('npm', ['config', 'get', 'registry']);
  const registry = registryOutput.trim().replace(/\/?$/, '/');
  const shipped = [...Object.keys(manifest.dependencies), ...SHIPPED_DEV_DEPENDENCIES];

  const problems = [];
  for (const name of shipped) {
    const installed = lock.packages[`node_modules/${name}`]?.version;
    if (!installed) problems.push(`${name} is not in package-lock.json`);
    else problems.push(...packageProblems(name, installed, await registryPackument(registry, name)));
  }
  const audit = await npmAudit();
  if (audit.checked) problems.push(...audit.advisories.map((advisory) => `advisory: ${advisory}`));

  console.log(`Release lines: ${shipped.length} shipped packages checked against ${registry}`);
  console.log(audit.checked ? 'Advisories: npm audit checked the production dependencies' : `Advisories: NOT CHECKED, ${audit.why}`);
  for (const problem of problems) console.log(`  ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
  else console.log('No shipped package is behind, deprecated or advised against.');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
