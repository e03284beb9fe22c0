// Talks to the backend through the nginx /api/ proxy (same origin, so no CORS).
"use strict";

const api = (path, options = {}) =>
  fetch(`/api/v1${path}`, { headers: { "Content-Type": "application/json" }, ...options });

async function showInfo() {
  const response = await api("/info");
  if (response.ok) {
    const info = await response.json();
    document.getElementById("env").textContent = `${info.name} ${info.version} (${info.environment})`;
  }
}

async function showNotes() {
  const list = document.getElementById("notes");
  const response = await api("/notes");
  if (!response.ok) {
    document.getElementById("status").textContent = `backend answered ${response.status}`;
    return;
  }
  const { items } = await response.json();
  list.replaceChildren(
    ...items.map((note) => {
      const li = document.createElement("li");
      li.textContent = `${note.id}: ${note.text}`;
      return li;
    }),
  );
}

document.getElementById("new-note").addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = document.getElementById("note-id").value;
  const text = document.getElementById("note-text").value;
  const response = await api(`/notes/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify({ text }) });
  document.getElementById("status").textContent = response.ok ? "saved" : (await response.json()).detail;
  await showNotes();
});

showInfo();
showNotes();
