// Saved chats, in the browser's IndexedDB: one record per chat ({ id, title, created, updated, model, messages }),
// the messages as the API takes them.
const DB = "siliconflow-wasm-demo";
const STORE = "chats";

let opened;

function db() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(mode, work) {
  const store = (await db()).transaction(STORE, mode).objectStore(STORE);
  return new Promise((resolve, reject) => {
    const request = work(store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every saved chat, newest first. */
export const listChats = async () => (await run("readonly", (store) => store.getAll())).sort((a, b) => b.updated - a.updated);
export const getChat = (id) => run("readonly", (store) => store.get(id));
export const putChat = (chat) => run("readwrite", (store) => store.put(chat));
export const deleteChat = (id) => run("readwrite", (store) => store.delete(id));
