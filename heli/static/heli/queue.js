// Keep the triage queue live: re-fetch the rows (server-rendered) every 30 s while the tab is visible.
(function () {
  const table = document.getElementById("queue");
  if (!table) return;
  async function refresh() {
    if (document.hidden) return;
    const url = new URL(window.location.href);
    url.searchParams.set("partial", "1");
    const res = await fetch(url, { headers: { "X-Requested-With": "fetch" } });
    if (res.ok) table.querySelector("tbody").outerHTML = await res.text();
  }
  setInterval(refresh, 30000);
})();
