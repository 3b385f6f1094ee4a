import type { ApprovalQuestion } from '../protocol/index.ts';
import { CodedError } from '../base/errors.ts';

/** A decision's answers did not fit the questions (missing, unknown, or not one of the offered choices). */
export const INVALID_ANSWERS = 'approval_answers_invalid';

/**
 * Checks a user's answers against the questions and returns them trimmed: every question needs a
 * non-empty answer, no unknown question ids, and a question that offers choices without "other"
 * takes one of its option labels. Throws `approval_answers_invalid` naming what to fix.
 */
export function checkedAnswers(questions: readonly ApprovalQuestion[], given: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const answers: Record<string, string> = {};
  const problems: string[] = [];
  const known = new Set(questions.map((question) => question.id));
  const unknown = Object.keys(given ?? {}).filter((id) => !known.has(id));
  if (unknown.length) problems.push(`no question has the id ${unknown.map((id) => `"${id}"`).join(', ')}`);
  for (const question of questions) {
    const answer = given?.[question.id]?.trim() ?? '';
    if (!answer) {
      problems.push(`"${question.id}" (${question.question}) has no answer`);
      continue;
    }
    const labels = question.options.map((option) => option.label);
    if (labels.length && !question.allow_other && !labels.includes(answer)) {
      problems.push(`"${question.id}" must be one of ${labels.map((label) => `"${label}"`).join(', ')}`);
      continue;
    }
    answers[question.id] = answer;
  }
  if (problems.length) throw new CodedError(INVALID_ANSWERS, `Answer every question of this request: ${problems.join('; ')}.`);
  return answers;
}

/** The answers as the journal keeps them: a secret question's answer is null, never its text. */
export function journaledAnswers(questions: readonly ApprovalQuestion[], answers: Readonly<Record<string, string>>): Record<string, string | null> {
  return Object.fromEntries(questions.map((question) => [question.id, question.secret ? null : answers[question.id] ?? null]));
}

/** "no answer within 300 s" (the cancel reason of an expired question). */
export function expiryReason(timeoutMs: number): string {
  return `no answer within ${Math.round(timeoutMs / 1000)} s`;
}
