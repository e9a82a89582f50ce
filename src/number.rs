//! Numbers in messages, written as JavaScript writes them (`50`, `0.5`, `1e+21`, `NaN`, `Infinity`): the people
//! reading them typed JavaScript values. The shortest round-trip digits come from serde_json (linked anyway);
//! they are laid out by ECMAScript's Number::toString rules.

use std::fmt;

#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        if n.is_nan() {
            return f.write_str("NaN");
        }
        if n < 0.0 {
            f.write_str("-")?;
        }
        if n.is_infinite() {
            return f.write_str("Infinity");
        }
        let Some(shortest) = serde_json::Number::from_f64(n.abs()).map(|n| n.to_string()) else {
            return f.write_str("NaN");
        };
        // "1.25e-7", "1e16", "50.0": digits and the position of the decimal point.
        let (mantissa, exponent) = match shortest.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
            None => (shortest.as_str(), 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = format!("{int}{frac}");
        let digits = all.trim_start_matches('0');
        let point = int.len() as i32 + exponent - (all.len() - digits.len()) as i32;
        let digits = digits.trim_end_matches('0');
        let k = digits.len() as i32;
        if k == 0 {
            return f.write_str("0");
        }
        match point {
            p if k <= p && p <= 21 => write!(f, "{digits}{}", "0".repeat((p - k) as usize)),
            p if 0 < p && p <= 21 => write!(f, "{}.{}", &digits[..p as usize], &digits[p as usize..]),
            p if -6 < p && p <= 0 => write!(f, "0.{}{digits}", "0".repeat(-p as usize)),
            p => {
                let e = p - 1;
                let sign = if e >= 0 { '+' } else { '-' };
                match digits.split_at(1) {
                    (first, "") => write!(f, "{first}e{sign}{}", e.abs()),
                    (first, rest) => write!(f, "{first}.{rest}e{sign}{}", e.abs()),
                }
            }
        }
    }
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
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (n, text) in cases {
            assert_eq!(Num(n).to_string(), text, "{n:e}");
        }
    }
}
