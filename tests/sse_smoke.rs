mod support;
use support::sse::*;

#[test]
fn smoke() {
    assert_stream("data: a\n\n", &[data("a")]);
    assert_stream("\u{feff}data: a\r\n\r\n:c\rretry: 5\n", &[data("a"), comment("c"), retry(5)]);
}
