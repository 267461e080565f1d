// The board pack progress page: asks the server how the pack is getting on every few
// seconds and writes the answer into the page's aria-live region, so screen readers
// hear the news without the page reloading under them. When the pack is finished the
// page is loaded again to show the download links (or the plain failure message).
// Without JavaScript the page still works: it has a "Check now" link.

const region = document.getElementById("pack-progress");

if (region) {
  const url = region.dataset.statusUrl;
  const seconds = Number(region.dataset.pollSeconds) || 3;
  const message = region.querySelector("[data-pack-progress-message]");
  // Stop asking after an hour: by then a person has long gone, and the link remains.
  let polls = Math.ceil(3600 / seconds);

  const poll = async () => {
    polls -= 1;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const state = await response.json();
        if (message.textContent !== state.message) {
          message.textContent = state.message;
        }
        if (state.finished) {
          // Long enough for the live region to be read out before the page changes.
          window.setTimeout(() => window.location.reload(), 1500);
          return;
        }
      }
    } catch (error) {
      // A dropped connection: try again on the next round.
    }
    if (polls > 0) {
      window.setTimeout(poll, seconds * 1000);
    }
  };

  window.setTimeout(poll, seconds * 1000);
}
