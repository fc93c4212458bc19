// A completion certificate made in the browser: the name typed here never leaves this device.
// The kernel only hears that a certificate was downloaded, so the facilitator can count them.
function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

function certificate(model, name) {
  const outcomes = model.get("outcomes").map((o) => `<li>${escapeHtml(o)}</li>`).join("");
  const org = model.get("organisation");
  const area = model.get("area");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Certificate of completion: ${escapeHtml(model.get("course"))}</title>
<style>
  body { font-family: Arial, sans-serif; color: #0b0c0c; margin: 0; }
  .page { max-width: 760px; margin: 24px auto; padding: 48px; border: 6px solid #0b0c0c; }
  h1 { font-size: 36px; margin: 0 0 24px; } .name { font-size: 32px; font-weight: 700; margin: 16px 0; }
  p, li { font-size: 18px; line-height: 1.4; } .meta { color: #505a5f; }
  @media print { .page { margin: 0; border-width: 4px; } }
</style></head><body><div class="page">
<h1>Certificate of completion</h1>
<p>This is to certify that</p>
<p class="name">${escapeHtml(name)}</p>
<p>completed <strong>${escapeHtml(model.get("course"))}</strong> on ${escapeHtml(model.get("date"))}
(${escapeHtml(model.get("duration"))}).</p>
<p>Learning outcomes:</p><ul>${outcomes}</ul>
${area ? `<p class="meta">Local area: ${escapeHtml(area)}</p>` : ""}
${org ? `<p class="meta">Delivered by ${escapeHtml(org)}</p>` : ""}
</div></body></html>`;
}

function render({ model, el }) {
  el.classList.add("pw-certificate");
  const heading = document.createElement("h2");
  heading.textContent = "Your certificate";
  const help = document.createElement("p");
  help.textContent = "Type your name as you want it on the certificate. It stays on this device: it is not sent to the workshop.";
  const id = `pw-cert-name-${Math.random().toString(36).slice(2)}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = "Your name";
  const input = document.createElement("input");
  input.id = id;
  input.type = "text";
  input.autocomplete = "name";
  input.maxLength = 100;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Download certificate";
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  button.addEventListener("click", () => {
    const name = input.value.trim();
    if (!name) { status.textContent = "Please type your name first."; input.focus(); return; }
    const blob = new Blob([certificate(model, name)], { type: "text/html" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "prevent-referrals-certificate.html";
    document.body.appendChild(link);
    link.click();
    link.remove();
    status.textContent = "Downloaded. Open the file and print it, or keep it for your records.";
    model.send({ type: "downloaded" }); // no name: only that one more certificate was made
  });
  el.append(heading, help, label, input, button, status);
}

export default { render };
