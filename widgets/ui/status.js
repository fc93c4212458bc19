// A message region that stays in the page, so screen readers announce each new message politely.
function render({ model, el }) {
  const box = document.createElement("div");
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  el.appendChild(box);
  function draw() {
    const text = model.get("text");
    box.className = `pw-status pw-${model.get("tone")}`;
    box.textContent = text;
    box.hidden = !text;
  }
  model.on("change:text", draw);
  model.on("change:tone", draw);
  draw();
}

export default { render };
