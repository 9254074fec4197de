/* tlgen default theme: small progressive enhancements. Every page reads completely without
   this file; nothing here fetches anything. Loaded with `defer`, so the page is parsed.
   1. the reader's own time beside each time as printed;
   2. an event's updates filtered by speaker (?speaker=slug keeps the choice in the address);
   3. "Copy citation" on each update;
   4. the update a link points to highlighted, even when the filter had hidden it. */
(() => {
  "use strict";
  const doc = document;

  // The page's words, in its language (the theme's strings/*.yml); English without them.
  const words = {
    your_time: "({time}, your time)",
    copy: "Copy citation",
    copy_label: "Copy citation, {time}",
    copied: "Citation copied",
    copy_prompt: "Copy this citation:",
    shown: { one: "{shown} of {count} update", other: "{shown} of {count} updates" },
  };
  try {
    Object.assign(words, JSON.parse(doc.getElementById("tlgen-words").textContent));
  } catch {
    // a site's own base.html without them
  }
  const lang = doc.documentElement.lang || undefined;
  function say(key, values = {}) {
    let word = words[key];
    if (typeof word === "object") {
      let category = "other";
      try {
        category = new Intl.PluralRules(lang).select(values.count);
      } catch {
        // an unknown language: its "other" form
      }
      word = word[category] ?? word.other;
    }
    return word.replace(/\{\{|\}\}|\{(\w+)\}/g, (all, name) =>
      name === undefined ? all[0] : String(values[name]),
    );
  }

  // 1. "19:16 GMT" stays as the source printed it; the reader's time goes beside it.
  function localTimes() {
    let clock;
    let day;
    try {
      clock = new Intl.DateTimeFormat(undefined, {
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      });
      day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
    } catch {
      return;
    }
    for (const time of doc.querySelectorAll(".permalink time[datetime]")) {
      const iso = time.getAttribute("datetime");
      const zone = /(?:([+-])(\d\d):?(\d\d)|Z)$/.exec(iso);
      const when = new Date(iso);
      if (!iso.includes("T") || !zone || Number.isNaN(when.getTime())) continue;
      const printed = zone[1] ? (zone[1] === "-" ? -1 : 1) * (zone[2] * 60 + +zone[3]) : 0;
      if (printed === -when.getTimezoneOffset()) continue; // the reader's zone: nothing to add
      const local = new Date(when.getTime() - when.getTimezoneOffset() * 60000);
      const sameDay = local.toISOString().slice(0, 10) === iso.slice(0, 10);
      const span = doc.createElement("span");
      span.className = "local-time";
      const at = `${sameDay ? "" : `${day.format(when)}, `}${clock.format(when)}`;
      span.textContent = say("your_time", { time: at });
      const after = time.closest(".entry-heading") || time.closest(".permalink");
      after.after(" ", span);
    }
  }

  // 2. Show only the updates quoting one speaker, and mark that speaker's quotations.
  let clearFilter = () => {};
  function speakerFilter() {
    const form = doc.querySelector(".speaker-filter");
    if (!form) return;
    const select = form.querySelector("select");
    const status = form.querySelector(".filter-status");
    const entries = [...doc.querySelectorAll(".entry")];
    const quoting = (entry, slug) =>
      [...entry.querySelectorAll(".entry-speakers [data-speaker]")].some(
        (a) => a.dataset.speaker === slug,
      );
    const apply = (slug) => {
      let shown = 0;
      for (const entry of entries) {
        const match = !slug || quoting(entry, slug);
        entry.hidden = !match;
        shown += match;
        for (const q of entry.querySelectorAll("q.quote")) {
          q.classList.toggle("is-speaker", Boolean(slug) && q.dataset.speaker === slug);
        }
      }
      for (const section of doc.querySelectorAll(".day")) {
        section.hidden = !section.querySelector(".entry:not([hidden])");
      }
      status.textContent = slug ? say("shown", { shown, count: entries.length }) : "";
      try {
        const url = new URL(location.href);
        if (slug) url.searchParams.set("speaker", slug);
        else url.searchParams.delete("speaker");
        history.replaceState(history.state, "", url);
      } catch {
        // file:// in some browsers: the filter works, the address just does not keep it
      }
    };
    clearFilter = () => {
      select.value = "";
      apply("");
    };
    form.addEventListener("submit", (event) => event.preventDefault());
    select.addEventListener("change", () => apply(select.value));
    const wanted = new URLSearchParams(location.search).get("speaker");
    if (wanted && [...select.options].some((o) => o.value === wanted)) {
      select.value = wanted;
      apply(wanted);
    }
    form.hidden = false;
  }

  // 3. The citation is in the page (printed, hidden on screen); the button copies it with
  // the permalink spelled out in full.
  function citationOf(cite) {
    const copy = cite.cloneNode(true);
    for (const a of copy.querySelectorAll("a")) a.textContent = a.href;
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function copyByHand(text) {
    const area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
    doc.body.append(area);
    area.select();
    let done = false;
    try {
      done = doc.execCommand("copy");
    } catch {
      done = false;
    }
    area.remove();
    if (!done) window.prompt(say("copy_prompt"), text);
    return done;
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        () => true,
        () => copyByHand(text),
      );
    }
    return Promise.resolve(copyByHand(text));
  }
  function citations() {
    for (const entry of doc.querySelectorAll(".entry")) {
      const cite = entry.querySelector(".cite");
      const time = entry.querySelector(".permalink time");
      if (!cite) continue;
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "copy-cite";
      button.textContent = say("copy");
      if (time) button.setAttribute("aria-label", say("copy_label", { time: time.textContent }));
      button.addEventListener("click", () => {
        copyText(citationOf(cite)).then((done) => {
          if (!done) return;
          button.textContent = say("copied");
          setTimeout(() => {
            button.textContent = say("copy");
          }, 2500);
        });
      });
      cite.before(button);
    }
  }

  // 4. The targeted update stands out (CSS :target does without this script); a target
  // the speaker filter had hidden brings every update back.
  function highlight() {
    for (const old of doc.querySelectorAll(".is-target")) old.classList.remove("is-target");
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      return;
    }
    const target = id && doc.getElementById(id);
    if (!target) return;
    const entry = target.closest(".entry") || target;
    if (entry.closest("[hidden]")) {
      clearFilter();
      entry.scrollIntoView();
    }
    entry.classList.add("is-target");
  }

  localTimes();
  speakerFilter();
  citations();
  highlight();
  window.addEventListener("hashchange", highlight);
})();
