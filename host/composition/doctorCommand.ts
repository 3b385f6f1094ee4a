import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { CodedError, errorMessage } from '../base/errors.ts';
import { assertSecureBind, formatHostPort, isLoopbackHost, parseHostPort } from '../gateway/listenAddress.ts';
import { loadTlsMaterial } from '../gateway/tlsFiles.ts';
import { readTokensFile } from '../gateway/tokensFile.ts';
import { socketPathProblem } from '../gateway/unixSocketListener.ts';
import { loadWorkflow } from '../workflow/workflowLoader.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { parseHostFlags } from './cliArgs.ts';
import type { HostFlags } from './cliArgs.ts';

/** How bad a finding is: `fail` makes `doctor` exit 1. */
export type Verdict = 'ok' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface Finding {
  verdict: Verdict;
  check: string;
  detail: string;
}

/** What the checks read from the machine; tests substitute their own. */
export interface DoctorEnvironment {
  /** The PATH the codex command is looked up on. */
  pathVariable: string | undefined;
  platform: NodeJS.Platform;
  now: Date;
}

/** A certificate that ends within this many days is worth a warning. */
const EXPIRY_WARNING_DAYS = 14;

/**
 * `doctor [serve flags]`: checks what `serve` would run with and prints one line per finding:
 * WORKFLOW.md, the codex command, the data dir, the listeners (socket path, loopback, TLS) and the
 * tokens. Exit code 1 when any check fails.
 */
export async function doctorCommand(args: string[], write: (text: string) => void = (text) => process.stdout.write(text),
  environment: DoctorEnvironment = { pathVariable: process.env.PATH, platform: process.platform, now: new Date() }): Promise<number> {
  let findings: Finding[];
  try {
    findings = await diagnose(parseHostFlags(args), environment);
  } catch (error) {
    findings = [{ verdict: 'fail', check: 'flags', detail: errorMessage(error) }];
  }
  const width = Math.max(...findings.map((finding) => finding.check.length));
  for (const { verdict, check, detail } of findings) write(`${verdict.toUpperCase().padEnd(4)}  ${check.padEnd(width)}  ${detail}\n`);
  const failures = findings.filter((finding) => finding.verdict === 'fail').length;
  write(failures === 0 ? 'doctor: the configuration looks good\n' : `doctor: ${failures} problem${failures === 1 ? '' : 's'} to fix\n`);
  return failures === 0 ? 0 : 1;
}

/** Every finding for a set of flags, in the order an operator fixes them. */
export async function diagnose(flags: HostFlags, environment: DoctorEnvironment): Promise<Finding[]> {
  const workflow = await workflowFindings(flags.workflow ?? resolve('WORKFLOW.md'));
  return [
    ...workflow.findings,
    ...(workflow.definition ? [codexFinding(workflow.definition.config.codex.command, environment)] : []),
    dataDirFinding(flags.data),
    ...listenerFindings(flags, environment),
    ...tlsFindings(flags, environment),
    ...tokenFindings(flags, environment),
  ];
}

async function workflowFindings(path: string): Promise<{ findings: Finding[]; definition?: WorkflowDefinition }> {
  try {
    const definition = await loadWorkflow(path);
    return { definition, findings: [ok('workflow', `${path} is valid (tracker ${definition.config.tracker.kind})`)] };
  } catch (error) {
    const line = (error as { line?: number | null }).line;
    return { findings: [fail('workflow', `${codeOf(error)}${line ? ` (line ${line})` : ''}: ${errorMessage(error)}`)] };
  }
}

/** The codex command runs under `bash -lc`; its program must be found (on this PATH, or at its path). */
function codexFinding(command: string, environment: DoctorEnvironment): Finding {
  const program = /^\s*(?:"([^"]+)"|'([^']+)'|(\S+))/.exec(command);
  const name = program?.[1] ?? program?.[2] ?? program?.[3];
  if (!name) return fail('codex', 'codex.command is empty; set it in WORKFLOW.md (default: codex app-server)');
  const found = name.includes('/') ? (isExecutable(name) ? name : undefined) : findOnPath(name, environment);
  return found
    ? ok('codex', `"${command}" runs ${found}`)
    : fail('codex', `"${name}" (from codex.command "${command}") is not an executable ${name.includes('/') ? 'file' : 'on PATH'}; install it (npm i -g @openai/codex) or set codex.command`);
}

function findOnPath(name: string, environment: DoctorEnvironment): string | undefined {
  const extensions = environment.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of (environment.pathVariable ?? '').split(delimiter).filter(Boolean)) {
    for (const extension of extensions) if (isExecutable(join(dir, name + extension))) return join(dir, name + extension);
  }
  return undefined;
}

function dataDirFinding(data: string | undefined): Finding {
  if (!data) return fail('data', 'missing --data <dir> (the journal lives there)');
  if (existsSync(data)) {
    if (!statSync(data).isDirectory()) return fail('data', `${data} exists and is not a directory`);
    return isWritableDir(data) ? ok('data', `${data} is writable`) : fail('data', `${data} is not writable by this user; choose another --data or fix its permissions`);
  }
  const parent = nearestExisting(data);
  return parent && isWritableDir(parent) ? ok('data', `${data} will be created under ${parent}`) : fail('data', `cannot create ${data}: ${parent ?? 'its parent'} is not writable`);
}

function listenerFindings(flags: HostFlags, environment: DoctorEnvironment): Finding[] {
  const findings: Finding[] = [];
  if (!flags.socket && flags.listen.length === 0) findings.push(fail('listeners', 'no listener: give --socket <path> and/or --listen <host:port>'));
  if (flags.socket) {
    const problem = socketPathProblem(flags.socket, environment.platform);
    const parent = nearestExisting(dirname(flags.socket));
    if (problem) findings.push(fail('socket', problem));
    else if (environment.platform !== 'win32' && !(parent && isWritableDir(parent))) findings.push(fail('socket', `cannot create ${flags.socket}: ${dirname(flags.socket)} is not writable`));
    else findings.push(ok('socket', `${flags.socket} is usable`));
  }
  const tls = flags.tls.certFile !== undefined && flags.tls.keyFile !== undefined;
  for (const text of flags.listen) findings.push(listenFinding(text, tls, flags.allowInsecureRemote));
  return findings;
}

function listenFinding(text: string, tls: boolean, allowInsecureRemote: boolean): Finding {
  try {
    const address = parseHostPort(text);
    assertSecureBind(address, { tls, allowInsecureRemote });
    const where = formatHostPort(address);
    if (tls) return ok('listen', `${where} serves https/wss`);
    if (isLoopbackHost(address.host)) return ok('listen', `${where} is loopback-only (plain http)`);
    return warn('listen', `${where} serves plain http beyond this machine (--allow-insecure-remote); make sure a TLS proxy or a private network protects it`);
  } catch (error) {
    return fail('listen', errorMessage(error));
  }
}

function tlsFindings(flags: HostFlags, environment: DoctorEnvironment): Finding[] {
  const { certFile, keyFile } = flags.tls;
  if (certFile === undefined && keyFile === undefined) return [];
  if (certFile === undefined || keyFile === undefined) return [fail('tls', '--tls-cert and --tls-key go together; give both')];
  try {
    const material = loadTlsMaterial({ certFile, keyFile }, environment.now);
    const daysLeft = (material.validTo.getTime() - environment.now.getTime()) / 86_400_000;
    const detail = `${material.subject}, valid until ${material.validTo.toISOString()}; the key matches`;
    return [daysLeft < EXPIRY_WARNING_DAYS ? warn('tls', `${detail}, but it expires in ${Math.floor(daysLeft)} days`) : ok('tls', detail)];
  } catch (error) {
    return [fail('tls', `${codeOf(error)}: ${errorMessage(error)}`)];
  }
}

function tokenFindings(flags: HostFlags, environment: DoctorEnvironment): Finding[] {
  const findings: Finding[] = [];
  if (!flags.tokenFile && !flags.tokensFile) findings.push(fail('tokens', 'no token: give --token-file <file> (one admin token) and/or --tokens-file <file>'));
  if (flags.tokenFile) findings.push(tokenFileFinding(flags.tokenFile, environment));
  if (flags.tokensFile) {
    try {
      const { grants } = readTokensFile(flags.tokensFile);
      const roles = grants.map((grant) => `${grant.name}: ${grant.role}`).join(', ');
      findings.push(ok('tokens-file', `${grants.length} token${grants.length === 1 ? '' : 's'} (${roles})`));
    } catch (error) {
      findings.push(fail('tokens-file', errorMessage(error)));
    }
  }
  return findings;
}

function tokenFileFinding(path: string, environment: DoctorEnvironment): Finding {
  if (!existsSync(path)) {
    const parent = nearestExisting(dirname(path));
    return parent && isWritableDir(parent) ? ok('token-file', `${path} will be created with a random token (0600)`) : fail('token-file', `cannot create ${path}: its folder is not writable`);
  }
  try {
    if (readFileSync(path, 'utf8').trim() === '') return fail('token-file', `${path} is empty; delete it and the host writes a new token`);
  } catch (error) {
    return fail('token-file', `cannot read ${path} (${errorMessage(error)})`);
  }
  if (environment.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    return fail('token-file', `${path} is readable or writable by others (mode ${(statSync(path).mode & 0o777).toString(8)}); chmod 600 it, and delete it to rotate the token if others may have read it`);
  }
  return ok('token-file', `${path} is private (0600)`);
}

function nearestExisting(path: string): string | undefined {
  for (let current = path; ; current = dirname(current)) {
    if (existsSync(current)) return current;
    if (dirname(current) === current || !isAbsolute(current)) return undefined;
  }
}

function isWritableDir(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function codeOf(error: unknown): string {
  return error instanceof CodedError ? error.code : 'error';
}

const ok = (check: string, detail: string): Finding => ({ verdict: 'ok', check, detail });
const warn = (check: string, detail: string): Finding => ({ verdict: 'warn', check, detail });
const fail = (check: string, detail: string): Finding => ({ verdict: 'fail', check, detail });
