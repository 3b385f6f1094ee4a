/**
 * The oldest Node.js the host runs on: undici 8 (the host's HTTP client) needs 22.19, and reads
 * zlib's zstd functions as it loads, so an older runtime would fail with a bare TypeError. The
 * extension bundles the same client, so this is also the oldest runtime the extension loads on.
 */
export const MINIMUM_NODE_VERSION = '22.19.0';

/**
 * The first VS Code whose runtime (the extension host's, which also runs the host) has
 * MINIMUM_NODE_VERSION: 1.105 ships Electron 37.6.0 with Node.js 22.19.0; 1.104 has 22.18.0.
 * The manifest's `engines.vscode` starts here, so VS Code offers the extension to no older editor.
 */
export const MINIMUM_VSCODE_VERSION = '1.105.0';

/** What is wrong with running the host on Node.js `version` (e.g. `process.versions.node`), or undefined. */
export function nodeVersionProblem(version: string): string | undefined {
  if (compareVersions(version, MINIMUM_NODE_VERSION) >= 0) return undefined;
  return `The OpenSymphony host needs Node.js ${MINIMUM_NODE_VERSION} or later, and this runtime is Node.js ${version}. ` +
    'In VS Code, update VS Code (the host runs on its runtime); to run the host yourself, use a newer Node.js.';
}

/** Compares `major.minor.patch` versions numerically; a missing or non-numeric part counts as 0. */
function compareVersions(left: string, right: string): number {
  const parts = (version: string): number[] => version.split('.').slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [a, b] = [parts(left), parts(right)];
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
