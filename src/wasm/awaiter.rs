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
            // Only ever a promise's callback: the future is polled right here.
            move |value: JsValue| {
                let waker = {
                    let mut slot = slot.borrow_mut();
                    slot.attached = false;
                    slot.result = Some(if ok { Ok(value) } else { Err(value) });
                    slot.waker.take()
                };
                if let Some(waker) = waker {
                    super::executor::wake_now(waker);
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
                // Maybe inside a call into this module: the future resumes in a microtask.
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
