// Status tags: each carries its meaning in words; colour only repeats it.

const MILESTONE: Record<string, { text: string; colour: string }> = {
  overdue: { text: 'Overdue', colour: 'red' },
  missed: { text: 'Done late', colour: 'orange' },
  met: { text: 'Done on time', colour: 'green' },
  pending: { text: 'Not yet due', colour: 'blue' },
  exempt: { text: 'Exception applies', colour: 'purple' },
  due_soon: { text: 'Due soon', colour: 'blue' },
};

export const milestoneStateText = (state: string, statutory = true): string =>
  (!statutory ? INTERNAL_TARGET[state]?.text : undefined) ?? MILESTONE[state]?.text ?? state;

const RAG: Record<string, string> = {
  red: 'Red: off trajectory',
  amber: 'Amber: just short of trajectory',
  green: 'Green: on trajectory',
};

export const ragText = (status: string | null | undefined): string => (status ? (RAG[status] ?? status) : 'No data');

export function alertStateText(a: { acknowledgedAt: string | null; resolvedAt: string | null }): string {
  return a.resolvedAt ? 'Resolved' : a.acknowledgedAt ? 'Acknowledged' : 'Open';
}

/** A tag as govukTag or a table Cell takes it: the words carry the meaning, the colour repeats it. */
export interface TagModel {
  text: string;
  colour: 'grey' | 'green' | 'blue' | 'purple' | 'red' | 'orange';
}

/** An internal target (not a statutory limit: the 16-week draft) passed or met late: a reminder, never "overdue". */
const INTERNAL_TARGET: Record<string, { text: string; colour: string }> = {
  overdue: { text: 'Internal target passed', colour: 'orange' },
  missed: { text: 'Done after the internal target', colour: 'grey' },
};

export function milestoneTagModel(state: string, statutory = true): TagModel {
  const m = (!statutory && INTERNAL_TARGET[state]) || MILESTONE[state];
  return m ? { text: m.text, colour: m.colour as TagModel['colour'] } : { text: state, colour: 'grey' };
}

export function alertTagModel(a: { acknowledgedAt: string | null; resolvedAt: string | null }): TagModel {
  const text = alertStateText(a);
  return { text, colour: text === 'Resolved' ? 'grey' : text === 'Acknowledged' ? 'green' : 'red' };
}

/** A target's red, amber or green as a template's tag (Cell.tag / govukTag): the word, then the colour. */
export function ragTagModel(status: string | null | undefined): { text: string; colour: 'red' | 'orange' | 'green' | 'grey' } {
  if (status === 'red') return { text: 'Red', colour: 'red' };
  if (status === 'amber') return { text: 'Amber', colour: 'orange' };
  if (status === 'green') return { text: 'Green', colour: 'green' };
  return { text: 'No figure', colour: 'grey' };
}
