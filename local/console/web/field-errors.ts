/**
 * @module Which form field an admin API error belongs to, from the error's `param`.
 *
 * Form fields are named after the request body paths they fill (`budget.usd`, `limits.rpm`), so a
 * `param` names its field directly, or names an element of it (`models.2`), or a group whose first
 * field stands for it (`limits` when neither rpm nor tpm was set).
 */

/** The field among `fields` that `param` concerns, or undefined when the error is about the whole form. */
function fieldForParam(param: string | null | undefined, fields: readonly string[]): string | undefined {
  if (param === null || param === undefined || param === '') return undefined;
  const parts = param.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    if (fields.includes(candidate)) return candidate;
  }
  return fields.find((field) => field.startsWith(`${param}.`));
}

export { fieldForParam };
