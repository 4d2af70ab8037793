// The web card's script (no build step: plain modern JS, served under a content-hashed URL).
// - says so, with the secure address, when opened outside a secure context;
// - keeps the card fresh: polls its small state endpoint (ETag, so an unchanged card costs a 304)
//   and reloads when it changed; registers the service worker that keeps the card for offline;
// - plays the "reward earned" moment once per reward;
// - self-redeems a voucher with a deliberate gesture (hold), showing a live confirmation, and
//   keeps a redemption made offline on the phone until it is sent;
// - reveals a lottery prize by scratching (or with a button).
(() => {
  const root = document.documentElement;
  const stateUrl = root.dataset.state;
  let etag = root.dataset.etag;
  const lang = root.lang || undefined;

  // Plain HTTP to anything but this device: no service worker, so no card offline. Say so first,
  // with the secure address; the customer may still show the card from here.
  const insecure = document.querySelector("[data-insecure]");
  if (insecure && !window.isSecureContext) {
    insecure.hidden = false;
    root.classList.add("insecure-context");
    insecure.querySelector("[data-insecure-continue]").addEventListener("click", () => {
      root.classList.remove("insecure-context");
      insecure.hidden = true;
    });
  }
  if ("serviceWorker" in navigator)
    navigator.serviceWorker.register("/c/sw.js", { scope: "/c/" }).catch(() => {});

  // While the confirmation is on screen, a reload would take it away from the staff.
  let holdReload = false;
  const refresh = () => {
    if (!holdReload) location.reload();
  };
  if (stateUrl)
    setInterval(async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(stateUrl, {
          headers: { "if-none-match": etag },
          cache: "no-store",
        });
        const next = response.headers.get("etag");
        if (response.status === 200 && next !== etag) {
          etag = next;
          refresh();
        }
      } catch {}
    }, 10000);

  const store = {
    read(key, fallback) {
      try {
        return JSON.parse(localStorage.getItem(key) ?? "null") ?? fallback;
      } catch {
        return fallback;
      }
    },
    write(key, value) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {}
    },
  };

  // The moment: a reward seen for the first time on this phone is celebrated once.
  for (const moment of document.querySelectorAll("[data-moment]")) {
    const seen = store.read("stamp-moments", []);
    if (seen.includes(moment.dataset.moment)) continue;
    moment.classList.add("earned--new");
    store.write("stamp-moments", [...seen, moment.dataset.moment].slice(-50));
    navigator.vibrate?.([60, 40, 60]);
  }

  const newId = () => {
    // A UUIDv7: the time in the first 48 bits, so ids sort by creation (the log's convention).
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    let ms = Date.now();
    for (let i = 5; i >= 0; i--) {
      bytes[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x70;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
      cache: "no-store",
    });

  const showError = (scope, text) => {
    const error = scope.querySelector("[data-error]");
    if (!error) return;
    error.textContent = text;
    error.hidden = false;
  };

  // The confirmation: animated, with a clock that keeps running, so staff can tell it from a photo.
  const overlay = document.getElementById("redeemed");
  const clockFormat = new Intl.DateTimeFormat(lang, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  let ticking = 0;
  const confirm = (reward, at, offline) => {
    if (!overlay) return;
    holdReload = true;
    overlay.querySelector("[data-reward]").textContent = reward;
    overlay.querySelector("[data-when]").textContent = overlay.dataset.at.replace(
      "{time}",
      clockFormat.format(at),
    );
    overlay.querySelector("[data-offline]").hidden = !offline;
    const clock = overlay.querySelector("[data-clock]");
    const tick = () => {
      clock.textContent = clockFormat.format(Date.now());
    };
    tick();
    clearInterval(ticking);
    ticking = setInterval(tick, 1000);
    overlay.hidden = false;
    overlay.querySelector("[data-close]").focus();
    navigator.vibrate?.(120);
  };
  overlay?.querySelector("[data-close]").addEventListener("click", () => {
    overlay.hidden = true;
    clearInterval(ticking);
    holdReload = false;
    location.reload();
  });

  // Redemptions made offline wait here, and are sent as soon as the network is back.
  const QUEUE = `stamp-redeem:${location.pathname}`;
  const flush = async () => {
    const queue = store.read(QUEUE, []);
    const kept = [];
    for (const item of queue) {
      try {
        const response = await post(item.url, item.body);
        // A refusal is final: the log keeps what the server accepted; keeping it would retry forever.
        // "Not now" (rate limited, timed out, server trouble) is not a refusal: try again later.
        if (response.status >= 500 || response.status === 429 || response.status === 408)
          kept.push(item);
      } catch {
        kept.push(item);
      }
    }
    store.write(QUEUE, kept);
    if (kept.length < queue.length) refresh();
  };
  window.addEventListener("online", () => void flush());
  void flush();

  const redeem = async (button) => {
    const scope = button.closest(".hold");
    const at = Date.now();
    const body = { id: newId(), at: new Date(at).toISOString(), confirmed: false };
    try {
      const response = await post(button.dataset.holdRedeem, body);
      if (response.ok) return confirm(button.dataset.reward, at, false);
      const answer = await response.json().catch(() => null);
      if (response.status >= 500) throw new Error(String(response.status));
      showError(scope, answer?.error?.message ?? "");
    } catch {
      // No network: the phone's confirmation stands; the server records it later, dated now.
      store.write(QUEUE, [
        ...store.read(QUEUE, []),
        { url: button.dataset.holdRedeem, body: { ...body, confirmed: true } },
      ]);
      button.disabled = true;
      confirm(button.dataset.reward, at, true);
    }
  };

  // Hold to redeem: a deliberate gesture, 1.5 s of pointer or key (Space, Enter) held down.
  const HOLD_MS = 1500;
  for (const button of document.querySelectorAll("[data-hold-redeem]")) {
    let started = 0;
    let frame = 0;
    const reset = () => {
      cancelAnimationFrame(frame);
      started = 0;
      button.style.setProperty("--progress", "0");
      button.classList.remove("hold__button--holding");
    };
    const step = () => {
      const progress = Math.min(1, (performance.now() - started) / HOLD_MS);
      button.style.setProperty("--progress", String(progress));
      if (progress < 1) {
        frame = requestAnimationFrame(step);
        return;
      }
      reset();
      void redeem(button);
    };
    const start = (event) => {
      event.preventDefault();
      if (started !== 0 || button.disabled) return;
      started = performance.now();
      button.classList.add("hold__button--holding");
      frame = requestAnimationFrame(step);
    };
    button.addEventListener("pointerdown", (event) => {
      button.setPointerCapture?.(event.pointerId);
      start(event);
    });
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"])
      button.addEventListener(type, reset);
    button.addEventListener("keydown", (event) => {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) start(event);
    });
    button.addEventListener("keyup", (event) => {
      if (event.key === " " || event.key === "Enter") reset();
    });
    button.addEventListener("contextmenu", (event) => event.preventDefault());
  }

  // Scratch to reveal: the prize comes from the server (derived from the log, never drawn here)
  // as soon as a finger touches the card; scratching away enough of the cover shows it all.
  for (const scratch of document.querySelectorAll("[data-reveal]")) {
    const canvas = scratch.querySelector("canvas");
    const prize = scratch.querySelector("[data-prize]");
    const context = canvas.getContext("2d");
    const styles = getComputedStyle(root);
    context.fillStyle = styles.getPropertyValue("--card-accent").trim() || "#b08d57";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = styles.getPropertyValue("--card-bg").trim() || "#1d1b19";
    context.font = "600 20px system-ui, sans-serif";
    context.textAlign = "center";
    context.textBaseline = "middle";
    context.fillText(canvas.dataset.label, canvas.width / 2, canvas.height / 2);
    let asked = null;
    let shown = false;
    const ask = () => {
      asked ??= post(scratch.dataset.reveal)
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          const answer = await response.json();
          prize.textContent = answer.voucher.prize.title;
          return answer.voucher.prize.title;
        })
        .catch((error) => {
          asked = null;
          showError(
            scratch,
            navigator.onLine === false ? scratch.dataset.offline : scratch.dataset.failed,
          );
          throw error;
        });
      return asked;
    };
    const show = async () => {
      if (shown) return;
      try {
        const title = await ask();
        shown = true;
        scratch.classList.add("scratch--revealed");
        prize.textContent = scratch.dataset.won.replace("{prize}", title);
        holdReload = true;
        navigator.vibrate?.([80, 50, 80]);
        // The redemption part of the voucher follows once the customer has taken it in.
        setTimeout(() => {
          holdReload = false;
          location.reload();
        }, 4000);
      } catch {}
    };
    let scratching = false;
    const scratchAt = (event) => {
      const box = canvas.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * canvas.width;
      const y = ((event.clientY - box.top) / box.height) * canvas.height;
      context.globalCompositeOperation = "destination-out";
      context.beginPath();
      context.arc(x, y, 22, 0, Math.PI * 2);
      context.fill();
    };
    const cleared = () => {
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let clear = 0;
      for (let i = 3; i < pixels.length; i += 16) if (pixels[i] === 0) clear++;
      return clear / (pixels.length / 16);
    };
    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture?.(event.pointerId);
      scratching = true;
      void ask().catch(() => {});
      scratchAt(event);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!scratching) return;
      scratchAt(event);
    });
    canvas.addEventListener("pointerup", () => {
      scratching = false;
      if (cleared() > 0.45) void show();
    });
    scratch.querySelector("[data-reveal-button]").addEventListener("click", () => void show());
  }
})();
