/work/wt/h16a/bench/hello/target/release/hello: /work/wt/h16a/bench/hello/src/main.rs
