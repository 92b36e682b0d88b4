// The composer: formatting toolbar, live preview (rendered by the server, the same
// renderer as a saved post), @mention completion, drafts kept in this browser, and
// files added by button, drag-and-drop or paste. Without this file the composer is
// a plain textarea whose Preview button posts the form back.
"use strict";

(() => {
  // Words shown to people, in the page's language (templates/includes/js_strings.html);
  // the English after each key is the fallback for a page without them.
  const STRINGS = JSON.parse(document.getElementById("js-strings")?.textContent || "{}");
  const translated = (key, english, values = {}) =>
    (STRINGS[key] || english).replace(/\{(\w+)\}/g, (whole, name) =>
      name in values ? values[name] : whole,
    );

  const PREVIEW_PAUSE_MS = 400;
  const DRAFT_PAUSE_MS = 500;
  const MENTION_PAUSE_MS = 150;
  const MENTION_BEFORE_CARET = /(?:^|[^\w@/.])@([\w.+-]{1,30})$/;

  const csrfToken = (form) =>
    form?.querySelector('input[name="csrfmiddlewaretoken"]')?.value || "";

  // Each kind of format wraps the selection, or prefixes each selected line.
  const FORMATS = {
    bold: { wrap: ["**", "**"], placeholder: translated("boldText", "bold text") },
    italic: { wrap: ["_", "_"], placeholder: translated("italicText", "italic text") },
    code: { wrap: ["`", "`"], placeholder: translated("codeText", "code"), block: ["```\n", "\n```"] },
    link: { wrap: ["[", "](https://)"], placeholder: translated("linkText", "link text") },
    list: { prefix: "- " },
    quote: { prefix: "> " },
  };

  function replaceSelection(textarea, text, selectFrom, selectTo) {
    textarea.focus();
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
    if (selectFrom !== undefined) {
      textarea.setSelectionRange(selectFrom, selectTo);
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function applyFormat(textarea, name) {
    const format = FORMATS[name];
    const start = textarea.selectionStart;
    const selected = textarea.value.slice(start, textarea.selectionEnd);
    if (format.prefix) {
      const lines = (selected || "").split("\n");
      const text = lines.map((line) => format.prefix + line).join("\n");
      const atLineStart = start === 0 || textarea.value[start - 1] === "\n";
      const lead = atLineStart ? "" : "\n";
      replaceSelection(textarea, lead + text);
      return;
    }
    const [open, close] =
      format.block && selected.includes("\n") ? format.block : format.wrap;
    const inner = selected || format.placeholder;
    const from = start + open.length;
    replaceSelection(textarea, open + inner + close, from, from + inner.length);
  }

  function setUp(composer) {
    const textarea = composer.querySelector("textarea");
    const form = textarea.form;
    const toolbar = composer.querySelector(".composer-toolbar");
    const preview = composer.querySelector(".composer-preview");
    const previewBody = composer.querySelector(".composer-preview-body");
    const previewButton = composer.querySelector(".composer-preview-button");
    const status = composer.querySelector(".composer-status");
    const mentionList = composer.querySelector(".composer-mentions");
    const fileInput = composer.querySelector(".composer-file");
    const say = (message) => {
      status.textContent = message;
    };

    // --- Toolbar and keyboard shortcuts ---------------------------------------
    toolbar.hidden = false;
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-format]");
      if (!button) return;
      if (button.dataset.format === "image") {
        fileInput?.click();
        return;
      }
      applyFormat(textarea, button.dataset.format);
    });
    // Arrow keys move between the toolbar's buttons (one tab stop for all).
    const buttons = [...toolbar.querySelectorAll("button")];
    buttons.forEach((button, index) => {
      button.tabIndex = index === 0 ? 0 : -1;
    });
    toolbar.addEventListener("keydown", (event) => {
      const index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = buttons[(index + step + buttons.length) % buttons.length];
      buttons[index].tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
    textarea.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const name = { b: "bold", i: "italic", k: "link" }[event.key.toLowerCase()];
      if (!name) return;
      event.preventDefault();
      applyFormat(textarea, name);
    });

    // --- Live preview ---------------------------------------------------------
    // Shown as soon as there is something to show, until the member hides it.
    let previewTimer = null;
    let previewWanted = true;
    let previewRequest = 0;
    async function refreshPreview() {
      if (!previewWanted) return;
      if (!textarea.value.trim()) {
        preview.hidden = true;
        return;
      }
      const request = ++previewRequest;
      const body = new FormData();
      body.append("body", textarea.value);
      if (composer.dataset.postId) body.append("post", composer.dataset.postId);
      let response;
      try {
        response = await fetch(composer.dataset.previewUrl, {
          method: "POST",
          body,
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
          credentials: "same-origin",
        });
      } catch {
        return; // offline: the last preview stays
      }
      if (request !== previewRequest) return; // a newer one is on its way
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        say(data.detail || translated("previewUnavailable", "The preview is not available right now."));
        return;
      }
      // Sanitised by the server's allow-list, the same as a saved post.
      previewBody.innerHTML = data.html;
      preview.hidden = false;
    }
    const schedulePreview = () => {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(refreshPreview, PREVIEW_PAUSE_MS);
    };
    const showPreviewState = () => {
      previewButton.setAttribute("aria-expanded", String(previewWanted));
      previewButton.textContent = previewWanted
        ? translated("hidePreview", "Hide preview")
        : translated("showPreview", "Show preview");
    };
    showPreviewState();
    // No longer a submit button: Enter in a field above sends the form as before.
    previewButton.type = "button";
    previewButton.addEventListener("click", (event) => {
      event.preventDefault();
      previewWanted = !previewWanted;
      showPreviewState();
      preview.hidden = true;
      refreshPreview();
    });
    textarea.addEventListener("input", schedulePreview);
    refreshPreview();

    // --- Drafts in this browser -----------------------------------------------
    const draftKey = `composer-draft:${location.pathname}:${textarea.name}`;
    let draftTimer = null;
    const storage = (() => {
      try {
        return window.localStorage;
      } catch {
        return null; // storage switched off: no drafts, everything else works
      }
    })();
    if (storage) {
      const draft = storage.getItem(draftKey);
      if (draft && !textarea.value.trim()) {
        textarea.value = draft;
        say(translated("draftRestored", "Your unsent draft is back."));
        refreshPreview();
      }
      textarea.addEventListener("input", () => {
        window.clearTimeout(draftTimer);
        draftTimer = window.setTimeout(() => {
          try {
            if (textarea.value.trim()) storage.setItem(draftKey, textarea.value);
            else storage.removeItem(draftKey);
          } catch {
            // full: the draft is not kept, the text is still in the page
          }
        }, DRAFT_PAUSE_MS);
      });
      form.addEventListener("submit", (event) => {
        // The no-script Preview button is taken over above; any other submit
        // sends the post, so the draft has done its job.
        if (event.submitter?.name === "preview") return;
        window.clearTimeout(draftTimer);
        storage.removeItem(draftKey);
      });
    }

    // --- @mention completion --------------------------------------------------
    let mentionTimer = null;
    let mentionItems = [];
    let mentionActive = -1;
    let mentionStart = -1;
    function closeMentions() {
      mentionList.hidden = true;
      mentionList.replaceChildren();
      mentionItems = [];
      mentionActive = -1;
      textarea.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      mentionActive = index;
      mentionItems.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) textarea.setAttribute("aria-activedescendant", mentionItems[index].id);
    }
    function choose(index) {
      const username = mentionItems[index]?.dataset.username;
      if (!username) return;
      const caret = textarea.selectionStart;
      textarea.setSelectionRange(mentionStart, caret);
      replaceSelection(textarea, `@${username} `);
      closeMentions();
    }
    async function lookUpMentions() {
      const caret = textarea.selectionStart;
      const match = MENTION_BEFORE_CARET.exec(textarea.value.slice(0, caret));
      if (!match) {
        closeMentions();
        return;
      }
      mentionStart = caret - match[1].length - 1;
      const url = `${composer.dataset.mentionsUrl}?q=${encodeURIComponent(match[1])}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } }).catch(
        () => null,
      );
      if (!response?.ok) return;
      const { results } = await response.json();
      if (!results.length) {
        closeMentions();
        return;
      }
      mentionItems = results.map((member, index) => {
        const item = document.createElement("li");
        item.id = `${mentionList.id}-${index}`;
        item.setAttribute("role", "option");
        item.dataset.username = member.username;
        item.textContent =
          member.name === member.username ? `@${member.username}` : `@${member.username} (${member.name})`;
        item.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep the focus in the textarea
          choose(index);
        });
        return item;
      });
      mentionList.replaceChildren(...mentionItems);
      mentionList.hidden = false;
      highlight(0);
    }
    // A textarea keeps its textbox role (a combobox would be single-line), and a
    // textbox may not carry aria-expanded: the list is announced through
    // aria-controls and the highlighted option through aria-activedescendant.
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", mentionList.id);
    textarea.addEventListener("input", () => {
      window.clearTimeout(mentionTimer);
      mentionTimer = window.setTimeout(lookUpMentions, MENTION_PAUSE_MS);
    });
    textarea.addEventListener("keydown", (event) => {
      if (mentionList.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((mentionActive + step + mentionItems.length) % mentionItems.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(mentionActive);
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeMentions();
      }
    });
    textarea.addEventListener("blur", () => window.setTimeout(closeMentions, 100));

    // --- Files: button, drag-and-drop, paste ------------------------------------
    const uploadUrl = composer.dataset.uploadUrl;
    async function upload(file) {
      const name = file.name || translated("imageName", "image");
      const placeholder = `![${translated("uploading", "Uploading {name}…", { name })}]()`;
      replaceSelection(textarea, `${placeholder}\n`);
      const body = new FormData();
      body.append("file", file, file.name || "pasted-image.png");
      let response;
      try {
        response = await fetch(uploadUrl, {
          method: "POST",
          body,
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
          credentials: "same-origin",
        });
      } catch {
        response = null;
      }
      const data = response ? await response.json().catch(() => ({})) : {};
      const markdown = response?.ok ? data.markdown : "";
      textarea.value = textarea.value.replace(`${placeholder}\n`, markdown ? `${markdown}\n` : "");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      say(
        response?.ok
          ? translated("fileAdded", "{name} added.", { name: data.name })
          : data.detail || translated("uploadFailed", "The file could not be uploaded; try again."),
      );
      if (!response?.ok) status.setAttribute("role", "alert");
    }
    const uploadAll = (files) => {
      status.setAttribute("role", "status");
      for (const file of files) upload(file);
    };
    if (uploadUrl && fileInput) {
      fileInput.addEventListener("change", () => {
        uploadAll([...fileInput.files]);
        fileInput.value = "";
      });
      textarea.addEventListener("dragover", (event) => {
        if (!event.dataTransfer?.types.includes("Files")) return;
        event.preventDefault();
        composer.classList.add("composer-dropping");
      });
      textarea.addEventListener("dragleave", () => composer.classList.remove("composer-dropping"));
      textarea.addEventListener("drop", (event) => {
        composer.classList.remove("composer-dropping");
        const files = [...(event.dataTransfer?.files || [])];
        if (!files.length) return;
        event.preventDefault();
        uploadAll(files);
      });
      textarea.addEventListener("paste", (event) => {
        const files = [...(event.clipboardData?.files || [])];
        if (!files.length) return;
        event.preventDefault();
        uploadAll(files);
      });
    }
  }

  document.querySelectorAll("[data-composer]").forEach(setUp);
})();
