// Warns a signed-in person two minutes before sign-out for inactivity, and lets them
// stay signed in (WCAG 2.2.1 Timing Adjustable). The page says how long a session
// lasts without a request (data-idle-seconds on the dialog); "Stay signed in" posts to
// the keep-alive URL, which counts as a request. If time runs out, the dialog says so
// and the page stays as it is: a form sent after sign-out keeps what was typed through
// signing in again (boroughs/kept_posts.py).
const dialog = document.getElementById("idle-warning");

if (dialog && typeof dialog.showModal === "function") {
  const idle = Number(dialog.dataset.idleSeconds);
  const warnBefore = Number(dialog.dataset.warnSeconds);
  const keepAliveUrl = dialog.dataset.keepAliveUrl;
  const countdown = dialog.querySelector("[data-idle-countdown]");
  const stay = dialog.querySelector("[data-idle-stay]");
  const warning = dialog.querySelector("[data-idle-warning]");
  const signedOut = dialog.querySelector("[data-idle-signed-out]");
  const csrf = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let deadline;
  let ticker;
  let warnTimer;

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const tick = () => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    // Announce at whole minutes, then every 20 seconds, so a screen reader is not flooded.
    const text = words(left);
    if (countdown.textContent !== text && (left % 20 === 0 || left >= 60 || !countdown.textContent)) {
      countdown.textContent = text;
    }
    if (left === 0) {
      clearInterval(ticker);
      // The session has gone: say so, and offer only "Close" (staying would fail).
      dialog.querySelector("h2").textContent = "You have been signed out";
      warning.hidden = true;
      signedOut.hidden = false;
      stay.hidden = true;
      dialog.querySelector("[data-idle-close]").hidden = false;
      dialog.querySelector("[data-idle-close]").focus();
    }
  };

  const start = () => {
    deadline = Date.now() + idle * 1000;
    clearTimeout(warnTimer);
    warnTimer = setTimeout(show, Math.max(0, (idle - warnBefore) * 1000));
  };

  const show = () => {
    countdown.textContent = "";
    dialog.querySelector("h2").textContent = "You are about to be signed out";
    warning.hidden = false;
    signedOut.hidden = true;
    stay.hidden = false;
    dialog.querySelector("[data-idle-close]").hidden = true;
    dialog.showModal();
    dialog.querySelector("h2").focus();
    tick();
    ticker = setInterval(tick, 1000);
  };

  const keepAlive = async () => {
    const response = await fetch(keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    });
    clearInterval(ticker);
    dialog.close();
    if (response.ok) {
      start();
    }
  };

  stay.addEventListener("click", keepAlive);
  dialog.querySelector("[data-idle-close]").addEventListener("click", () => dialog.close());
  // Escape means "not now", so it keeps the session rather than losing it silently.
  dialog.addEventListener("cancel", (event) => {
    if (!stay.hidden) {
      event.preventDefault();
      keepAlive();
    }
  });
  start();
}
