//! Numbers as JavaScript writes them (`50`, `0.5`, `1e+21`, `NaN`, `Infinity`): in messages, for the people
//! reading them typed JavaScript values, and in JSON text, which must read as `JSON.stringify` would have written it.
//! Natively, the shortest round-trip digits come from ryu and are laid out by ECMAScript's Number::toString rules.
//! In the wasm build the JS engine, which is at hand and follows those rules by definition, writes them: the binding
//! layer hands the core its `String(n)` when the module starts (ryu and the layout would cost every user of the
//! package bytes: BENCHMARKS.md, "Figures behind the code").

use std::fmt;

/// The JS engine's `String(n)`, in the wasm build (set once, when the module starts).
#[cfg(target_arch = "wasm32")]
static ENGINE: std::sync::OnceLock<fn(f64) -> String> = std::sync::OnceLock::new();

/// Lets the JS engine write numbers (the binding layer calls this when the module starts).
#[cfg(target_arch = "wasm32")]
pub fn use_engine(layout: fn(f64) -> String) {
    let _ = ENGINE.set(layout);
}

#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        push_number(&mut out, self.0);
        f.write_str(&out)
    }
}

/// `n` as ECMAScript's Number::toString writes it, appended to `out`.
#[cfg(target_arch = "wasm32")]
pub fn push_number(out: &mut String, n: f64) {
    match ENGINE.get() {
        Some(layout) => out.push_str(&layout(n)),
        // Not reached: the module sets the engine before anything runs.
        None => push_i64(out, n as i64),
    }
}

/// `n` as ECMAScript's Number::toString writes it, appended to `out`.
#[cfg(not(target_arch = "wasm32"))]
pub fn push_number(out: &mut String, n: f64) {
    if n.is_nan() {
        return out.push_str("NaN");
    }
    if n < 0.0 {
        out.push('-');
    }
    if n.is_infinite() {
        return out.push_str("Infinity");
    }
    let mut buffer = ryu::Buffer::new();
    let shortest = buffer.format_finite(n.abs());
    // "1.25e-7", "1e16", "50.0": digits and the position of the decimal point.
    let (mantissa, exponent) = match shortest.split_once(['e', 'E']) {
        Some((m, e)) => (m, parse_exponent(e)),
        None => (shortest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut all = String::with_capacity(int.len() + frac.len());
    all.push_str(int);
    all.push_str(frac);
    let digits = all.trim_start_matches('0');
    let point = int.len() as i32 + exponent - (all.len() - digits.len()) as i32;
    let digits = digits.trim_end_matches('0');
    let k = digits.len() as i32;
    if k == 0 {
        return out.push('0');
    }
    let zeros = |out: &mut String, count: i32| (0..count).for_each(|_| out.push('0'));
    match point {
        p if k <= p && p <= 21 => {
            out.push_str(digits);
            zeros(out, p - k);
        }
        p if 0 < p && p <= 21 => {
            out.push_str(&digits[..p as usize]);
            out.push('.');
            out.push_str(&digits[p as usize..]);
        }
        p if -6 < p && p <= 0 => {
            out.push_str("0.");
            zeros(out, -p);
            out.push_str(digits);
        }
        p => {
            let e = p - 1;
            let (first, rest) = digits.split_at(1);
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            out.push_str(if e >= 0 { "e+" } else { "e-" });
            push_u64(out, u64::from(e.unsigned_abs()));
        }
    }
}

/// ryu's exponent: an optional minus sign and digits.
#[cfg(not(target_arch = "wasm32"))]
fn parse_exponent(text: &str) -> i32 {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(digits) => (-1, digits),
        None => (1, text.trim_start_matches('+')),
    };
    sign * digits.bytes().fold(0i32, |n, d| n * 10 + i32::from(d.wrapping_sub(b'0')))
}

/// An integer in decimal, appended to `out` (no `core::fmt`).
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Digits are ASCII.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

pub fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn numbers_read_as_javascript_writes_them() {
        let cases = [
            (50.0, "50"),
            (-1.0, "-1"),
            (-0.0, "0"),
            (0.5, "0.5"),
            (1.5e-7, "1.5e-7"),
            (2e-6, "0.000002"),
            (123.456, "123.456"),
            (1e15, "1000000000000000"),
            (1e16, "10000000000000000"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (n, text) in cases {
            assert_eq!(Num(n).to_string(), text, "{n:e}");
        }
    }
}
