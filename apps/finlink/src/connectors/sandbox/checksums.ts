/** Letters count as two digits (A = 10 … Z = 35), as both ISO 13616 (IBAN) and ISO 6166 (ISIN) require. */
function lettersToDigits(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= 65 && code <= 90 ? String(code - 55) : ch;
  }
  return out;
}

// Digit by digit, because the expanded IBAN (up to ~70 digits) does not fit a double.
function mod97(digits: string): number {
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest;
}

/**
 * The two check digits of an IBAN.
 * @example ibanCheckDigits("ES", "21000418450200051332") // "91"
 */
export function ibanCheckDigits(country: string, bban: string): string {
  const rest = mod97(lettersToDigits(`${bban}${country}00`.toUpperCase()));
  return String(98 - rest).padStart(2, "0");
}

/**
 * Whether `iban` (spaces allowed) has a valid structure and mod-97 checksum; Spanish IBANs must be 24 long.
 * @example isValidIban("ES91 2100 0418 4502 0005 1332") // true
 */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  if (compact.startsWith("ES") && compact.length !== 24) return false;
  return mod97(lettersToDigits(compact.slice(4) + compact.slice(0, 4))) === 1;
}

const CCC_WEIGHTS = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];

function cccDigit(tenDigits: string): number {
  const sum = [...tenDigits].reduce((acc, ch, i) => acc + Number(ch) * (CCC_WEIGHTS[i] ?? 0), 0);
  const digit = 11 - (sum % 11);
  return digit === 11 ? 0 : digit === 10 ? 1 : digit;
}

/**
 * The two national check digits of a Spanish account number (CCC): one over bank + branch, one over the
 * 10-digit account.
 * @example spanishCheckDigits("2100", "0418", "0200051332") // "45"
 */
export function spanishCheckDigits(bank: string, branch: string, account: string): string {
  return `${cccDigit(`00${bank}${branch}`)}${cccDigit(account)}`;
}

/**
 * A Spanish IBAN from its parts, with both the national and the IBAN check digits computed.
 * @example spanishIban("2100", "0418", "0200051332") // "ES9121000418450200051332"
 */
export function spanishIban(bank: string, branch: string, account: string): string {
  const bban = `${bank}${branch}${spanishCheckDigits(bank, branch, account)}${account}`;
  return `ES${ibanCheckDigits("ES", bban)}${bban}`;
}

/**
 * The check digit of an ISIN whose first 11 characters are `body` (Luhn over the letter-expanded body).
 * @example isinCheckDigit("US037833100") // 5
 */
export function isinCheckDigit(body: string): number {
  const digits = lettersToDigits(body.toUpperCase());
  let sum = 0;
  // The digit that will sit next to the check digit is doubled, and every second one leftwards.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Whether `isin` has the ISIN structure and a matching check digit.
 * @example isValidIsin("ES0144580Y14") // true (Iberdrola)
 */
export function isValidIsin(isin: string): boolean {
  return /^[A-Z]{2}[A-Z0-9]{9}\d$/.test(isin) && isinCheckDigit(isin.slice(0, 11)) === Number(isin[11]);
}

/** Control letters of a CIF, indexed by the control digit. */
const CIF_LETTERS = "JABCDEFGHI";

/**
 * The control digit of a Spanish CIF whose first eight characters (an organisation letter and seven
 * digits) are `body`: digits in odd places are doubled (their digits summed), those in even places added,
 * and the control is what takes the sum to a multiple of ten. It is written as that digit or as the letter
 * `JABCDEFGHI`[digit], depending on the organisation letter.
 * @example cifControlDigit("A2801586") // 5 (Telefónica SA, A28015865)
 */
export function cifControlDigit(body: string): number {
  let sum = 0;
  for (const [i, ch] of [...body.slice(1)].entries()) {
    const d = Number(ch);
    sum += i % 2 === 0 ? Math.floor((2 * d) / 10) + ((2 * d) % 10) : d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Whether `cif` is a well-formed Spanish CIF with the right control character: companies (A, B, E, H)
 * write it as a digit; public bodies, non-resident entities and the like (N, P, Q, R, S, W) as a letter;
 * the other letters take either.
 * @example isValidCif("A28015865") // true
 * @example isValidCif("Q2826000H") // true (Agencia Tributaria)
 */
export function isValidCif(cif: string): boolean {
  const match = /^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$/.exec(cif);
  if (!match) return false;
  const [, letter = "", digits = "", control = ""] = match;
  const digit = cifControlDigit(`${letter}${digits}`);
  const asDigit = control === String(digit);
  const asLetter = control === CIF_LETTERS[digit];
  if ("ABEH".includes(letter)) return asDigit;
  if ("NPQRSW".includes(letter)) return asLetter;
  return asDigit || asLetter;
}

/**
 * A CIF from its body, with the control character in the form the organisation letter asks for.
 * @example spanishCif("A2801586") // "A28015865"
 */
export function spanishCif(body: string): string {
  const digit = cifControlDigit(body);
  return `${body}${"NPQRSW".includes(body.charAt(0)) ? CIF_LETTERS[digit] : digit}`;
}
