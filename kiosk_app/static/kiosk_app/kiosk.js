/* Community information kiosk (社区信息多媒体查询机): a touch front end with no build step.
 *
 * Reads everything from /graphql/ with the kiosk's device token (GET requests, so the service
 * worker can keep the last answers for when the network drops). Screens: a home of large tiles,
 * lists paged with big previous/next buttons, detail pages in large type with a font-size control
 * and a QR code; after the idle timeout an attract loop, and back home; night mode outside
 * opening hours; a heartbeat to the registry every minute.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const T = config.texts;
  const root = document.documentElement;
  const screen = document.getElementById("screen");
  const home = document.getElementById("home");
  const statusLine = document.getElementById("status");
  const attract = document.getElementById("attract");
  const attractSlide = document.getElementById("attract-slide");
  const FONT_SCALES = [1, 1.25, 1.5, 1.75];
  // As many items as fit on the screen above the pager without scrolling (landscape: two columns).
  const PAGE_SIZE = root.classList.contains("landscape") ? 4 : 5;

  let kiosk = null;
  let fontLevel = Number(sessionStorage.getItem("kiosk-font-level") || 0) || 0;
  let idleTimer = null;
  let attractTimer = null;
  let current = { view: "home" };
  const history = [];

  // ------------------------------------------------------------------ helpers
  function esc(text) {
    const span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? values[key] : ""));
  }

  function showStatus(text) {
    statusLine.textContent = text || "";
    statusLine.hidden = !text;
  }

  async function gql(query, variables) {
    const params = new URLSearchParams({ query: query, variables: JSON.stringify(variables || {}) });
    let response;
    try {
      response = await fetch(config.graphql + "?" + params.toString(), {
        headers: { Authorization: "Bearer " + config.token, Accept: "application/json" },
      });
    } catch (error) {
      showStatus(T.offline);
      throw error;
    }
    showStatus(response.headers.get("X-Kiosk-From-Cache") ? T.offline : "");
    const body = await response.json();
    if (body.errors) throw new Error(body.errors[0].message);
    return body.data;
  }

  function dateText(value) {
    if (!value) return "";
    const date = new Date(value);
    if (isNaN(date)) return value;
    return date.toLocaleString("zh-CN", {
      timeZone: kiosk ? kiosk.timeZone : undefined,
      year: "numeric", month: "long", day: "numeric",
      ...(value.length > 10 ? { hour: "2-digit", minute: "2-digit" } : {}),
    });
  }

  function applyFont() {
    fontLevel = Math.max(0, Math.min(FONT_SCALES.length - 1, fontLevel));
    root.style.setProperty("--scale", FONT_SCALES[fontLevel]);
    sessionStorage.setItem("kiosk-font-level", String(fontLevel));
    // At the smallest and largest size the button says so, instead of doing nothing when touched.
    document.querySelector('[data-action="font-smaller"]').disabled = fontLevel === 0;
    document.querySelector('[data-action="font-larger"]').disabled = fontLevel === FONT_SCALES.length - 1;
  }

  // ------------------------------------------------------------------ queries
  const LIST_FIELDS = "total page pageSize hasNext";
  const VIEWS = {
    notices: {
      list: `query($page:Int,$size:Int){site{notices(page:$page,pageSize:$size){${LIST_FIELDS} items{id title summary pinned source firstPublishedAt}}}}`,
      key: "notices",
      detail: `query($id:ID!){site{item:notice(id:$id){id title summary pinned source firstPublishedAt validUntil bodyHtml attachments{title url}}}}`,
      // a notice pushed down by the street or city says who sent it
      meta: (item) => [item.pinned ? T.pinned : "", item.source ? format(T.sent_by, { source: item.source }) : "",
        dateText(item.firstPublishedAt)].filter(Boolean).join(" · "),
    },
    guides: {
      list: `query($page:Int,$size:Int,$category:String){site{serviceGuides(page:$page,pageSize:$size,category:$category){${LIST_FIELDS} items{id title summary categoryLabel}}}}`,
      key: "serviceGuides",
      detail: `query($id:ID!){site{item:serviceGuide(id:$id){id title summary categoryLabel eligibility fee timeLimit officeHours place contactPhone bodyHtml materials{name copies originalRequired note} steps{title description}}}}`,
      meta: (item) => item.categoryLabel,
    },
    party: {
      list: `query($page:Int,$size:Int){site{partyAffairs(page:$page,pageSize:$size){${LIST_FIELDS} items{id title summary categoryLabel date}}}}`,
      key: "partyAffairs",
      detail: `query($id:ID!){site{item:partyAffairsItem(id:$id){id title summary categoryLabel date bodyHtml}}}`,
      meta: (item) => [item.categoryLabel, dateText(item.date)].filter(Boolean).join(" · "),
    },
    events: {
      list: `query($page:Int,$size:Int){site{events(page:$page,pageSize:$size){${LIST_FIELDS} items{id title summary startAt place}}}}`,
      key: "events",
      detail: `query($id:ID!){site{item:event(id:$id){id title summary startAt endAt place organiser capacity bodyHtml}}}`,
      meta: (item) => [dateText(item.startAt), item.place].filter(Boolean).join(" · "),
    },
  };
  const HOME_QUERY = `query KioskHome{kiosk{name orientation idleTimeoutSeconds heartbeatIntervalSeconds timeZone isOpen
    openingHours{weekday opensAt closesAt}
    attractSlides{title caption image{rendition(size:${root.classList.contains("landscape") ? "LANDSCAPE_SCREEN" : "PORTRAIT_SCREEN"}){url}}}
    site{name hostname notices(pageSize:5){items{id title summary}}}}}`;

  // ------------------------------------------------------------------ screens
  function titleOf(view) {
    const tile = home.querySelector(`:scope > [data-view="${view}"] .tile-label`);
    return tile ? tile.textContent : "";
  }

  function setView(view, label) {
    root.dataset.screen = view;
    current.label = label || titleOf(view);
  }

  function showHome() {
    history.length = 0;
    current = { view: "home" };
    screen.querySelectorAll(".view").forEach((node) => node.remove());
    home.hidden = false;
    setView("home", "");
    screen.scrollTop = 0;
    const first = home.querySelector(".tile");
    if (first) first.focus({ preventScroll: true });
  }

  function render(html, heading) {
    home.hidden = true;
    screen.querySelectorAll(".view").forEach((node) => node.remove());
    const section = document.createElement("section");
    section.className = "view";
    section.setAttribute("aria-labelledby", "view-title");
    section.innerHTML =
      `<div class="view-head"><button type="button" class="big-button back" data-action="back"><span aria-hidden="true">←</span> ${esc(T.back)}</button>` +
      `<h2 id="view-title">${esc(heading)}</h2></div>` + html +
      (html.includes('class="pager"') ? "" : scrollerHtml());
    screen.appendChild(section);
    screen.scrollTop = 0;
    updateScroller();
    const title = section.querySelector("#view-title");
    title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });
  }

  // Long pages (a guide, the profile) get the same big buttons as lists, to read on without
  // having to know that a touch screen scrolls by dragging. Shown only when the page is longer
  // than the screen.
  function scrollerHtml() {
    return `<nav class="pager scroller" aria-label="${esc(T.read_on)}" hidden>` +
      `<button type="button" class="big-button" data-action="scroll-up"><span aria-hidden="true">▲</span> ${esc(T.scroll_up)}</button>` +
      `<button type="button" class="big-button" data-action="scroll-down">${esc(T.scroll_down)} <span aria-hidden="true">▼</span></button></nav>`;
  }

  function updateScroller() {
    const scroller = screen.querySelector(".scroller");
    if (!scroller) return;
    const overflow = screen.scrollHeight - screen.clientHeight;
    scroller.hidden = overflow <= 4 && screen.scrollTop === 0;
    scroller.querySelector('[data-action="scroll-up"]').disabled = screen.scrollTop <= 0;
    scroller.querySelector('[data-action="scroll-down"]').disabled = screen.scrollTop >= overflow - 4;
  }

  function scrollScreen(direction) {
    const step = Math.max(200, screen.clientHeight - 320); // keep a few lines on screen for context
    screen.scrollTop += direction * step;
    updateScroller();
  }

  screen.addEventListener("scroll", updateScroller, { passive: true });
  screen.addEventListener("load", updateScroller, true); // pictures make a page longer as they arrive

  function loading(heading) {
    render(`<p class="loading" role="status">${esc(T.loading)}</p>`, heading);
  }

  function failed(heading) {
    render(`<p class="message">${esc(T.failed)}</p>`, heading);
  }

  function go(next) {
    if (current.view !== "home") history.push(current);
    show(next);
  }

  function show(state) {
    current = state;
    if (state.view === "home") return showHome();
    if (state.view === "profile") return showProfile();
    if (state.view === "services") return showServices();
    if (state.id) return showDetail(state);
    return showList(state);
  }

  async function showList(state) {
    const spec = VIEWS[state.view];
    const heading = state.heading || titleOf(state.view);
    setView(state.view, heading);
    loading(heading);
    let list;
    try {
      const data = await gql(spec.list, { page: state.page || 1, size: PAGE_SIZE, category: state.category || null });
      list = data.site[spec.key];
    } catch (error) {
      return failed(heading);
    }
    if (current !== state) return;
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
    const items = list.items.length
      ? list.items.map((item) =>
          `<li><button type="button" class="list-item" data-open="${esc(item.id)}">` +
          `<span class="item-title">${esc(item.title)}</span>` +
          `<span class="item-meta">${esc(spec.meta(item))}</span>` +
          (item.summary ? `<span class="item-summary">${esc(item.summary)}</span>` : "") +
          `</button></li>`).join("")
      : `<li class="message">${esc(T.empty)}</li>`;
    render(
      `<ul class="list" role="list">${items}</ul>` +
      `<nav class="pager" aria-label="${esc(T.pages)}">` +
      `<button type="button" class="big-button" data-action="previous" ${list.page > 1 ? "" : "disabled"}><span aria-hidden="true">◀</span> ${esc(T.previous)}</button>` +
      `<span class="pager-position" aria-live="polite">${esc(format(T.page_of, { page: list.page, pages: pages }))}</span>` +
      `<button type="button" class="big-button" data-action="next" ${list.hasNext ? "" : "disabled"}>${esc(T.next)} <span aria-hidden="true">▶</span></button></nav>`,
      heading
    );
    state.page = list.page;
    state.hasNext = list.hasNext;
  }

  function fact(label, value) {
    return value ? `<div class="fact"><dt>${esc(label)}</dt><dd>${esc(value)}</dd></div>` : "";
  }

  function qrBlock(pageId) {
    return `<figure class="qr"><img src="${esc(config.qr)}?page=${encodeURIComponent(pageId)}" width="220" height="220" alt="${esc(T.qr_code)}">` +
      `<figcaption>${esc(T.scan_to_continue)}</figcaption></figure>`;
  }

  async function showDetail(state) {
    const spec = VIEWS[state.view];
    const heading = titleOf(state.view);
    setView(state.view + "-detail", heading);
    loading(heading);
    let item;
    try {
      item = (await gql(spec.detail, { id: state.id })).site.item;
    } catch (error) {
      return failed(heading);
    }
    if (current !== state) return;
    if (!item) return failed(heading);
    current.label = item.title;
    let facts = "";
    if (state.view === "guides") {
      facts = `<dl class="facts">${fact(T.eligibility, item.eligibility)}${fact(T.fee, item.fee)}${fact(T.time_limit, item.timeLimit)}` +
        `${fact(T.office_hours, item.officeHours)}${fact(T.place, item.place)}${fact(T.phone, item.contactPhone)}</dl>`;
      if (item.materials.length) {
        facts += `<h4>${esc(T.materials)}</h4><ol class="materials">` + item.materials.map((m) =>
          `<li>${esc(m.name)} <small>${esc(format(T.copies, { copies: m.copies }))}${m.originalRequired ? "，" + esc(T.original) : ""}${m.note ? "，" + esc(m.note) : ""}</small></li>`).join("") + "</ol>";
      }
      if (item.steps.length) {
        facts += `<h4>${esc(T.steps)}</h4><ol class="steps">` + item.steps.map((s) =>
          `<li><strong>${esc(s.title)}</strong> ${esc(s.description)}</li>`).join("") + "</ol>";
      }
    } else if (state.view === "events") {
      facts = `<dl class="facts">${fact(T.when, dateText(item.startAt) + (item.endAt ? " – " + dateText(item.endAt) : ""))}${fact(T.where, item.place)}</dl>`;
    } else {
      facts = `<p class="item-meta">${esc(spec.meta(item))}</p>`;
    }
    const attachments = (item.attachments || []).map((a) => `<li>${esc(a.title)}</li>`).join("");
    render(
      `<article class="detail"><h3 class="detail-title">${esc(item.title)}</h3>${facts}` +
      (item.summary ? `<p class="lead">${esc(item.summary)}</p>` : "") +
      `<div class="body">${item.bodyHtml || ""}</div>` +
      (attachments ? `<ul class="attachments">${attachments}</ul>` : "") +
      `</article>${qrBlock(item.id)}`,
      heading
    );
  }

  async function showProfile() {
    const heading = titleOf("profile");
    setView("profile", heading);
    loading(heading);
    let data;
    try {
      data = await gql(`query{site{profile{id title population households address bodyHtml committeeMembers{name position duties}} contact{phone address officeHours}}}`);
    } catch (error) {
      return failed(heading);
    }
    if (current.view !== "profile") return;
    const profile = data.site.profile;
    const contact = data.site.contact || {};
    if (!profile) return render(`<p class="message">${esc(T.empty)}</p>`, heading);
    const members = profile.committeeMembers.map((m) =>
      `<li><strong>${esc(m.name)}</strong> ${esc(m.position)}<small>${esc(m.duties)}</small></li>`).join("");
    render(
      `<article class="detail"><dl class="facts">${fact(T.population, profile.population)}${fact(T.households, profile.households)}` +
      `${fact(T.address, profile.address || contact.address)}${fact(T.phone, contact.phone)}${fact(T.office_hours, contact.officeHours)}</dl>` +
      `<div class="body">${profile.bodyHtml || ""}</div>` +
      (members ? `<h4>${esc(T.committee)}</h4><ul class="members">${members}</ul>` : "") +
      `</article>${qrBlock(profile.id)}`,
      heading
    );
  }

  async function showServices() {
    const heading = titleOf("services");
    setView("services", heading);
    loading(heading);
    let contact = null;
    try {
      contact = (await gql(`query{site{contact{phone address officeHours}}}`)).site.contact;
    } catch (error) {
      contact = null;
    }
    if (current.view !== "services") return;
    const buttons = config.texts.guide_categories.map(([value, label]) =>
      `<button type="button" class="tile tile-small" data-category="${esc(value)}" data-label="${esc(label)}">${esc(label)}</button>`).join("");
    render(
      (contact ? `<dl class="facts contact" aria-label="${esc(T.contact)}">${fact(T.phone, contact.phone)}${fact(T.address, contact.address)}${fact(T.office_hours, contact.officeHours)}</dl>` : "") +
      `<h3>${esc(T.categories)}</h3><div class="tiles tiles-small">${buttons}` +
      `<button type="button" class="tile tile-small" data-category="" data-label="${esc(T.all_guides)}">${esc(T.all_guides)}</button></div>`,
      heading
    );
  }

  // ------------------------------------------------------------------ touch handling
  document.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target || target.disabled) return;
    const action = target.dataset.action;
    if (target.dataset.view) return go({ view: target.dataset.view, page: 1 });
    if (target.dataset.open) return go({ view: current.view, id: target.dataset.open, from: current });
    if (target.dataset.category !== undefined) {
      return go({ view: "guides", page: 1, category: target.dataset.category || null, heading: target.dataset.label });
    }
    if (action === "home") return showHome();
    if (action === "back") return history.length ? show(history.pop()) : showHome();
    if (action === "previous") return show({ ...current, page: Math.max(1, (current.page || 1) - 1) });
    if (action === "next") return show({ ...current, page: (current.page || 1) + 1 });
    if (action === "scroll-down") return scrollScreen(1);
    if (action === "scroll-up") return scrollScreen(-1);
    if (action === "font-larger") { fontLevel += 1; applyFont(); return updateScroller(); }
    if (action === "font-smaller") { fontLevel -= 1; applyFont(); return updateScroller(); }
  });

  // ------------------------------------------------------------------ idle → attract → home
  function resetIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(startAttract, (kiosk ? kiosk.idleTimeoutSeconds : config.idleSeconds) * 1000);
  }

  function attractItems() {
    const slides = (kiosk ? kiosk.attractSlides : []).map((slide) =>
      `<img src="${esc(slide.image.rendition.url)}" alt=""><h2>${esc(slide.title)}</h2><p>${esc(slide.caption)}</p>`);
    const notices = (kiosk && kiosk.site ? kiosk.site.notices.items : []).map((notice) =>
      `<p class="attract-kicker">${esc(titleOf("notices"))}</p><h2>${esc(notice.title)}</h2><p>${esc(notice.summary)}</p>`);
    const items = [];
    for (let i = 0; i < Math.max(slides.length, notices.length); i++) {
      if (slides[i]) items.push(slides[i]);
      if (notices[i]) items.push(notices[i]);
    }
    return items.length ? items : [`<h2>${esc(document.getElementById("site-name").textContent)}</h2>`];
  }

  function startAttract() {
    showHome();
    fontLevel = 0; // the next resident starts with the usual type size
    applyFont();
    // Fetch the configuration again meanwhile: new notices, slides and opening hours reach the
    // loop (and night mode) without anyone reloading the kiosk.
    loadKiosk();
    let index = 0;
    const next = () => {
      const items = attractItems();
      attractSlide.innerHTML = items[index % items.length];
      index += 1;
    };
    next();
    attract.hidden = false;
    attract.focus({ preventScroll: true });
    root.dataset.screen = "attract";
    clearInterval(attractTimer);
    attractTimer = setInterval(next, 6000);
  }

  function stopAttract() {
    clearInterval(attractTimer);
    attract.hidden = true;
    showHome();
  }

  // Any touch or key counts as activity. While the attract loop shows, the touch only wakes the
  // kiosk: the loop closes on the tap's click (not on pointerdown, which would let the same tap
  // land on the tile that appears under the finger) and nothing else sees it.
  function onActivity(event) {
    if (attract.hidden) return resetIdle();
    event.stopPropagation();
    if (event.type === "click" || event.type === "keydown") {
      event.preventDefault();
      stopAttract();
    }
    resetIdle();
  }

  ["pointerdown", "click", "keydown"].forEach((name) => document.addEventListener(name, onActivity, true));

  // ------------------------------------------------------------------ night mode and clock
  function localParts() {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: kiosk ? kiosk.timeZone : undefined, weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false,
    }).formatToParts(new Date());
    const get = (type) => (parts.find((p) => p.type === type) || {}).value;
    const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")) + 1;
    return { weekday: weekday, time: `${get("hour")}:${get("minute")}` };
  }

  function isOpenNow() {
    if (!kiosk || !kiosk.openingHours.length) return true;
    const now = localParts();
    return kiosk.openingHours.some((p) => p.weekday === now.weekday && p.opensAt <= now.time && now.time < p.closesAt);
  }

  function tick() {
    const now = localParts();
    document.getElementById("clock").textContent = now.time;
    const night = !isOpenNow();
    root.classList.toggle("night", night);
    let banner = document.getElementById("night-banner");
    if (night && !banner && kiosk) {
      banner = document.createElement("p");
      banner.id = "night-banner";
      banner.className = "night-banner";
      banner.setAttribute("role", "note");
      banner.textContent = T.night + (/[：:]$/.test(T.night) ? "" : " ") + kiosk.openingHours.map((p) =>
        `${T.weekdays[p.weekday - 1]} ${p.opensAt}–${p.closesAt}`).join("，");
      document.body.insertBefore(banner, screen);
    } else if (!night && banner) {
      banner.remove();
    }
  }

  // ------------------------------------------------------------------ start-up, heartbeat, network
  async function loadKiosk() {
    try {
      const data = await gql(HOME_QUERY);
      kiosk = data.kiosk;
      if (kiosk && kiosk.site) document.getElementById("site-name").textContent = kiosk.site.name;
    } catch (error) {
      /* keep the previous configuration */
    }
    tick();
    root.dataset.ready = "1";
  }

  // What the registry's monitor shows staff: the section and the item on screen, in words.
  function screenDescription() {
    if (root.dataset.screen === "attract") return attract.getAttribute("aria-label");
    if (root.dataset.screen === "home") return T.home;
    const section = current.heading || titleOf(current.view);
    return current.label && current.label !== section ? section + "：" + current.label : section;
  }

  function heartbeat() {
    fetch(config.heartbeat, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ appVersion: config.appVersion, screen: screenDescription() }),
    }).catch(() => {});
  }

  window.addEventListener("online", () => {
    showStatus("");
    loadKiosk().then(resetIdle);
    if (current.view !== "home") show(current);
  });
  window.addEventListener("offline", () => showStatus(T.offline));

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorker, { scope: config.base }).catch(() => {});
  }
  applyFont();
  setView("home", "");
  loadKiosk().then(resetIdle);
  heartbeat();
  setInterval(heartbeat, config.heartbeatSeconds * 1000);
  setInterval(tick, 30000);
})();
