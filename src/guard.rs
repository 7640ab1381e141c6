//! The panic guard every per-document stage runs under (ingest, extraction, segmentation and the
//! model batches): a panic becomes a one-line message for that document's error record, printed
//! nowhere else, and the run goes on. Stack overflows cannot be caught; the stages are bounded so
//! that they cannot happen (`extract::nesting`, worker stacks in [`crate::runtime`]).

/// Runs `stage`; a panic inside it becomes `Err` with the panic's message (its first line, at
/// most 400 characters, libtorch's C++ backtrace left out).
pub fn catch<T>(stage: impl FnOnce() -> T) -> Result<T, String> {
    quiet_panics::install();
    let _quiet = quiet_panics::Guard::new();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(stage)).map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        first_line(&message)
    })
}

/// The first line of an error message, without libtorch's appended C++ exception, bounded.
pub fn first_line(message: &str) -> String {
    let line = message.split('\n').next().unwrap_or_default();
    let line = line.split("\\nException raised").next().unwrap_or_default();
    line.chars().take(400).collect()
}

/// Panics caught by [`catch`] become error records; printing them too would only alarm. Other
/// panics still go to the hook that was installed before.
mod quiet_panics {
    use std::cell::Cell;
    use std::sync::Once;

    thread_local! {
        static QUIET: Cell<u32> = const { Cell::new(0) };
    }

    pub(crate) fn install() {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if QUIET.with(Cell::get) == 0 {
                    previous(info);
                }
            }));
        });
    }

    pub struct Guard;

    impl Guard {
        pub fn new() -> Self {
            QUIET.with(|q| q.set(q.get() + 1));
            Guard
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            QUIET.with(|q| q.set(q.get() - 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_a_value_passes_through() {
        assert_eq!(catch(|| 7), Ok(7));
        let message = catch(|| -> u8 { panic!("index out of range\nsecond line") }).unwrap_err();
        assert_eq!(message, "index out of range");
        let formatted = catch(|| -> u8 { panic!("{} went wrong", "segmentation") }).unwrap_err();
        assert_eq!(formatted, "segmentation went wrong");
        assert_eq!(first_line("tch error\\nException raised from x"), "tch error");
    }
}
