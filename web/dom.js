// Small DOM helpers every view of the demo uses.

export const $ = (id) => document.getElementById(id);

// An <option> for a <select>: its value and the text shown.
export function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}
