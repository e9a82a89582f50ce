//! Awaiting many promises one after another with the same two callbacks. `JsFuture` makes two closures per await,
//! each registered with a FinalizationRegistry: with small reads that was the largest cost of a stream. A wait can
//! also be interrupted (by the request's abort), so that it ends even when the promise never settles.

use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Default)]
struct Slot {
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
    /// A promise holds the callbacks and has not called them yet (an interrupted wait's promise may settle later).
    attached: bool,
}

struct Callbacks {
    on_ok: Closure<dyn FnMut(JsValue)>,
    on_err: Closure<dyn FnMut(JsValue)>,
}

pub struct Awaiter {
    slot: Rc<RefCell<Slot>>,
    /// Always there until the drop, which may leave them to a promise still holding them.
    callbacks: Option<Callbacks>,
    on_interrupt: Closure<dyn FnMut()>,
}

impl Awaiter {
    pub fn new() -> Awaiter {
        let slot = Rc::new(RefCell::new(Slot::default()));
        let settle = |slot: Rc<RefCell<Slot>>, ok: bool| {
            move |value: JsValue| {
                let waker = {
                    let mut slot = slot.borrow_mut();
                    slot.attached = false;
                    slot.result = Some(if ok { Ok(value) } else { Err(value) });
                    slot.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
        };
        let interrupt = {
            let slot = slot.clone();
            move || {
                let waker = {
                    let mut slot = slot.borrow_mut();
                    let waker = slot.waker.take();
                    if waker.is_some() {
                        slot.result = Some(Err(JsValue::UNDEFINED));
                    }
                    waker
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
        };
        Awaiter {
            callbacks: Some(Callbacks {
                on_ok: Closure::new(settle(slot.clone(), true)),
                on_err: Closure::new(settle(slot.clone(), false)),
            }),
            on_interrupt: Closure::new(interrupt),
            slot,
        }
    }

    /// A function that ends the wait in progress (with an `undefined` rejection), for an abort listener.
    pub fn interrupter(&self) -> &js_sys::Function {
        self.on_interrupt.as_ref().unchecked_ref()
    }

    /// Waits for `promise`. One wait at a time, each run to its end (a request waits for one thing after another,
    /// and its stream holds a read-in-flight flag), so a settlement always belongs to the current wait; after an
    /// interruption there is no further wait (the request has ended), so the late settlement of the interrupted
    /// promise lands nowhere that matters.
    pub async fn wait(&self, promise: &Promise) -> Result<JsValue, JsValue> {
        let Some(callbacks) = &self.callbacks else { return Err(JsValue::UNDEFINED) };
        {
            let mut slot = self.slot.borrow_mut();
            debug_assert!(slot.waker.is_none(), "one wait at a time");
            slot.result = None;
            slot.attached = true;
        }
        let _ = promise.then2(&callbacks.on_ok, &callbacks.on_err);
        poll_fn(|cx| {
            let mut slot = self.slot.borrow_mut();
            match slot.result.take() {
                Some(result) => Poll::Ready(result),
                None => {
                    slot.waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

impl Drop for Awaiter {
    /// A promise whose wait was interrupted still holds the callbacks and will call them when it settles: they are
    /// left to it (a dropped closure called from a promise throws, an unhandled rejection).
    fn drop(&mut self) {
        if self.slot.borrow().attached {
            if let Some(callbacks) = self.callbacks.take() {
                callbacks.on_ok.forget();
                callbacks.on_err.forget();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use wasm_bindgen_futures::{future_to_promise, JsFuture};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A pending promise and the function that resolves it.
    fn pending() -> (Promise, js_sys::Function) {
        let mut resolve = JsValue::UNDEFINED.unchecked_into::<js_sys::Function>();
        let promise = Promise::new(&mut |ok, _| resolve = ok);
        (promise, resolve)
    }

    /// Lets the microtasks queued so far run.
    async fn turn() {
        let (timer, _) = super::super::glue::timer(0.0);
        let _ = JsFuture::from(timer).await;
    }

    #[wasm_bindgen_test]
    async fn waits_one_promise_after_another_with_the_same_callbacks() {
        let waits = Awaiter::new();
        for value in ["first", "second"] {
            assert_eq!(waits.wait(&Promise::resolve(&JsValue::from_str(value))).await.unwrap(), value);
        }
        let rejected = waits.wait(&Promise::reject(&JsValue::from_str("no"))).await;
        assert_eq!(rejected.unwrap_err(), "no");
    }

    #[wasm_bindgen_test]
    async fn an_abort_ends_a_wait_whose_promise_never_settles_and_not_under_the_aborting_call() {
        let (promise, _resolve) = pending();
        let (awaiter, past) = (Rc::new(Awaiter::new()), Rc::new(Cell::new(false)));
        let (waits, seen) = (awaiter.clone(), past.clone());
        let task = future_to_promise(async move {
            let result = waits.wait(&promise).await;
            seen.set(true);
            result
        });
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
    async fn an_awaiter_dropped_while_its_promise_is_pending_leaves_it_working_callbacks() {
        let (promise, resolve) = pending();
        let awaiter = Rc::new(Awaiter::new());
        let waits = awaiter.clone();
        let task = future_to_promise(async move { waits.wait(&promise).await });
        turn().await;
        awaiter.interrupter().call0(&JsValue::UNDEFINED).unwrap();
        assert!(JsFuture::from(task).await.unwrap_err().is_undefined());
        drop(awaiter);
        // The late settlement calls the callbacks the promise still holds: no "closure invoked after drop" throw.
        resolve.call1(&JsValue::UNDEFINED, &"late".into()).unwrap();
        turn().await;
    }
}
