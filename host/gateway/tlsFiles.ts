import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CodedError, errorMessage } from '../base/errors.ts';

/** PEM files of a hosted gateway's certificate (chain) and private key. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** What a TLS listener serves, checked to belong together. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** Subject and expiry, for the log and `doctor`. */
  subject: string;
  validTo: Date;
}

/**
 * Reads and checks a certificate and its key: both readable PEM, the key matches the (first)
 * certificate, and the certificate is valid now. Throws a CodedError that says which file is wrong.
 */
export function loadTlsMaterial(files: TlsFiles, now: Date = new Date()): TlsMaterial {
  const cert = readPem(files.certFile, 'certificate');
  const key = readPem(files.keyFile, 'private key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new CodedError('invalid_tls_certificate', `${files.certFile} is not a PEM certificate (${errorMessage(error)})`, { cause: error });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new CodedError('invalid_tls_key', `${files.keyFile} is not an unencrypted PEM private key (${errorMessage(error)})`, { cause: error });
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new CodedError('tls_key_mismatch', `the key ${files.keyFile} does not belong to the certificate ${files.certFile}; give the key the certificate was issued for`);
  }
  const validTo = new Date(certificate.validTo);
  if (validTo.getTime() < now.getTime() || new Date(certificate.validFrom).getTime() > now.getTime()) {
    throw new CodedError('tls_certificate_expired', `the certificate ${files.certFile} is valid from ${certificate.validFrom} to ${certificate.validTo}, not now; renew it`);
  }
  return { cert, key, subject: certificate.subject.replace(/\n/g, ', '), validTo };
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CodedError('tls_file_unreadable', `cannot read the TLS ${what} ${path} (${errorMessage(error)})`, { cause: error });
  }
}
