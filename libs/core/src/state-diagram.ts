/** One step of a lifecycle drawn in a diagram: from a state, by an event, to a state. */
export interface DiagramEdge {
  from: string;
  to: string;
  event: string;
}

/**
 * A Mermaid state diagram of a lifecycle table: one arrow per pair of states, labelled with every event
 * that moves between them (in table order), from the start into `initial` and from each final state out.
 * Used by the generated lifecycle documents (cases and super-complaints).
 */
export function stateDiagram(initial: { state: string; event: string }, edges: Iterable<DiagramEdge>, finals: readonly string[]): string {
  const labelled = new Map<string, string[]>();
  const add = (from: string, to: string, label: string): void => {
    const key = `${from} --> ${to}`;
    const labels = labelled.get(key) ?? [];
    if (!labels.includes(label)) labels.push(label);
    labelled.set(key, labels);
  };
  add('[*]', initial.state, initial.event);
  for (const edge of edges) add(edge.from, edge.to, edge.event);
  const lines = ['stateDiagram-v2'];
  for (const [edge, labels] of labelled) lines.push(`    ${edge} : ${labels.join(', ')}`);
  for (const state of finals) lines.push(`    ${state} --> [*]`);
  return lines.join('\n');
}
