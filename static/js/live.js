// Live updates (forum.live, docs/live.md): new replies, an accepted solution and
// edits appear on an open thread page, and the header's counts and the moderation
// queue keep up, without reloading. Every page works without this file. The server
// sends each page what its viewer may see, rendered by the same templates as the
// page; this file only puts it in place and says what changed through the polite
// live region (templates/live/_script.html).
"use strict";

(() => {
  const announcer = document.getElementById("live-announcer");
  if (!announcer || !("WebSocket" in window)) return;
  const replies = document.querySelector("[data-live-thread]");
  const notificationsLink = document.querySelector(".notifications-link");
  const moderationLink = document.querySelector(".moderation-link");
  const queue = document.querySelector("[data-live-queue]");
  // A visitor away from a thread page has nothing to hear.
  if (!replies && !notificationsLink) return;

  const params = new URLSearchParams({ lang: announcer.dataset.liveLanguage || "" });
  if (replies) {
    params.set("thread", replies.dataset.liveThread);
    params.set("page", replies.dataset.livePage || "1");
  }
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${window.location.host}${announcer.dataset.liveUrl}?${params}`;

  function announce(text) {
    if (!text) return;
    // Emptied first, so that the same words twice are spoken twice.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 100);
  }

  function childMatching(root, selector) {
    return Array.from(root.children).find((element) => element.matches(selector));
  }

  function childrenMatching(root, selector) {
    return Array.from(root.children).filter((element) => element.matches(selector));
  }

  function parse(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    // Forms arrive without a CSRF token: they take the one this page's forms hold.
    const token = document.querySelector('input[name="csrfmiddlewaretoken"]');
    template.content.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach((input) => {
      input.value = token ? token.value : "";
    });
    return template.content;
  }

  // Whatever the reader is using (a flag form open, a field with focus) stays put.
  function isBusy(element) {
    return element.contains(document.activeElement) || element.querySelector("details[open]");
  }

  function replace(current, fresh) {
    if (current && fresh && !isBusy(current)) current.replaceWith(fresh);
  }

  function syncReplies(fresh) {
    replace(childMatching(replies, "h2"), childMatching(fresh, "h2"));
    const freshPosts = childrenMatching(fresh, "article.post");
    const freshIds = new Set(freshPosts.map((post) => post.id));
    childrenMatching(replies, "article.post").forEach((post) => {
      if (!freshIds.has(post.id)) post.remove();
    });
    let previous = childMatching(replies, "h2");
    freshPosts.forEach((post) => {
      const current = childMatching(replies, `article#${CSS.escape(post.id)}`);
      if (current) {
        replace(current, post);
        previous = current.isConnected ? current : post;
        return;
      }
      post.classList.add("live-new");
      if (previous) previous.after(post);
      else replies.prepend(post);
      previous = post;
    });
    if (freshPosts.length) childrenMatching(replies, "p.empty").forEach((p) => p.remove());
  }

  function syncThread(message) {
    const fresh = parse(message.html);
    const main = replies.parentElement;
    replace(childMatching(main, ".thread-head"), childMatching(fresh, ".thread-head"));
    replace(childMatching(main, "article.post"), childMatching(fresh, "article.post"));
    const solution = childMatching(main, "section.solution");
    const freshSolution = childMatching(fresh, "section.solution");
    if (solution && freshSolution) replace(solution, freshSolution);
    else if (solution) solution.remove();
    else if (freshSolution) childMatching(main, ".thread-actions")?.after(freshSolution);
    const freshReplies = childMatching(fresh, "section.replies");
    if (freshReplies) syncReplies(freshReplies);
    announce(message.announcement);
  }

  function setCount(link, count, label) {
    if (!link) return;
    let badge = link.querySelector(".count-badge");
    if (count > 0) {
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "count-badge";
        link.append(" ", badge);
      }
      badge.textContent = count;
    } else if (badge) {
      badge.remove();
    }
    link.setAttribute("aria-label", label);
  }

  function showQueueNotice(message) {
    if (!queue || !message.notice || document.getElementById("live-queue-notice")) return;
    const notice = document.createElement("p");
    notice.id = "live-queue-notice";
    notice.className = "notice";
    const reload = document.createElement("a");
    reload.href = window.location.href;
    reload.textContent = message.reload;
    notice.append(`${message.notice} `, reload);
    queue.before(notice);
  }

  const handlers = {
    thread: (message) => replies && syncThread(message),
    notifications: (message) => setCount(notificationsLink, message.count, message.label),
    queue: (message) => {
      setCount(moderationLink, message.count, message.label);
      showQueueNotice(message);
      if (queue) announce(message.notice);
    },
  };

  let delay = 1000;
  function connect() {
    const socket = new WebSocket(url);
    // The state is shown on the region for whoever checks the page (tests, support).
    socket.addEventListener("open", () => {
      delay = 1000;
      announcer.dataset.liveState = "open";
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      handlers[message.kind]?.(message);
    });
    // A restarted server or a dropped network: try again, more slowly each time.
    socket.addEventListener("close", () => {
      announcer.dataset.liveState = "closed";
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    });
  }
  connect();
})();
