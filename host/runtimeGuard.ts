// The host entry's first import: it runs before any module that needs a newer Node.js is loaded,
// so an old runtime gets one actionable sentence and exit code 1 instead of a stack trace.
import { nodeVersionProblem } from './base/nodeVersion.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
