import type { ApprovalQuestion } from '../../protocol/index.ts';

/** How one form field's answer text becomes the JSON value the MCP server expects. */
type FieldValue = (answer: string) => unknown;

/** An MCP elicitation form as questions, and the way back from answers to the form's content. */
export interface ElicitationForm {
  questions: ApprovalQuestion[];
  content(answers: Readonly<Record<string, string>>): Record<string, unknown>;
}

interface Choice {
  label: string;
  value: string;
}

// Field names that hold credentials: their answers are masked by clients and never journaled.
const SECRET_NAME = /pass(word|phrase)?|secret|token|api[-_ ]?key|credential/i;

/**
 * Reads a form-mode `requestedSchema` (`{type: "object", properties}`, MCP 2025-11-25): one question
 * per property, with choices for enums and booleans; read leniently, since the `openai/form` modes
 * carry any JSON schema. Unknown property shapes become free-text questions.
 */
export function elicitationForm(requestedSchema: unknown): ElicitationForm {
  const properties = recordOf(recordOf(requestedSchema).properties);
  const questions: ApprovalQuestion[] = [];
  const values = new Map<string, FieldValue>();
  for (const [id, raw] of Object.entries(properties)) {
    const field = recordOf(raw);
    const choices = choicesOf(field);
    const multiple = field.type === 'array';
    const title = stringOf(field.title);
    questions.push({
      id, header: title, question: stringOf(field.description) ?? title ?? id,
      options: choices.map((choice) => ({ label: choice.label, description: multiple ? 'separate several choices with commas' : null })),
      allow_other: multiple, secret: SECRET_NAME.test(id) || SECRET_NAME.test(title ?? ''),
    });
    values.set(id, valueOf(field, choices));
  }
  return {
    questions,
    content: (answers) => Object.fromEntries([...values].filter(([id]) => answers[id] !== undefined).map(([id, value]) => [id, value(answers[id]!)])),
  };
}

function choicesOf(field: Record<string, unknown>): Choice[] {
  if (field.type === 'boolean') return [{ label: 'yes', value: 'true' }, { label: 'no', value: 'false' }];
  const items = field.type === 'array' ? recordOf(field.items) : field;
  const titled = arrayOf(items.oneOf ?? items.anyOf).map(recordOf).filter((option) => typeof option.const === 'string');
  if (titled.length) return titled.map((option) => ({ label: stringOf(option.title) ?? String(option.const), value: String(option.const) }));
  const names = arrayOf(items.enumNames);
  return arrayOf(items.enum).filter((value): value is string => typeof value === 'string')
    .map((value, index) => ({ label: typeof names[index] === 'string' ? names[index] : value, value }));
}

function valueOf(field: Record<string, unknown>, choices: readonly Choice[]): FieldValue {
  const choose = (answer: string): string => choices.find((choice) => choice.label === answer)?.value ?? answer;
  if (field.type === 'boolean') return (answer) => choose(answer) === 'true';
  if (field.type === 'number' || field.type === 'integer') {
    return (answer) => (Number.isFinite(Number(answer)) ? Number(answer) : answer);
  }
  if (field.type === 'array') return (answer) => answer.split(',').map((part) => choose(part.trim())).filter(Boolean);
  return choose;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}
