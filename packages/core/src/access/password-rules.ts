import { invalid } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 8;

/** Refuses a password that is too short (400 `weak_password`), naming the field it came in. */
export function checkNewPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('weak_password', `password must be at least ${MIN_PASSWORD_LENGTH} characters`, { field, min: MIN_PASSWORD_LENGTH });
  }
}
