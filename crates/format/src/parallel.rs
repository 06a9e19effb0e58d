//! Independent work spread over every core: reading and parsing thousands of
//! articles, and normalising and tokenising them for search, is most of the
//! time a bundle build (or a check or search of a large folder) takes.

/// The length of a run that gives each core one run of `len` items.
fn run_length(len: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    len.div_ceil(cores).max(1)
}

/// The workers' results in order; a worker's panic goes on in this thread.
fn joined<R>(workers: Vec<std::thread::ScopedJoinHandle<'_, R>>) -> Vec<R> {
    workers
        .into_iter()
        .map(|worker| {
            worker
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
        .collect()
}

/// `f` over `items` on every core, results in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let run = run_length(items.len());
    std::thread::scope(|scope| {
        let workers = items
            .chunks(run)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        joined(workers).into_iter().flatten().collect()
    })
}

/// `f` over one run of `items` per core, each run with the index of its
/// first item and free to change its items; results in order.
pub fn runs_mut<T: Send, R: Send>(
    items: &mut [T],
    f: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    let run = run_length(items.len());
    std::thread::scope(|scope| {
        let f = &f;
        let workers = items
            .chunks_mut(run)
            .enumerate()
            .map(|(i, part)| scope.spawn(move || f(i * run, part)))
            .collect();
        joined(workers)
    })
}
