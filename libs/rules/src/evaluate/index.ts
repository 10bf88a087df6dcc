export * from './evaluation.types';
export { evaluateCase, evaluateCases } from './evaluate-case';
export { EXCEPTION_COVERS } from './ehc-exceptions';
export { caseKeyOf, compareEvents, defaultCaseId, effectiveTimeline } from './timeline';
export { stateOf } from './milestone';
export { attentionFor, type Attention } from './attention';
export { alertsFor, ALERT_KINDS, type AlertKind, type AnyAlertKind, type AlertAudience, type CaseAlert } from './alerts';
export { nextChangeOn } from './next-change';
