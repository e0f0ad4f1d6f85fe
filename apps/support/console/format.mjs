// Sentences the console shows, built here, not in templates: htm drops the whitespace of line breaks between
// expressions.
export function checkText(check) {
  return check.status === 'same'
    ? `Recorded effects: the same today (${check.recorded.length} recorded)`
    : `Recorded effects differ: today's machine would decide differently ` +
        `(${check.missing.length} no longer emitted, ${check.unexpected.length} new)`;
}

export function parkedText(parked) {
  const error = parked.error ? `${parked.error.code}: ${parked.error.message}` : 'unknown error';
  return `Parked since ${parked.since} after ${error} (${parked.heldInputs} inputs held)`;
}

export function stepMeta(step) {
  const { topic, partition, offset } = step.kafka;
  return `#${step.sequence} · ${step.occurredAt} · caused by ${step.causationId} · ${topic} p${partition} @${offset}`;
}

export function stepLabel(step, steps) {
  const current = steps[step];
  if (current === undefined) return 'No events';
  return `Step ${step + 1} of ${steps.length}: ${current.type}`;
}

export function short(value) {
  const text = JSON.stringify(value);
  return text === undefined ? '—' : text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
