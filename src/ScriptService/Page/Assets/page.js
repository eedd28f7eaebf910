// The client guide's flow (docs/client-guide.md) in the browser: connect, wait for connection_ack, register the job id,
// post the job once the registration is acknowledged, show scriptProgress, show scriptResult. The jobs this browser
// posted are kept in localStorage (ids and topics only); after a reload they are registered again, and the service
// replays the result of every finished one, so the list and the last script come back from the service itself.
"use strict";

(() => {
  const JOBS_KEY = "scriptservice.page.jobs";
  const LANGUAGE_KEY = "scriptservice.page.language";
  const TOKEN_KEY = "scriptservice.page.token";
  const MAX_JOBS = 20;
  // Results are kept by the service for 24 hours by default (ScriptService:Store:ResultRetention); older entries could
  // only ever say "no longer kept".
  const MAX_AGE_MS = 24 * 60 * 60 * 1000;
  const ACK_TIMEOUT_MS = 10_000;

  const texts = {
    vi: {
      heading: "Tạo kịch bản",
      connecting: "Đang kết nối…",
      connected: "Đã kết nối",
      disconnected: "Mất kết nối, đang thử lại…",
      refused: "Máy chủ từ chối kết nối: {message}",
      authRequired: "Dịch vụ yêu cầu mã truy cập.",
      composeHeading: "Yêu cầu mới",
      topic: "Chủ đề",
      topicPlaceholder: "Ví dụ: Năng lượng mặt trời cho hộ gia đình",
      audience: "Đối tượng",
      style: "Phong cách",
      sources: "Nguồn tham khảo",
      sourcesPlaceholder: "https://example.org/bai-viet",
      sourcesHint: "Mỗi dòng một nguồn (địa chỉ web hoặc trích dẫn).",
      language: "Ngôn ngữ kịch bản",
      length: "Độ dài",
      lengthShort: "Ngắn",
      lengthMedium: "Vừa",
      lengthLong: "Dài",
      submit: "Viết kịch bản",
      accessHeading: "Mã truy cập",
      tokenLabel: "Mã (API key hoặc JWT) khi dịch vụ yêu cầu xác thực",
      tokenSave: "Dùng mã này",
      recentHeading: "Yêu cầu gần đây",
      recentEmpty: "Chưa có yêu cầu nào trên trình duyệt này.",
      resultPlaceholder: "Kịch bản sẽ hiện ở đây khi được viết xong.",
      notConnected: "Chưa kết nối được tới dịch vụ; vui lòng thử lại sau giây lát.",
      registerFailed: "Không đăng ký được yêu cầu: {message}",
      postFailed: "Dịch vụ không nhận yêu cầu ({status}): {message}",
      retryAfter: "Hãy thử lại sau {seconds} giây.",
      networkFailed: "Không gửi được yêu cầu: {message}",
      failed: "Không viết được kịch bản: {message}",
      expired: "Dịch vụ không còn giữ yêu cầu này.",
      waitingResult: "Đang viết kịch bản…",
      stage_outline: "Lập dàn ý",
      stage_draft: "Viết bản nháp",
      stage_polish: "Hoàn thiện",
      stage_prompt: "Chuẩn bị yêu cầu",
      stage_model: "Mô hình đang viết",
      stage_parse: "Đọc kết quả",
      stage_done: "Xong",
      state_pending: "đang chờ",
      state_queued: "trong hàng đợi",
      state_running: "đang viết",
      state_succeeded: "xong",
      state_failed: "lỗi",
      state_expired: "hết hạn",
      topicLabel: "Chủ đề",
      languageName_vi: "Tiếng Việt",
      languageName_en: "Tiếng Anh",
    },
    en: {
      heading: "Script generator",
      connecting: "Connecting…",
      connected: "Connected",
      disconnected: "Connection lost, retrying…",
      refused: "The server refused the connection: {message}",
      authRequired: "The service requires an access token.",
      composeHeading: "New request",
      topic: "Topic",
      topicPlaceholder: "For example: Solar power for homes",
      audience: "Audience",
      style: "Style",
      sources: "Sources",
      sourcesPlaceholder: "https://example.org/article",
      sourcesHint: "One source per line (a web address or a quotation).",
      language: "Script language",
      length: "Length",
      lengthShort: "Short",
      lengthMedium: "Medium",
      lengthLong: "Long",
      submit: "Write the script",
      accessHeading: "Access token",
      tokenLabel: "Token (API key or JWT) when the service requires authentication",
      tokenSave: "Use this token",
      recentHeading: "Recent requests",
      recentEmpty: "No request from this browser yet.",
      resultPlaceholder: "The script appears here once it is written.",
      notConnected: "Not connected to the service yet; please try again in a moment.",
      registerFailed: "The request could not be registered: {message}",
      postFailed: "The service did not accept the request ({status}): {message}",
      retryAfter: "Try again in {seconds} seconds.",
      networkFailed: "The request could not be sent: {message}",
      failed: "The script could not be written: {message}",
      expired: "The service no longer keeps this request.",
      waitingResult: "Writing the script…",
      stage_outline: "Outline",
      stage_draft: "Draft",
      stage_polish: "Polish",
      stage_prompt: "Prompt",
      stage_model: "The model is writing",
      stage_parse: "Reading the answer",
      stage_done: "Done",
      state_pending: "waiting",
      state_queued: "queued",
      state_running: "writing",
      state_succeeded: "done",
      state_failed: "failed",
      state_expired: "expired",
      topicLabel: "Topic",
      languageName_vi: "Vietnamese",
      languageName_en: "English",
    },
  };

  const $ = (id) => document.getElementById(id);
  const form = $("generate");
  const progress = $("progress");
  const stage = $("stage");
  const result = $("result");
  const jobList = $("jobs");
  const message = $("message");
  const connection = $("connection");
  const access = $("access");
  const tokenForm = $("token-form");

  // --- storage (a browser that refuses storage still runs the flow, it just forgets on reload) ---

  const storage = {
    read(area, key, fallback) {
      try {
        const value = area.getItem(key);
        return value === null ? fallback : JSON.parse(value);
      } catch {
        return fallback;
      }
    },
    write(area, key, value) {
      try {
        area.setItem(key, JSON.stringify(value));
      } catch {
        // Full or disabled storage: nothing to keep then.
      }
    },
  };

  // --- language ---

  const pickLanguage = () => {
    const saved = storage.read(localStorage, LANGUAGE_KEY, null);
    if (saved === "vi" || saved === "en") return saved;
    return (navigator.language || "").toLowerCase().startsWith("vi") ? "vi" : "en";
  };
  let uiLanguage = pickLanguage();
  let scriptLanguageTouched = false;

  const t = (key, values = {}) =>
    (texts[uiLanguage][key] ?? texts.en[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));

  const applyLanguage = () => {
    document.documentElement.lang = uiLanguage;
    document.title = t("heading");
    for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
    for (const element of document.querySelectorAll("[data-i18n-placeholder]")) element.placeholder = t(element.dataset.i18nPlaceholder);
    for (const button of document.querySelectorAll("[data-ui-language]")) {
      button.setAttribute("aria-pressed", String(button.dataset.uiLanguage === uiLanguage));
    }
    if (!scriptLanguageTouched) form.elements.namedItem("language").value = uiLanguage;
    renderConnection();
    renderJobs();
    renderSelected();
  };

  for (const button of document.querySelectorAll("[data-ui-language]")) {
    button.addEventListener("click", () => {
      uiLanguage = button.dataset.uiLanguage;
      storage.write(localStorage, LANGUAGE_KEY, uiLanguage);
      applyLanguage();
    });
  }
  form.elements.namedItem("language").addEventListener("change", () => (scriptLanguageTouched = true));

  // --- jobs: what is stored (id, topic, language, when) and what the service told this page since it loaded ---

  const now = Date.now();
  let jobs = storage.read(localStorage, JOBS_KEY, []).filter(
    (job) => job && typeof job.id === "string" && typeof job.topic === "string" && now - job.createdAt < MAX_AGE_MS,
  );
  const live = new Map(); // job id -> { state, progress, stage, result, error }
  let selectedId = jobs.length > 0 ? jobs[0].id : null;

  const saveJobs = () => storage.write(localStorage, JOBS_KEY, jobs.slice(0, MAX_JOBS));
  const liveOf = (id) => {
    if (!live.has(id)) live.set(id, { state: "pending", progress: 0, stage: null, result: null, error: null });
    return live.get(id);
  };

  const renderJobs = () => {
    $("jobs-empty").hidden = jobs.length > 0;
    jobList.replaceChildren(
      ...jobs.map((job) => {
        const state = liveOf(job.id);
        const item = document.createElement("li");
        item.dataset.jobId = job.id;
        item.dataset.state = state.state;
        if (job.id === selectedId) item.setAttribute("aria-current", "true");

        const button = document.createElement("button");
        button.type = "button";
        const title = document.createElement("span");
        title.className = "job-title";
        title.textContent = state.result?.data?.title ?? job.topic;
        const meta = document.createElement("span");
        meta.className = "job-meta";
        const badge = document.createElement("span");
        badge.className = "job-state";
        badge.textContent = t("state_" + state.state);
        const time = document.createElement("time");
        time.dateTime = new Date(job.createdAt).toISOString();
        time.textContent = new Date(job.createdAt).toLocaleString(uiLanguage === "vi" ? "vi-VN" : "en-GB", {
          dateStyle: "short",
          timeStyle: "short",
        });
        meta.append(badge, time);
        button.append(title, meta);
        button.addEventListener("click", () => select(job.id));
        item.append(button);
        return item;
      }),
    );
  };

  const renderProgress = (state) => {
    progress.value = state ? state.progress : 0;
    stage.textContent = state?.stage ? `${t("stage_" + state.stage)} · ${state.progress}%` : "";
  };

  const renderSelected = () => {
    const job = jobs.find((j) => j.id === selectedId);
    if (!job) {
      renderProgress(null);
      const placeholder = document.createElement("p");
      placeholder.className = "placeholder";
      placeholder.textContent = t("resultPlaceholder");
      result.replaceChildren(placeholder);
      result.dataset.jobId = "";
      result.dataset.state = "empty";
      return;
    }
    const state = liveOf(job.id);
    renderProgress(state);
    if (state.result) {
      renderResult(state.result);
    } else if (state.state === "expired" || state.error) {
      renderNote(state.error ?? t("expired"), "error");
    } else {
      renderNote(t("waitingResult"), "waiting");
    }
  };

  const renderNote = (text, kind) => {
    const note = document.createElement("p");
    note.className = kind;
    note.textContent = text;
    result.replaceChildren(note);
    result.dataset.jobId = selectedId ?? "";
    result.dataset.state = kind;
  };

  // The script is plain text: "## " lines are headings, every other non-empty line a paragraph (docs/client-guide.md).
  const renderResult = (payload) => {
    result.dataset.jobId = payload.job_id;
    if (payload.status !== 201 || !payload.data) {
      renderNote(t("failed", { message: payload.error ?? "" }), "error");
      result.dataset.jobId = payload.job_id;
      return;
    }
    const { title, description, script, topic } = payload.data;
    const job = jobs.find((j) => j.id === payload.job_id);
    const header = document.createElement("header");
    const heading = document.createElement("h2");
    heading.textContent = title;
    const summary = document.createElement("p");
    summary.className = "description";
    summary.textContent = description;
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [
      `${t("topicLabel")}: ${topic}`,
      job?.language ? t("languageName_" + job.language) : null,
      new Date(payload.timestamp).toLocaleString(uiLanguage === "vi" ? "vi-VN" : "en-GB"),
    ]
      .filter(Boolean)
      .join(" · ");
    header.append(heading, summary, meta);

    const body = document.createElement("div");
    body.className = "script";
    for (const line of String(script).split("\n")) {
      const text = line.trim();
      if (!text) continue;
      const block = document.createElement(text.startsWith("## ") ? "h3" : "p");
      block.textContent = text.startsWith("## ") ? text.slice(3) : text;
      body.append(block);
    }
    result.replaceChildren(header, body);
    result.dataset.state = "succeeded";
  };

  const select = async (id) => {
    selectedId = id;
    renderJobs();
    renderSelected();
    const state = liveOf(id);
    // A job with nothing from the service yet (queued before the reload, or gone): ask for its state.
    if (!state.result && state.state === "pending") await refresh(id);
  };

  const refresh = async (id) => {
    try {
      const response = await fetch(`/api/scripts/${encodeURIComponent(id)}`, { headers: authHeaders() });
      const state = liveOf(id);
      if (response.status === 404) {
        state.state = "expired";
      } else if (response.ok) {
        const job = await response.json();
        if (job.result) return onResult(job.result);
        if (state.state === "pending") state.state = job.state;
      } else {
        return;
      }
      renderJobs();
      if (id === selectedId) renderSelected();
    } catch {
      // Offline for a moment: the list keeps what it knew.
    }
  };

  // --- the socket ---

  let token = storage.read(sessionStorage, TOKEN_KEY, "");
  const authHeaders = () => (token ? { Authorization: `Bearer ${token}` } : {});

  let connectionState = "connecting";
  let connectionDetail = "";
  const renderConnection = () => {
    connection.dataset.state = connectionState;
    connection.textContent = t(connectionState, { message: connectionDetail });
  };
  const setConnection = (state, detail = "") => {
    connectionState = state;
    connectionDetail = detail;
    renderConnection();
  };

  const showMessage = (text) => {
    message.textContent = text;
    message.hidden = !text;
  };

  const askForToken = () => {
    access.open = true;
    showMessage(t("authRequired"));
    tokenForm.elements.token.focus();
  };

  // The token is read on every connection attempt, so that one typed in later is used by the next. WebSocket first,
  // polling only where it fails: a refused socket closes its connection, and one closed in the middle of an upgrade
  // from polling makes the browser warn about a WebSocket closed before it was established.
  const socket = io({
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    auth: (send) => send(token ? { token } : {}),
  });
  let ready = null; // resolves once connection_ack said success on the current connection
  let markReady = () => {};
  const resetReady = () => (ready = new Promise((resolve) => (markReady = resolve)));
  resetReady();

  const register = async (id) => {
    const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("register", id);
    if (ack.status !== "success") throw new Error(ack.message);
  };

  // Every connection, a reconnection included, starts with connection_ack; registering every job again on each one is
  // what brings results back after a reload or a lost connection (the service replays finished jobs' results).
  socket.on("connection_ack", (ack) => {
    if (ack.status !== "success") {
      setConnection("refused", ack.message);
      return;
    }
    setConnection("connected");
    markReady();
    for (const job of jobs) {
      register(job.id).catch(() => {
        // Not registered (an invalid id from old storage, or no answer): the entry stays as it is.
      });
    }
  });

  socket.on("disconnect", (reason) => {
    resetReady();
    setConnection("disconnected");
    // The server ended the connection (shutting down, or full): socket.io-client does not reconnect on its own then.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 5000);
  });

  socket.on("connect_error", (error) => {
    if (/token/i.test(error.message)) {
      setConnection("refused", error.message);
      askForToken();
    } else if (!socket.active) {
      setConnection("refused", error.message);
    } else {
      setConnection("disconnected");
    }
  });

  socket.on("scriptProgress", (report) => {
    const state = liveOf(report.job_id);
    if (state.result || report.progress < state.progress) return;
    state.state = "running";
    state.progress = report.progress;
    state.stage = report.stage;
    if (report.job_id === selectedId) renderProgress(state);
    const item = jobList.querySelector(`li[data-job-id="${CSS.escape(report.job_id)}"]`);
    if (item && item.dataset.state !== "running") renderJobs();
  });

  const onResult = (payload) => {
    const state = liveOf(payload.job_id);
    state.result = payload;
    state.state = payload.status === 201 ? "succeeded" : "failed";
    state.progress = 100;
    state.stage = state.stage ?? "done";
    renderJobs();
    if (payload.job_id === selectedId) {
      renderProgress(state);
      renderResult(payload);
    }
  };
  socket.on("scriptResult", onResult);

  tokenForm.addEventListener("submit", (event) => {
    event.preventDefault();
    token = tokenForm.elements.token.value.trim();
    storage.write(sessionStorage, TOKEN_KEY, token);
    showMessage("");
    access.open = false;
    // A refused socket keeps its connection to the server and simply asks to join again; a connected one (a token
    // changed later) starts over, since the server checks the token when the socket joins.
    if (socket.connected) socket.disconnect();
    socket.connect();
  });

  // --- posting a job ---

  const within = (ms, promise) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

  const newJobId = () => {
    const random = new Uint8Array(6);
    crypto.getRandomValues(random);
    return `job_${Date.now()}_${Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  };

  const problemText = async (response) => {
    try {
      const problem = await response.json();
      const fields = Object.entries(problem.errors ?? {}).map(([field, errors]) => `${field}: ${[].concat(errors).join(" ")}`);
      return [problem.detail ?? problem.title, ...fields].filter(Boolean).join(" ");
    } catch {
      return response.statusText;
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showMessage("");
    // namedItem, not form.elements.length: that is the number of controls, not the field named "length".
    const field = (name) => form.elements.namedItem(name).value;
    const body = {
      topic: field("topic").trim(),
      audience: field("audience").trim() || null,
      style: field("style").trim() || null,
      sources: field("sources").split("\n").map((line) => line.trim()).filter(Boolean),
      language: field("language"),
      length: field("length"),
    };
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    const job = { id: newJobId(), topic: body.topic, language: body.language, createdAt: Date.now() };
    try {
      try {
        await within(ACK_TIMEOUT_MS, ready);
      } catch {
        showMessage(t("notConnected"));
        return;
      }

      jobs = [job, ...jobs].slice(0, MAX_JOBS);
      live.set(job.id, { state: "pending", progress: 0, stage: null, result: null, error: null });
      selectedId = job.id;
      renderJobs();
      renderSelected();

      // Register first, post once the registration is acknowledged: a fast job cannot finish unseen.
      try {
        await register(job.id);
      } catch (error) {
        forget(job.id);
        showMessage(t("registerFailed", { message: error.message }));
        return;
      }

      let response;
      try {
        response = await fetch("/api/scripts", {
          method: "POST",
          headers: { "Content-Type": "application/json", ...authHeaders() },
          body: JSON.stringify({ jobId: job.id, ...body }),
        });
      } catch (error) {
        forget(job.id);
        showMessage(t("networkFailed", { message: error.message }));
        return;
      }

      if (response.status !== 202) {
        const text = await problemText(response);
        forget(job.id);
        const retry = response.headers.get("Retry-After");
        showMessage([t("postFailed", { status: response.status, message: text }), retry ? t("retryAfter", { seconds: retry }) : ""].join(" ").trim());
        if (response.status === 401) askForToken();
        return;
      }

      saveJobs();
      const state = liveOf(job.id);
      if (state.state === "pending") state.state = "queued";
      renderJobs();
    } finally {
      submit.disabled = false;
    }
  });

  // A job the service did not take: off the list, and no longer registered.
  const forget = (id) => {
    jobs = jobs.filter((j) => j.id !== id);
    live.delete(id);
    if (selectedId === id) selectedId = jobs[0]?.id ?? null;
    socket.emit("unregister", id, () => {});
    saveJobs();
    renderJobs();
    renderSelected();
  };

  if (token) tokenForm.elements.token.value = token;
  saveJobs();
  applyLanguage();
})();
