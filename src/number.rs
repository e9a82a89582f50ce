//! Numbers in messages, written as JavaScript writes them (`50`, `0.5`, `NaN`, `Infinity`): the people reading
//! them typed JavaScript values, and Rust would write `inf` and `50` as `50` but `1e21` as twenty-two digits.

use std::fmt;

#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        if n.is_nan() {
            f.write_str("NaN")
        } else if n.is_infinite() {
            f.write_str(if n > 0.0 { "Infinity" } else { "-Infinity" })
        } else if n.fract() == 0.0 && n.abs() < 1e15 {
            write!(f, "{}", n as i64)
        } else {
            match serde_json::Number::from_f64(n) {
                Some(number) => write!(f, "{number}"),
                None => f.write_str("NaN"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn numbers_read_as_in_javascript() {
        let cases = [
            (50.0, "50"),
            (-1.0, "-1"),
            (0.5, "0.5"),
            (1.25e-7, "1.25e-7"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
        ];
        for (n, text) in cases {
            assert_eq!(Num(n).to_string(), text);
        }
        assert_eq!(Num(-0.0).to_string(), "0");
    }
}
