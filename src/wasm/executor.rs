//! The futures behind the promises this module returns. They run here, not on wasm-bindgen-futures, whose
//! executor polls a woken future only from its queue, a microtask later. A future is polled first, and after most
//! wake-ups, in the next microtask (one for every task queued). When a promise it waits on (`Awaiter`) settles, it
//! is polled at once, in that promise's callback: for a stream, one microtask and two crossings into wasm less per
//! read (reading a stream in small reads got 2-4 % faster, BENCHMARKS.md).
//!
//! Polling there is safe because a settled promise's callback runs from the microtask queue, with no call into
//! this module on the stack and so nothing borrowed; a wake-up while a future is being polled (a framework that
//! runs promise callbacks inside an event listener, which an abort fires) waits for its microtask all the same, as
//! does every other wake-up (an abort, which JS fires while a call into this module may be on the stack).

// Wakers hold an `Rc`: sound only where there is one thread.
#[cfg(target_feature = "atomics")]
compile_error!("the executor's wakers are not thread-safe: build without the atomics target feature");

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Boxed = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

struct Task {
    /// `None` once it has finished.
    future: RefCell<Option<Boxed>>,
    resolve: Function,
    reject: Function,
    /// A poll is queued (more wake-ups before it need no other).
    queued: Cell<bool>,
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &Function);
}

thread_local! {
    /// The next wake-up comes from a settled promise's callback (see `wake_now`).
    static AT_ONCE: Cell<bool> = const { Cell::new(false) };
    /// A future is being polled.
    static POLLING: Cell<bool> = const { Cell::new(false) };
    /// The tasks to poll in the next microtask, and whether it is queued: one callback for every task (a closure
    /// per wake-up would be one more allocation and registration per chunk for `for await`).
    static QUEUE: RefCell<VecDeque<Rc<Task>>> = const { RefCell::new(VecDeque::new()) };
    static QUEUED: Cell<bool> = const { Cell::new(false) };
    static RUN_QUEUE: Closure<dyn FnMut()> = Closure::new(run_queue);
}

/// Polls the tasks queued before this microtask (those queued meanwhile get the next one).
fn run_queue() {
    QUEUED.set(false);
    for _ in 0..QUEUE.with_borrow(VecDeque::len) {
        let Some(task) = QUEUE.with_borrow_mut(VecDeque::pop_front) else { return };
        task.run();
    }
}

/// The promise of `future`, which starts in a microtask.
pub fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let mut resolve = JsValue::UNDEFINED.unchecked_into::<Function>();
    let mut reject = resolve.clone();
    // The executor runs at once.
    let promise = Promise::new(&mut |ok, err| (resolve, reject) = (ok, err));
    let task = Task { future: RefCell::new(Some(Box::pin(future))), resolve, reject, queued: Cell::new(false) };
    Rc::new(task).schedule();
    promise
}

/// Wakes `waker` from the callback of a settled promise: its future is polled now, before this returns.
pub fn wake_now(waker: Waker) {
    AT_ONCE.set(true);
    waker.wake();
    AT_ONCE.set(false);
}

impl Task {
    fn wake(self: Rc<Self>) {
        if AT_ONCE.replace(false) && !POLLING.get() {
            self.run();
        } else {
            self.schedule();
        }
    }

    fn schedule(self: Rc<Self>) {
        if !self.queued.replace(true) {
            QUEUE.with_borrow_mut(|queue| queue.push_back(self));
            if !QUEUED.replace(true) {
                RUN_QUEUE.with(|run| queue_microtask(run.as_ref().unchecked_ref()));
            }
        }
    }

    fn run(self: Rc<Self>) {
        self.queued.set(false);
        let Ok(mut slot) = self.future.try_borrow_mut() else {
            // Being polled further up the stack (a defence: neither a microtask nor `wake_now` polls there).
            return self.schedule();
        };
        let Some(future) = slot.as_mut() else { return };
        let waker = waker(&self);
        let outer = POLLING.replace(true);
        let poll = future.as_mut().poll(&mut Context::from_waker(&waker));
        POLLING.set(outer);
        let Poll::Ready(result) = poll else { return };
        *slot = None;
        drop(slot);
        let _ = match result {
            Ok(value) => self.resolve.call1(&JsValue::UNDEFINED, &value),
            Err(error) => self.reject.call1(&JsValue::UNDEFINED, &error),
        };
    }
}

// A waker is an `Rc<Task>`. `Waker` promises it may be sent to other threads, which wasm without atomics does
// not have.
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

fn waker(task: &Rc<Task>) -> Waker {
    // SAFETY: the pointer comes from `Rc::into_raw` and the vtable keeps its count (one per waker).
    unsafe { Waker::from_raw(RawWaker::new(Rc::into_raw(task.clone()).cast(), &VTABLE)) }
}

unsafe fn clone(task: *const ()) -> RawWaker {
    // SAFETY: `task` is a live waker's `Rc<Task>`, whose count this clone takes one more of.
    unsafe { Rc::increment_strong_count(task.cast::<Task>()) };
    RawWaker::new(task, &VTABLE)
}

unsafe fn wake(task: *const ()) {
    // SAFETY: waking consumes the waker and its count.
    Task::wake(unsafe { Rc::from_raw(task.cast::<Task>()) });
}

unsafe fn wake_by_ref(task: *const ()) {
    // SAFETY: the waker lives on; the count taken here is the one `wake` consumes.
    unsafe { Rc::increment_strong_count(task.cast::<Task>()) };
    Task::wake(unsafe { Rc::from_raw(task.cast::<Task>()) });
}

unsafe fn drop_waker(task: *const ()) {
    // SAFETY: dropping the waker gives back its count.
    drop(unsafe { Rc::from_raw(task.cast::<Task>()) });
}

#[cfg(test)]
mod tests {
    use super::super::awaiter::Awaiter;
    use super::*;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A future waiting on its own promise (`resolve` settles it), and whether it got past the wait.
    fn waiting() -> (Rc<Awaiter>, Function, Rc<Cell<bool>>, Promise) {
        let mut resolve = JsValue::UNDEFINED.unchecked_into::<Function>();
        let promise = Promise::new(&mut |ok, _| resolve = ok);
        let (awaiter, past) = (Rc::new(Awaiter::new()), Rc::new(Cell::new(false)));
        let (waits, seen) = (awaiter.clone(), past.clone());
        let task = self::promise(async move {
            let result = waits.wait(&promise).await;
            seen.set(true);
            result
        });
        (awaiter, resolve, past, task)
    }

    /// Lets the microtasks queued so far run.
    async fn turn() {
        let (timer, _) = super::super::glue::timer(0.0);
        let _ = JsFuture::from(timer).await;
    }

    /// What a microtask queued right after the settlement sees.
    async fn seen_by_the_next_microtask(past: &Rc<Cell<bool>>) -> bool {
        let (past, seen) = (past.clone(), Rc::new(Cell::new(None)));
        let record = seen.clone();
        let look = Closure::new(move |_: JsValue| record.set(Some(past.get())));
        JsFuture::from(Promise::resolve(&JsValue::UNDEFINED).then(&look)).await.unwrap();
        seen.get().unwrap()
    }

    #[wasm_bindgen_test]
    async fn a_settled_wait_resumes_its_future_in_the_promise_callback_not_a_microtask_later() {
        let (_awaiter, resolve, past, task) = waiting();
        turn().await;
        assert!(!past.get(), "still waiting before the promise settles");
        resolve.call1(&JsValue::UNDEFINED, &"read".into()).unwrap();
        assert!(seen_by_the_next_microtask(&past).await, "resumed before the next microtask");
        assert_eq!(JsFuture::from(task).await.unwrap(), "read");
    }

    #[wasm_bindgen_test]
    async fn an_interruption_from_inside_a_call_resumes_the_future_only_from_the_queue() {
        let (awaiter, _resolve, past, task) = waiting();
        turn().await;
        // An abort listener runs inside whatever call fired the abort: the future must not run under it.
        let controller = web_sys::AbortController::new().unwrap();
        controller.signal().add_event_listener_with_callback("abort", awaiter.interrupter()).unwrap();
        controller.abort();
        assert!(!past.get(), "not resumed under the aborting call");
        assert!(JsFuture::from(task).await.unwrap_err().is_undefined(), "ended with the interruption");
        assert!(past.get());
    }

    #[wasm_bindgen_test]
    async fn a_future_ending_in_the_callback_may_drop_the_awaiter_that_is_calling_it() {
        let mut resolve = JsValue::UNDEFINED.unchecked_into::<Function>();
        let promise = Promise::new(&mut |ok, _| resolve = ok);
        let token = Rc::new(());
        let held = token.clone();
        let task = self::promise(async move {
            let _held = held;
            let waits = Awaiter::new();
            waits.wait(&promise).await
        });
        turn().await;
        resolve.call1(&JsValue::UNDEFINED, &"read".into()).unwrap();
        assert_eq!(JsFuture::from(task).await.unwrap(), "read");
        assert_eq!(Rc::strong_count(&token), 1, "the finished future is dropped");
    }

    #[wasm_bindgen_test]
    fn a_waker_holds_one_count_of_its_task_and_waking_gives_it_back() {
        let nothing = JsValue::UNDEFINED.unchecked_into::<Function>();
        // Already queued: waking does not schedule (nothing to poll here).
        let task = Rc::new(Task {
            future: RefCell::new(None),
            resolve: nothing.clone(),
            reject: nothing,
            queued: Cell::new(true),
        });
        let first = waker(&task);
        assert_eq!(Rc::strong_count(&task), 2);
        let second = first.clone();
        assert_eq!(Rc::strong_count(&task), 3);
        second.wake_by_ref();
        assert_eq!(Rc::strong_count(&task), 3);
        second.wake();
        assert_eq!(Rc::strong_count(&task), 2);
        drop(first);
        assert_eq!(Rc::strong_count(&task), 1);
    }

    #[wasm_bindgen_test]
    async fn a_settlement_callback_run_inside_a_poll_leaves_its_future_to_a_microtask() {
        let (stored, polls) = (Rc::new(RefCell::new(None::<Waker>)), Rc::new(Cell::new(0)));
        let (keep, count) = (stored.clone(), polls.clone());
        let other = self::promise(std::future::poll_fn(move |cx| {
            count.set(count.get() + 1);
            if count.get() > 1 {
                return Poll::Ready(Ok(JsValue::UNDEFINED));
            }
            *keep.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }));
        turn().await;
        assert_eq!(polls.get(), 1);
        let seen = polls.clone();
        let polling = self::promise(async move {
            // As when a framework runs promise callbacks inside an event listener that this poll set off.
            wake_now(stored.borrow_mut().take().unwrap());
            Ok(JsValue::from(seen.get()))
        });
        assert_eq!(JsFuture::from(polling).await.unwrap().as_f64(), Some(1.0), "not polled inside another poll");
        JsFuture::from(other).await.unwrap();
        assert_eq!(polls.get(), 2, "polled from its microtask");
    }
}
