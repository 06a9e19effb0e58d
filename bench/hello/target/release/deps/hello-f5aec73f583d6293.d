/work/wt/h16a/bench/hello/target/release/deps/hello-f5aec73f583d6293.d: src/main.rs

/work/wt/h16a/bench/hello/target/release/deps/hello-f5aec73f583d6293: src/main.rs

src/main.rs:
