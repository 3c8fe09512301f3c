// Drive an import in steps of a few hundred rows and move the progress bar; works without JS via the button.
(function () {
  const box = document.getElementById("progress");
  const form = document.getElementById("step-form");
  if (!box || !form) return;
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const total = Number(box.dataset.total);
  async function run() {
    form.querySelector("button").disabled = true;
    for (;;) {
      const res = await fetch(box.dataset.step, { method: "POST", headers: { "X-CSRFToken": token, Accept: "application/json" } });
      if (!res.ok) { window.location.reload(); return; }
      const counts = await res.json();
      for (const el of box.querySelectorAll("[data-k]")) el.textContent = counts[el.dataset.k];
      document.getElementById("bar").value = total - counts.pending;
      if (counts.pending === 0) { window.location.reload(); return; }
    }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
})();
