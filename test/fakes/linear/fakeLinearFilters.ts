import type { FakeIssue, FakeLinearGraph, FakeProject } from './fakeLinearGraph.ts';

// Linear's filter inputs, evaluated over the fake graph. Only the keys and comparators below are
// implemented; anything else throws, so a query cannot pass a test by being silently unfiltered.

type Filter = Record<string, unknown>;

/** Whether `issue` matches an `IssueFilter` (keys combine with AND, plus explicit `and` / `or`). */
export function issueMatches(graph: FakeLinearGraph, issue: FakeIssue, filter: Filter | null | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, value]) => {
    switch (key) {
      case 'and': return (value as Filter[]).every((part) => issueMatches(graph, issue, part));
      case 'or': return (value as Filter[]).some((part) => issueMatches(graph, issue, part));
      case 'id': return compareId(issue.id, value as Filter, 'IssueFilter.id');
      case 'number': return compareNumber(issue.number, value as Filter, 'IssueFilter.number');
      case 'updatedAt': return compareDate(issue.updatedAt, value as Filter, 'IssueFilter.updatedAt');
      case 'createdAt': return compareDate(issue.createdAt, value as Filter, 'IssueFilter.createdAt');
      case 'project': return projectMatchesNullable(issue.projectId === null ? null : graph.projects.get(issue.projectId) ?? null, value as Filter);
      case 'state': return stateMatches(graph, issue, value as Filter);
      case 'team': return teamMatches(graph, issue, value as Filter);
      default: throw notImplemented(`IssueFilter.${key}`);
    }
  });
}

/** Whether `project` matches a `ProjectFilter`. */
export function projectMatches(project: FakeProject, filter: Filter | null | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, value]) => {
    switch (key) {
      case 'and': return (value as Filter[]).every((part) => projectMatches(project, part));
      case 'or': return (value as Filter[]).some((part) => projectMatches(project, part));
      case 'id': return compareId(project.id, value as Filter, 'ProjectFilter.id');
      case 'slugId': return compareString(project.slugId, value as Filter, 'ProjectFilter.slugId');
      case 'name': return compareString(project.name, value as Filter, 'ProjectFilter.name');
      default: throw notImplemented(`ProjectFilter.${key}`);
    }
  });
}

function projectMatchesNullable(project: FakeProject | null, filter: Filter): boolean {
  const { null: isNull, ...rest } = filter;
  if (isNull !== undefined && isNull !== null && (project === null) !== isNull) return false;
  if (Object.keys(rest).length === 0) return true;
  return project !== null && projectMatches(project, rest);
}

function stateMatches(graph: FakeLinearGraph, issue: FakeIssue, filter: Filter): boolean {
  const state = graph.states.get(issue.stateId)!;
  return Object.entries(filter).every(([key, value]) => {
    if (key === 'name') return compareString(state.name, value as Filter, 'WorkflowStateFilter.name');
    if (key === 'type') return compareString(state.type, value as Filter, 'WorkflowStateFilter.type');
    if (key === 'id') return compareId(state.id, value as Filter, 'WorkflowStateFilter.id');
    throw notImplemented(`WorkflowStateFilter.${key}`);
  });
}

function teamMatches(graph: FakeLinearGraph, issue: FakeIssue, filter: Filter): boolean {
  const team = graph.teams.get(issue.teamId)!;
  return Object.entries(filter).every(([key, value]) => {
    if (key === 'key') return compareString(team.key, value as Filter, 'TeamFilter.key');
    if (key === 'id') return compareId(team.id, value as Filter, 'TeamFilter.id');
    throw notImplemented(`TeamFilter.${key}`);
  });
}

function compareId(actual: string, comparator: Filter, where: string): boolean {
  return compareWith(comparator, where, {
    eq: (value) => actual === value,
    neq: (value) => actual !== value,
    in: (value) => (value as string[]).includes(actual),
    nin: (value) => !(value as string[]).includes(actual),
  });
}

function compareString(actual: string, comparator: Filter, where: string): boolean {
  return compareWith(comparator, where, {
    eq: (value) => actual === value,
    neq: (value) => actual !== value,
    in: (value) => (value as string[]).includes(actual),
    nin: (value) => !(value as string[]).includes(actual),
    eqIgnoreCase: (value) => actual.toLowerCase() === String(value).toLowerCase(),
  });
}

function compareNumber(actual: number, comparator: Filter, where: string): boolean {
  return compareWith(comparator, where, {
    eq: (value) => actual === value,
    gt: (value) => actual > (value as number),
    lt: (value) => actual < (value as number),
  });
}

/** Dates compare as instants; ISO-8601 durations (Linear's relative form) are not implemented. */
function compareDate(actual: string, comparator: Filter, where: string): boolean {
  const at = Date.parse(actual);
  const instant = (value: unknown) => {
    const parsed = Date.parse(String(value));
    if (Number.isNaN(parsed)) throw notImplemented(`${where} with the non-timestamp value ${JSON.stringify(value)}`);
    return parsed;
  };
  return compareWith(comparator, where, {
    eq: (value) => at === instant(value),
    gt: (value) => at > instant(value),
    gte: (value) => at >= instant(value),
    lt: (value) => at < instant(value),
    lte: (value) => at <= instant(value),
  });
}

function compareWith(comparator: Filter, where: string, operators: Record<string, (value: unknown) => boolean>): boolean {
  return Object.entries(comparator).every(([operator, value]) => {
    const test = operators[operator];
    if (!test) throw notImplemented(`${where}.${operator}`);
    return test(value);
  });
}

function notImplemented(what: string): Error {
  return new Error(`fake Linear: the filter ${what} is not implemented; add it to test/fakes/linear/fakeLinearFilters.ts`);
}
