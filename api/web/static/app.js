// Small helpers for the pages; everything works without them.
"use strict";

// Type-ahead for goal occupations: job titles from the DISCO-08 table, and their code.
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
            option.label = `${o.title} (${o.occupation_code} ${o.occupation_name})`;
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
  // While a run is queued or running, read the runs page again every 2 s and put its rows
  // and the allocation figures in place: status, progress, start and end as the server
  // writes them, and a finished run's allocation without a reload.
  if (!document.querySelector("tr[data-follow]")) return;
  const tick = async () => {
    const answer = await fetch(window.location.pathname, { credentials: "same-origin" });
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    document.querySelectorAll("tr[data-follow]").forEach((row) => {
      const now = fresh.querySelector(`tr[data-run="${row.dataset.run}"]`);
      if (now) row.replaceWith(document.importNode(now, true));
    });
    const figures = fresh.getElementById("fordelinger");
    const shown = document.getElementById("fordelinger");
    if (figures && shown && figures.innerHTML !== shown.innerHTML) {
      shown.innerHTML = figures.innerHTML;
    }
    if (document.querySelector("tr[data-follow]")) setTimeout(tick, 2000);
  };
  setTimeout(tick, 1000);
}

// A form sent after the session ended, given back after the new log-in: send it on at once
// (the page has a button for browsers without scripts).
function resumeForm() {
  const form = document.querySelector("form[data-resume]");
  if (form) form.submit();
}

// Warn a few minutes before the session ends, and let the user go on working.
const WARN_BEFORE_MS = 3 * 60 * 1000;
function sessionWarning() {
  const expires = Number(document.body.dataset.sessionExpires || 0);
  const banner = document.getElementById("session-warning");
  if (!expires || !banner) return;
  let end = expires * 1000;
  const text = banner.querySelector("[data-text]");
  const keep = banner.querySelector("[data-keep]");
  const show = (message, canKeep) => {
    text.textContent = message;
    keep.hidden = !canKeep;
    banner.hidden = false;
  };
  const ended = () =>
    show(
      "Du er logget ud, fordi du ikke har været aktiv. Det, du har skrevet, er ikke tabt: " +
        "når du gemmer, logger du ind igen og får formularen tilbage, udfyldt.",
      false,
    );
  const tick = () => {
    const left = end - Date.now();
    if (left <= 0) {
      ended();
      return;
    }
    if (left <= WARN_BEFORE_MS) {
      const minutes = Math.max(1, Math.ceil(left / 60000));
      show(
        `Du bliver logget ud om ${minutes} minut${minutes === 1 ? "" : "ter"}, ` +
          "fordi du ikke har været aktiv.",
        true,
      );
    } else {
      banner.hidden = true;
    }
    setTimeout(tick, 5000);
  };
  keep.addEventListener("click", async () => {
    const guard = document.querySelector("input[name=csrf]");
    const answer = await fetch("/app/session", {
      method: "POST",
      body: new URLSearchParams({ csrf: guard ? guard.value : "" }),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!answer.ok) {
      ended();
      return;
    }
    const renewed = (await answer.json()).expires_at;
    document.body.dataset.sessionExpires = String(renewed);
    end = renewed * 1000;
    banner.hidden = true;
  });
  tick();
}

// A contact's status form: the workplace's reason (and the accommodation it cannot offer)
// only when the workplace declined; without the script both are always shown.
function declineDetails() {
  document.querySelectorAll("[data-decline-details]").forEach((details) => {
    const form = details.closest("form");
    const status = form.querySelector("select[name=status]");
    const reason = form.querySelector("select[name=reason]");
    const accommodation = form.querySelector("[data-accommodation]");
    const show = () => {
      const declined = status.value === "declined_by_workplace";
      details.hidden = !declined;
      if (!declined) reason.value = "";
      accommodation.hidden = !(declined && reason.value === "cannot_offer_accommodation");
      if (accommodation.hidden) accommodation.querySelector("select").value = "";
    };
    status.addEventListener("change", show);
    reason.addEventListener("change", show);
    show();
  });
}

// The plan's print button (the browser's own print works as well: the page has a print style).
function printButtons() {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
}

// "(6 valgt)" beside a list of check boxes follows the boxes as they are ticked.
function chosenCounts() {
  document.querySelectorAll("[data-chosen]").forEach((group) => {
    const count = group.querySelector("[data-chosen-count]");
    if (!count) return;
    const update = () => {
      count.textContent = group.querySelectorAll("input[type=checkbox]:checked").length;
    };
    group.addEventListener("change", update);
    update();
  });
}

// A candidate card's notice is sent without leaving the page (a new look-up would count
// against the day's look-ups and show other cards): the card then says it was sent.
function notifyInPlace() {
  document.querySelectorAll("form[data-notify]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button");
      button.disabled = true;
      const answer = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual", // the server's answer is a redirect to a new look-up
      });
      if (answer.type !== "opaqueredirect" && !answer.ok) {
        form.submit(); // let the page say what went wrong
        return;
      }
      const card = form.closest("[data-card]");
      card.classList.add("notified");
      const done = document.createElement("p");
      done.className = "tag met";
      done.setAttribute("role", "status");
      done.textContent = "Borgerens konsulent har fået besked.";
      form.replaceWith(done);
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  printButtons();
  chosenCounts();
  notifyInPlace();
  occupationTypeahead();
  followRuns();
  resumeForm();
  sessionWarning();
  declineDetails();
});
