import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for localhost / 127.0.0.1 / ::1, and its key, as files and PEM. */
export interface TestCertificate {
  certFile: string;
  keyFile: string;
  cert: Buffer;
}

const made = new Map<string, TestCertificate>();

/**
 * Makes (once per process and name) a self-signed EC certificate with the openssl CLI; the files
 * are removed when the process exits.
 */
export function selfSignedCertificate(name = 'default', days = 2): TestCertificate {
  const existing = made.get(name);
  if (existing) return existing;
  const dir = mkdtempSync(join(tmpdir(), 'os-tls-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', String(days), '-subj', `/CN=localhost-${name}`,
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
  ], { stdio: 'ignore' });
  const certificate = { certFile, keyFile, cert: readFileSync(certFile) };
  made.set(name, certificate);
  return certificate;
}
