// One Person of an SEN2 return, as this system keeps it: the dates and codes of each request,
// assessment, named plan and active plan, and a child reference in place of who the person is.
// The Person module's names, UPN, ULN, postcode, date of birth, sex and ethnicity are read only
// to derive the reference (or not at all) and go no further than this function.
import { childRefOf, identityKey } from './child-ref';
import { child, childrenNamed, textOf, type XmlElement } from './xml-elements';

export interface Sen2NamedPlan {
  startDate?: string;
  ceaseDate?: string;
  ceaseReason?: string;
}

export interface Sen2Assessment {
  /** 1-based position within its request. */
  number: number;
  outcome?: string;
  outcomeDate?: string;
  /** Week20: an exception to the 20-week limit applies. */
  week20?: string;
  namedPlan?: Sen2NamedPlan;
}

export interface Sen2ActivePlans {
  transferLa?: string;
  reviewMeeting?: string;
  reviewOutcome?: string;
  lastReview?: string;
  /** SENtype by rank (1 = primary). */
  needs: { type: string; rank?: string }[];
}

export interface Sen2Request {
  /** 1-based position within the person. */
  number: number;
  line: number;
  receivedDate?: string;
  requestSource?: string;
  outcome?: string;
  outcomeDate?: string;
  assessments: Sen2Assessment[];
  activePlans?: Sen2ActivePlans;
}

export interface Sen2Person {
  /** 1-based position in the file: how a finding names the person. */
  number: number;
  line: number;
  /** Undefined when the file gives no identifier to derive it from. */
  childRef?: string;
  /** The derivation's key, kept only in memory for case references; never stored or shown. */
  identity?: string;
  requests: Sen2Request[];
}

export interface Sen2Header {
  collection?: string;
  year?: string;
  referenceDate?: string;
  la?: string;
}

export function readHeader(e: XmlElement): Sen2Header {
  const details = child(e, 'CollectionDetails');
  const source = child(e, 'Source');
  return {
    collection: details && textOf(details, 'Collection'),
    year: details && textOf(details, 'Year'),
    referenceDate: details && textOf(details, 'ReferenceDate'),
    la: source && textOf(source, 'LEA'),
  };
}

function readAssessment(e: XmlElement, number: number): Sen2Assessment {
  const plan = child(e, 'NamedPlan');
  return {
    number,
    outcome: textOf(e, 'AssessmentOutcome'),
    outcomeDate: textOf(e, 'AssessmentOutcomeDate'),
    week20: textOf(e, 'Week20'),
    namedPlan: plan && {
      startDate: textOf(plan, 'StartDate'),
      ceaseDate: textOf(plan, 'CeaseDate'),
      ceaseReason: textOf(plan, 'CeaseReason'),
    },
  };
}

function readActivePlans(e: XmlElement): Sen2ActivePlans {
  return {
    transferLa: textOf(e, 'TransferLA'),
    reviewMeeting: textOf(e, 'ReviewMeeting'),
    reviewOutcome: textOf(e, 'ReviewOutcome'),
    lastReview: textOf(e, 'LastReview'),
    needs: childrenNamed(e, 'SENneed').map((n) => ({ type: textOf(n, 'SENtype') ?? '', rank: textOf(n, 'SENtypeRank') })),
  };
}

function readRequest(e: XmlElement, number: number): Sen2Request {
  const active = child(e, 'ActivePlans');
  return {
    number,
    line: e.line,
    receivedDate: textOf(e, 'ReceivedDate'),
    requestSource: textOf(e, 'RequestSource'),
    outcome: textOf(e, 'RequestOutcome'),
    outcomeDate: textOf(e, 'RequestOutcomeDate'),
    assessments: childrenNamed(e, 'Assessment').map((a, i) => readAssessment(a, i + 1)),
    activePlans: active && readActivePlans(active),
  };
}

/** The Person element, read; `secret` keys the child reference. */
export function readPerson(e: XmlElement, number: number, secret: string): Sen2Person {
  const identity = identityKey({
    upn: textOf(e, 'UPN'),
    uln: textOf(e, 'UniqueLearnerNumber'),
    surname: textOf(e, 'Surname'),
    forename: textOf(e, 'Forename'),
    birthDate: textOf(e, 'PersonBirthDate'),
  });
  // Requests may sit in a Requests wrapper or directly under Person, depending on the year's schema.
  const wrapper = child(e, 'Requests');
  const requestElements = wrapper && child(wrapper, 'Request') ? childrenNamed(wrapper, 'Request') : childrenNamed(e, 'Requests');
  return {
    number,
    line: e.line,
    childRef: identity && childRefOf(secret, identity),
    identity,
    requests: requestElements.map((r, i) => readRequest(r, i + 1)),
  };
}
