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
    // One item or none is this thread's work: asking for the cores reads
    // the cgroup files, and a thread costs more than the item.
    if items.len() < 2 {
        return items.iter().map(f).collect();
    }
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
    if items.len() < 2 {
        // As `map`: no threads for one run; none for no items.
        return match items.is_empty() {
            true => Vec::new(),
            false => vec![f(0, items)],
        };
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_their_order_for_none_one_and_many_items() {
        for len in [0usize, 1, 2, 7, 1000] {
            let items: Vec<usize> = (0..len).collect();
            assert_eq!(
                map(&items, |n| n * 2),
                (0..len).map(|n| n * 2).collect::<Vec<_>>()
            );
            let mut items = items;
            let starts = runs_mut(&mut items, |start, run| {
                run.iter_mut().for_each(|n| *n += 1);
                start
            });
            assert_eq!(items, (1..=len).collect::<Vec<_>>());
            assert_eq!(starts.is_empty(), len == 0);
            assert_eq!(starts.first().copied().unwrap_or(0), 0);
        }
    }
}
