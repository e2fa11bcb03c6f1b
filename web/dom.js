// Small DOM helpers every view of the demo uses.

export const $ = (id) => document.getElementById(id);

// An <option> for a <select>: its value and the text shown.
export function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

// A file dragged over `element` marks it .dragging; dropped, it goes to use(file).
export function acceptFileDrop(element, use) {
  element.addEventListener('dragover', (event) => {
    if (![...event.dataTransfer.types].includes('Files')) return;
    event.preventDefault();
    element.classList.add('dragging');
  });
  element.addEventListener('dragleave', () => element.classList.remove('dragging'));
  element.addEventListener('drop', (event) => {
    const [file] = event.dataTransfer.files;
    if (!file) return;
    event.preventDefault();
    element.classList.remove('dragging');
    use(file);
  });
}
