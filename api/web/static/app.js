// Small helpers for the pages; everything works without them.
"use strict";

// Type-ahead for goal occupations: titles from the labour-market balance, and their code.
function occupationTypeahead() {
  const list = document.getElementById("occupation-options");
  if (!list) return;
  const known = new Map();
  let timer = null;
  document.querySelectorAll("[data-occupation-title]").forEach((input) => {
    const code = input.closest(".row")?.querySelector("[data-occupation-code]");
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (known.has(q) && code && !code.value) code.value = known.get(q);
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        const answer = await fetch(`/app/occupations?q=${encodeURIComponent(q)}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!answer.ok) return;
        const options = await answer.json();
        list.replaceChildren(
          ...options.map((o) => {
            known.set(o.title, o.occupation_code);
            const option = document.createElement("option");
            option.value = o.title;
            option.label = `${o.title} (${o.occupation_code})`;
            return option;
          }),
        );
      }, 150);
    });
    input.addEventListener("change", () => {
      if (code && known.has(input.value)) code.value = known.get(input.value);
    });
  });
}

// Follow the progress of queued and running batch runs.
function followRuns() {
  const rows = document.querySelectorAll("tr[data-follow]");
  rows.forEach((row) => {
    const id = row.dataset.run;
    const tick = async () => {
      const answer = await fetch(`/app/runs/${id}/progress`, { credentials: "same-origin" });
      if (!answer.ok) return;
      const run = await answer.json();
      const handled = run.done + run.failed;
      const bar = row.querySelector("progress");
      bar.max = Math.max(run.total, 1);
      bar.value = handled;
      row.querySelector("[data-field=count]").textContent = `${handled} af ${run.total}`;
      row.querySelector("[data-field=failed]").textContent = run.failed;
      const labels = { queued: "I kø", running: "Kører", done: "Færdig", failed: "Fejl" };
      row.querySelector("[data-field=status]").textContent = labels[run.status] || run.status;
      if (run.status === "queued" || run.status === "running") setTimeout(tick, 2000);
    };
    setTimeout(tick, 1000);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  occupationTypeahead();
  followRuns();
});
