// Small progressive enhancements. Every page works without this file.
"use strict";

// Words shown to people, in the page's language (templates/includes/js_strings.html);
// the English after each key is the fallback for a page without them.
const STRINGS = JSON.parse(document.getElementById("js-strings")?.textContent || "{}");
const translated = (key, english, values = {}) =>
  (STRINGS[key] || english).replace(/\{(\w+)\}/g, (whole, name) =>
    name in values ? values[name] : whole,
  );

// Forms marked .js-once submit once: a double click does not post twice (the server
// also drops identical resubmissions).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.classList.contains("js-once")) return;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  window.setTimeout(() => delete form.dataset.submitting, 5000);
});

// Kudos without a page reload.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.classList.contains("js-kudos")) return;
  event.preventDefault();
  const action = form.querySelector('input[name="action"]');
  const button = form.querySelector("button");
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) {
    form.submit();
    return;
  }
  const data = await response.json();
  action.value = data.given ? "withdraw" : "give";
  button.setAttribute("aria-pressed", data.given ? "true" : "false");
  button.querySelector(".kudos-label").textContent = data.given
    ? translated("kudosGiven", "Kudos given")
    : translated("giveKudos", "Give kudos");
  button.querySelector(".count").textContent = data.kudos_count;
});

// Threads like the question being typed (solved ones first), while typing its title.
(() => {
  const form = document.getElementById("ask-form");
  if (!form) return;
  const title = form.querySelector('input[name="title"]');
  const list = document.getElementById("similar-list");
  const empty = document.getElementById("similar-empty");
  let timer = null;
  title.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      if (title.value.trim().length < 4) return;
      const url = `${form.dataset.similarUrl}?title=${encodeURIComponent(title.value)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(
        ...data.results.map((result) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = result.url;
          link.textContent = result.title;
          const board = document.createElement("span");
          board.className = "muted";
          board.textContent = ` ${translated("inBoard", "in {board}", { board: result.board })}`;
          item.append(link);
          if (result.type === "article") {
            const badge = document.createElement("span");
            badge.className = "badge badge-article";
            badge.textContent = translated("knowledgeArticle", "Knowledge article");
            item.append(" ", badge);
          } else if (result.solved) {
            const badge = document.createElement("span");
            badge.className = "badge badge-solved";
            badge.textContent = translated("solved", "Solved");
            item.append(" ", badge);
          }
          item.append(board);
          return item;
        }),
      );
      if (empty) {
        empty.textContent = data.results.length
          ? translated("similarFound", "These answers look similar:")
          : translated("similarNone", "Nothing like this has been asked yet.");
      }
    }, 300);
  });
})();

// The colour theme switches at once: the choice goes into the same cookie the theme
// page sets (the server reads it to put data-theme on <html> for the next page).
(() => {
  const form = document.querySelector("form.js-theme");
  if (!form) return;
  form.classList.add("is-live");
  const choose = (value) => {
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `theme=${value}; path=/; max-age=31536000; samesite=lax${secure}`;
    document.documentElement.dataset.theme = value;
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "theme") choose(event.target.value);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const checked = form.querySelector('input[name="theme"]:checked');
    if (checked) choose(checked.value);
  });
})();
