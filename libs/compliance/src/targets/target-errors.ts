/** A target the caller must fix: which field, and why. Nothing was written. */
export class TargetInvalidError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Another target of the LA already has this name (names are unique per LA). */
export class TargetNameTakenError extends Error {
  constructor(
    readonly la: string,
    readonly targetName: string,
  ) {
    super(`LA ${la} already has a target named ${targetName}`);
  }
}
