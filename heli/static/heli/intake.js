// Cascading division selects and the inline duplicate warning on the intake forms.
(function () {
  const levels = ["province", "city", "county", "township"];
  const select = (name) => document.querySelector(`select[name="${name}"]`);
  async function fill(level, parentCode) {
    const el = select(level);
    if (!el) return;
    el.innerHTML = '<option value="">—</option>';
    if (!parentCode) return;
    const res = await fetch(`/geo/children/${parentCode}/`);
    const data = await res.json();
    for (const item of data.items) el.add(new Option(item.name, item.code));
  }
  levels.slice(0, 3).forEach((level, i) => {
    const el = select(level);
    if (!el) return;
    el.addEventListener("change", async () => {
      for (const lower of levels.slice(i + 1)) { const s = select(lower); if (s) s.innerHTML = '<option value="">—</option>'; }
      await fill(levels[i + 1], el.value);
      checkDuplicates();
    });
  });
  const box = document.getElementById("dup-warning");
  let timer = null;
  function checkDuplicates() {
    if (!box || !box.dataset.url) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const params = new URLSearchParams({
        incident: box.dataset.incident,
        phone: (document.querySelector('[name="requester_phone"]') || {}).value || "",
        beneficiary_phone: (document.querySelector('[name="beneficiary_phone"]') || {}).value || "",
        county: (select("county") || {}).value || "",
        address: (document.querySelector('[name="address_detail"]') || {}).value || "",
        text: ((document.querySelector('[name="raw_text"]') || {}).value || "") ||
              ((document.querySelector('[name="description"]') || {}).value || ""),
      });
      const res = await fetch(`${box.dataset.url}?${params}`);
      if (!res.ok) return;
      const data = await res.json();
      box.hidden = data.matches.length === 0;
      box.querySelector("ul").innerHTML = data.matches
        .map((m) => `<li><a href="${m.url}" target="_blank">${m.code}</a> ${m.status}</li>`).join("");
    }, 300);
  }
  for (const name of ["requester_phone", "beneficiary_phone", "address_detail", "raw_text", "description"]) {
    const el = document.querySelector(`[name="${name}"]`);
    if (el) el.addEventListener("input", checkDuplicates);
  }
})();
