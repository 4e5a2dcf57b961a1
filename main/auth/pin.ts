// What a PIN may be: 4 to 12 digits, and not one a trainee would try first (a repeated digit, a
// run like 1234 or 9876, a repeated block like 1212, or one of the PINs people pick most).
export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 12;

export type PinProblem =
  | 'pin-not-digits'
  | 'pin-too-short'
  | 'pin-too-long'
  | 'pin-weak-repeated'
  | 'pin-weak-sequence'
  | 'pin-weak-pattern'
  | 'pin-weak-common';

// The most chosen PINs not caught by the rules below (published PIN-frequency studies), plus the
// keypad's middle column, which is as guessable as a run.
const COMMON = new Set([
  '1004', '2000', '2001', '1122', '1313', '2580', '0852', '5683', '1984', '1990', '1999', '0007', '1231', '1225',
  '112233', '121314', '159753', '147258', '258369', '0258', '8520', '123654', '696969', '102030', '11223344',
]);

const isDigits = (pin: string) => /^[0-9]+$/.test(pin);

/** Every digit one more (or one less) than the previous, wrapping 9 → 0: 1234, 7890, 4321, 0987. */
function isRun(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((pin.charCodeAt(i) - pin.charCodeAt(i - 1) + 10) % 10);
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** A shorter block said again and again: 1212, 696969, 123123, 12341234. */
function isRepeatedBlock(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size !== 0) continue;
    if (pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

/** Why a PIN is refused, or undefined when it may be used. */
export function pinProblem(pin: string): PinProblem | undefined {
  if (!isDigits(pin)) return 'pin-not-digits';
  if (pin.length < PIN_MIN_LENGTH) return 'pin-too-short';
  if (pin.length > PIN_MAX_LENGTH) return 'pin-too-long';
  if (new Set(pin).size === 1) return 'pin-weak-repeated';
  if (isRun(pin)) return 'pin-weak-sequence';
  if (isRepeatedBlock(pin)) return 'pin-weak-pattern';
  if (COMMON.has(pin)) return 'pin-weak-common';
  return undefined;
}

/** Whether a string could be a PIN at all (checked before spending a slow hash on it). */
export const isPinShaped = (pin: string) => isDigits(pin) && pin.length >= PIN_MIN_LENGTH && pin.length <= PIN_MAX_LENGTH;
