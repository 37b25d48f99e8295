import { ValidationError } from "../errors.js";
import type { SecuritySettings } from "./security-settings.js";

/** The floor whatever the settings say; the policy's min_length can only raise it. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Checks a new password against the password-policy settings. Length counts
 * characters that are not whitespace, so twelve spaces are not a password.
 */
export function checkPasswordPolicy(password: string, policy: SecuritySettings["password"]): void {
  const problems: string[] = [];
  const minLength = Math.max(MIN_PASSWORD_LENGTH, policy.minLength);
  if ([...password.replace(/\s/g, "")].length < minLength) problems.push(`at least ${minLength} characters besides spaces`);
  if (policy.upper && !/\p{Lu}/u.test(password)) problems.push("an upper-case letter");
  if (policy.lower && !/\p{Ll}/u.test(password)) problems.push("a lower-case letter");
  if (policy.digit && !/\p{Nd}/u.test(password)) problems.push("a digit");
  if (policy.special && !/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push("a character that is neither a letter, a digit nor a space");
  if (problems.length === 0) return;
  const detail = `must contain ${problems.join(", ")} (admin settings security.password_policy.*)`;
  throw new ValidationError(`The password does not meet the password policy: it ${detail}.`, [{ pointer: "/password", in: "body", detail }]);
}
