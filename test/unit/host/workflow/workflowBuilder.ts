import { stringify } from 'yaml';
import type { PathEnvironment } from '../../../../host/workflow/workflowPaths.ts';

/** WORKFLOW.md text: front matter (a YAML string or an object to serialize) between fences, then the body. */
export function workflowText(frontMatter: string | Record<string, unknown> | null, body = 'Work on {{ issue.identifier }}.'): string {
  if (frontMatter === null) return body;
  const yaml = typeof frontMatter === 'string' ? frontMatter : stringify(frontMatter);
  return `---\n${yaml.endsWith('\n') ? yaml : `${yaml}\n`}---\n${body}\n`;
}

/** A machine-independent environment for path resolution. */
export function pathEnvironment(env: Record<string, string> = {}): PathEnvironment {
  return { env, homedir: '/home/tester', tmpdir: '/tmp-test' };
}
