// The archive's search page: Pagefind's index, built with the site, queried in the
// browser. Filters by speaker, event and month are page metadata, so the index stays
// byte-for-byte reproducible. Each result links to the exact update that matched (the
// nearest update anchor before the first matching word), not just to the event page.
const form = document.querySelector(".search-form");
const script = new URL(form.dataset.pagefind, location.href); // relative links work too
const base = script.pathname.slice(0, -"pagefind/pagefind.js".length);
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const pagefind = await import(script.href);

// The page's words, in its language (the theme's strings/*.yml); English without them.
const words = {
  search_hint: "Type the words to find; choose a speaker, an event or a month to narrow them.",
  found: { one: "{count} event found", other: "{count} events found" },
};
try {
  Object.assign(words, JSON.parse(document.getElementById("tlgen-words").textContent));
} catch {
  // a site's own base.html without them
}
function say(key, values = {}) {
  let word = words[key];
  if (typeof word === "object") {
    let category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || undefined).select(values.count);
    } catch {
      // an unknown language: its "other" form
    }
    word = word[category] ?? word.other;
  }
  return word.replace(/\{\{|\}\}|\{(\w+)\}/g, (all, name) => (name === undefined ? all[0] : String(values[name])));
}
await pagefind.options({ baseUrl: base });
// A large archive's index comes in parts, each its own Pagefind index (tlgen-parts.json
// lists them; the first is the one loaded above): searched together, results merged by score.
try {
  const listed = await fetch(new URL("tlgen-parts.json", script));
  const { parts } = listed.ok ? await listed.json() : { parts: [] };
  const others = parts.filter((part) => part.path).map((part) => new URL(part.path, script).pathname);
  await Promise.all(others.map((path) => pagefind.mergeIndex(path, { baseUrl: base })));
} catch (error) {
  // a site deployed without some of its index: the parts that loaded are searched
  console.warn("tlgen: some parts of the search index could not be loaded", error);
}

function anchorFor(data) {
  // the update holding the first match that falls inside an update at all
  const updates = data.anchors.filter((a) => a.id.startsWith("t-"));
  const start = updates.length ? Math.min(...updates.map((a) => a.location)) : Infinity;
  const first = Math.min(...data.locations.filter((l) => l >= start));
  let best = null;
  for (const anchor of updates) {
    if (anchor.location <= first) best = anchor;
  }
  return best ? `#${best.id}` : "";
}

function matches(meta, chosen) {
  if (chosen.event && meta.event !== chosen.event) return false;
  for (const key of ["speakers", "months"]) {
    if (chosen[key] && !(meta[key] || "").includes(`|${chosen[key]}|`)) return false;
  }
  return true;
}

// The search is its address: /search/?q=...&speakers=... fills the form (a link to a
// search, the browser's back button), and the form keeps the address up to date.
const FIELDS = ["q", "speakers", "event", "months"];
const asked = new URLSearchParams(location.search);
for (const name of FIELDS) {
  if (asked.has(name)) form[name].value = asked.get(name); // an unknown option leaves "any"
}
function remember() {
  const state = new URLSearchParams();
  for (const name of FIELDS) {
    const value = form[name].value.trim();
    if (value) state.set(name, value);
  }
  const search = state.toString() ? `?${state}` : "";
  if (search === location.search) return;
  try {
    history.replaceState(null, "", `${location.pathname}${search}${location.hash}`);
  } catch {
    // a browser that keeps file:// addresses as they are
  }
}

let generation = 0;
async function run() {
  const mine = ++generation;
  remember();
  const query = form.q.value.trim();
  const chosen = { speakers: form.speakers.value, event: form.event.value, months: form.months.value };
  if (!query) {
    list.replaceChildren();
    status.textContent = say("search_hint");
    return;
  }
  const search = await pagefind.debouncedSearch(query, {}, 200);
  if (search === null || mine !== generation) return;
  const data = await Promise.all(search.results.slice(0, 200).map((r) => r.data()));
  if (mine !== generation) return;
  const kept = data.filter((d) => matches(d.meta, chosen)).slice(0, 30);
  status.textContent = say("found", { count: kept.length });
  list.replaceChildren(
    ...kept.map((result) => {
      const item = document.createElement("li");
      item.className = "item";
      const link = document.createElement("a");
      link.href = result.url + anchorFor(result);
      link.textContent = result.meta.title;
      const excerpt = document.createElement("p");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and marks the matches
      item.append(link, excerpt);
      return item;
    }),
  );
}
form.addEventListener("input", run);
run();
