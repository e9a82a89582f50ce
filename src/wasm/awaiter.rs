//! Awaiting many promises one after another with the same two callbacks. `JsFuture` makes two closures per await,
//! each registered with a FinalizationRegistry: with small reads that was the largest cost of a stream.

use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[derive(Default)]
struct Slot {
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

pub struct Awaiter {
    slot: Rc<RefCell<Slot>>,
    on_ok: Closure<dyn FnMut(JsValue)>,
    on_err: Closure<dyn FnMut(JsValue)>,
}

impl Awaiter {
    pub fn new() -> Awaiter {
        let slot = Rc::new(RefCell::new(Slot::default()));
        let settle = |slot: Rc<RefCell<Slot>>, ok: bool| {
            move |value: JsValue| {
                let mut slot = slot.borrow_mut();
                slot.result = Some(if ok { Ok(value) } else { Err(value) });
                if let Some(waker) = slot.waker.take() {
                    waker.wake();
                }
            }
        };
        Awaiter {
            on_ok: Closure::new(settle(slot.clone(), true)),
            on_err: Closure::new(settle(slot.clone(), false)),
            slot,
        }
    }

    /// Waits for `promise`. One wait at a time, each run to its end (the callers hold a read-in-flight flag), so
    /// a settlement always belongs to the current wait.
    pub async fn wait(&self, promise: &Promise) -> Result<JsValue, JsValue> {
        self.slot.borrow_mut().result = None;
        let _ = promise.then2(&self.on_ok, &self.on_err);
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
