// A countdown drawn by the browser: the kernel sends the seconds left once, not every second.
function render({ model, el }) {
  el.classList.add("pw-timer");
  el.setAttribute("role", "timer");
  let handle = null;
  let endsAt = 0;

  function draw() {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    el.textContent = left > 0
      ? `Time left ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`
      : "Time is up";
    return left > 0;
  }

  function restart() {
    clearInterval(handle);
    const seconds = model.get("seconds");
    el.hidden = !(seconds > 0) && !model.get("finished");
    if (el.hidden) return;
    endsAt = Date.now() + seconds * 1000;
    if (draw()) handle = setInterval(() => { if (!draw()) clearInterval(handle); }, 1000);
  }

  model.on("change:epoch", restart);
  restart();
  return () => clearInterval(handle);
}

export default { render };
