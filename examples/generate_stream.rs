//! Writes a seeded SiliconFlow-style stream and the completion it must accumulate to, for the benchmarks:
//! `cargo run --release --example generate_stream -- <seed> <bytes> <out.sse>` (also writes `<out>.json`).

#[path = "../tests/support/mod.rs"]
mod support;

use support::generate::{generate, Spec};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [seed, bytes, out] = args.as_slice() else {
        eprintln!("usage: generate_stream <seed> <bytes> <out.sse>");
        std::process::exit(2);
    };
    let spec = Spec::realistic(seed.parse().expect("seed"), bytes.parse().expect("bytes"));
    let generated = generate(&spec);
    std::fs::write(out, &generated.sse).expect("write stream");
    std::fs::write(format!("{out}.json"), generated.expected.to_string()).expect("write completion");
    eprintln!("{out}: {} bytes, {} chunks", generated.sse.len(), generated.chunks);
}
