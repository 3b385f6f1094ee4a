import { WorkflowConfigSchema, type WorkflowDefinition } from '../../host/workflow/workflowConfig.ts';

/** A loaded workflow with defaults, a given workspace root and overrides of the front matter. */
export function aWorkflow(workspaceRoot: string, frontMatter: Record<string, unknown> = {}, promptTemplate = 'Work on {{ issue.identifier }}: {{ issue.title }}'): WorkflowDefinition {
  const config = WorkflowConfigSchema.parse(frontMatter);
  return {
    path: '/virtual/WORKFLOW.md',
    config: { ...config, workspace: { ...config.workspace, root: workspaceRoot }, tracker: { ...config.tracker, path: '/virtual/issues.yaml' } },
    promptTemplate,
  };
}
