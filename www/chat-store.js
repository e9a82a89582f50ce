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

/** Runs `work(store)` in a transaction; resolves with its result once the transaction has committed. */
async function run(mode, work) {
  const transaction = (await db()).transaction(STORE, mode);
  return new Promise((resolve, reject) => {
    const request = work(transaction.objectStore(STORE));
    // A write is kept only when its transaction completes (a full disk fails it at the commit).
    transaction.oncomplete = () => resolve(request.result);
    transaction.onabort = transaction.onerror = () => reject(transaction.error ?? request.error);
  });
}

/** Every saved chat, newest first. */
export const listChats = async () => (await run("readonly", (store) => store.getAll())).sort((a, b) => b.updated - a.updated);
export const getChat = (id) => run("readonly", (store) => store.get(id));
export const putChat = (chat) => run("readwrite", (store) => store.put(chat));
export const deleteChat = (id) => run("readwrite", (store) => store.delete(id));
