/** The value of a check that must pass (`Checked` of the game modules); a refusal fails the test with its message. */
export function checkedValue<T>(
  checked: { ok: true; value: T } | { ok: false; refusal: { code: string; message: string } },
): T {
  if (!checked.ok) throw new Error(`refused: ${checked.refusal.code}: ${checked.refusal.message}`);
  return checked.value;
}
