import { Liquid, LiquidError } from 'liquidjs';
import type { Template } from 'liquidjs';
import type { Issue } from '../protocol/index.ts';
import { errorMessage } from '../base/errors.ts';
import { TemplateError } from './workflowErrors.ts';

/** Used when the WORKFLOW.md body is empty (Symphony §5.4, HEAD wording). */
export const DEFAULT_PROMPT = 'You are working on an issue from the configured tracker.';

/** What a prompt template may refer to (§2.4). */
export interface PromptVariables {
  issue: Issue;
  /** null on the first run; 1-based on retries and continuations. */
  attempt: number | null;
}

/**
 * Renders prompt templates with a strict Liquid engine: unknown variables and unknown filters
 * fail instead of rendering as empty text. Keeps the last parsed template, since every run of a
 * workflow renders the same one.
 */
export class PromptRenderer {
  private readonly liquid = new Liquid({ strictVariables: true, strictFilters: true, ownPropertyOnly: true });
  private parsed: { source: string; templates: Template[] } | undefined;

  /** Parses without rendering, to report template problems before any run needs them. */
  check(template: string): TemplateError | undefined {
    try {
      this.parse(template);
      return undefined;
    } catch (error) {
      return error as TemplateError;
    }
  }

  /** Renders `template` (or the default prompt when it is blank). Throws `TemplateError`. */
  async render(template: string, variables: PromptVariables): Promise<string> {
    const source = template.trim() === '' ? DEFAULT_PROMPT : template;
    const templates = this.parse(source);
    // A copy, so a template can never reach into or alter the orchestrator's issue record.
    const scope = { issue: structuredClone(variables.issue), attempt: variables.attempt ?? null };
    try {
      return await this.liquid.render(templates, scope);
    } catch (error) {
      throw toTemplateError('template_render_error', error);
    }
  }

  private parse(source: string): Template[] {
    if (this.parsed?.source === source) return this.parsed.templates;
    try {
      const templates = this.liquid.parse(source);
      this.parsed = { source, templates };
      return templates;
    } catch (error) {
      // strictFilters rejects unknown filters while parsing; the spec classes them as render errors.
      const unknownFilter = error instanceof LiquidError && error.message.startsWith('undefined filter');
      throw toTemplateError(unknownFilter ? 'template_render_error' : 'template_parse_error', error);
    }
  }
}

const sharedRenderer = new PromptRenderer();

/** Renders with a shared strict renderer; see `PromptRenderer.render`. */
export function renderPrompt(template: string, variables: PromptVariables): Promise<string> {
  return sharedRenderer.render(template, variables);
}

/**
 * Guidance sent instead of the full prompt on continuation turns inside one worker session
 * (§2.4): the agent already has the instructions and the workspace holds its progress.
 */
export function continuationPrompt(turn: number, maxTurns: number): string {
  return [
    'Continuation guidance:',
    '- The previous turn ended normally, and the issue is still in an active state.',
    `- This is continuation turn ${turn} of ${maxTurns} for this session.`,
    '- Resume from the current workspace state and your own notes in it; do not start over.',
    '- The original task instructions still apply; do not restate them.',
    '- Do not end the turn while the issue is still active unless you are truly blocked.',
  ].join('\n');
}

function toTemplateError(code: TemplateError['code'], error: unknown): TemplateError {
  const position = error instanceof LiquidError ? error.token?.getPosition() : undefined;
  const line = position?.[0] ?? null;
  const what = code === 'template_parse_error' ? 'cannot be parsed' : 'failed to render';
  return new TemplateError(code,
    `The WORKFLOW.md prompt template ${what}: ${firstLine(errorMessage(error))}. Fix the template body; the variables are 'issue' (its fields such as issue.identifier, issue.labels) and 'attempt'.`,
    { line, cause: error });
}

/** liquidjs appends a source excerpt and stack; the first line carries the reason and position. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
