import * as vscode from 'vscode';
import type { AnswerChoice, AnswerPrompter, AnswerStep } from './answerCollection.ts';

function title(issueIdentifier: string, step: AnswerStep): string {
  const header = step.question.header ? ` · ${step.question.header}` : '';
  return `${issueIdentifier} asks${header} (question ${step.index + 1} of ${step.total})`;
}

/** Answer prompts as a quick pick (options) and an input box (free text, masked when secret). */
export function vscodeAnswerPrompter(issueIdentifier: string): AnswerPrompter {
  return {
    async pick(step: AnswerStep, choices: readonly AnswerChoice[]): Promise<AnswerChoice | undefined> {
      const items = choices.map((choice) => ({ label: choice.label, description: choice.description, choice }));
      const picked = await vscode.window.showQuickPick(items, {
        title: title(issueIdentifier, step), placeHolder: step.question.question, ignoreFocusOut: true,
      });
      return picked?.choice;
    },
    text(step, options): Promise<string | undefined> {
      return Promise.resolve(vscode.window.showInputBox({
        title: title(issueIdentifier, step),
        prompt: step.question.question,
        password: options.secret,
        ignoreFocusOut: true,
        validateInput: options.validate,
      }));
    },
  };
}
